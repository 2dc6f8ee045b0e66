"""The audit log: every service records who did what."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cnm_portal.models import AuditEntry


def actor_label(actor: Any) -> str:
    """How an actor is remembered even after the account is deleted."""
    if actor is None:
        return "Système"
    full_name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    email = getattr(actor, "email", "")
    return f"{full_name} <{email}>".strip() if full_name else (email or str(actor))


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        data=data or {},
    )
