"""Writes on individual accounts."""

from collections.abc import Callable

from django.db import transaction

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.emails import email_enqueue_template

_deletion_hooks: list[Callable[..., None]] = []


def register_account_deletion_hook(hook: Callable[..., None]) -> None:
    """``hook(user=)`` runs in the deletion's transaction, before the rows cascade: a later app
    releases what the database cascade cannot (files in storage)."""
    if hook not in _deletion_hooks:
        _deletion_hooks.append(hook)


def user_delete(*, user: User, actor: User) -> None:
    """Delete an individual account (never a structure or its data).

    Memberships of espaces professionnels are removed with the account (they cascade);
    structures, declarations and dossiers stay with their structure.
    """
    email = user.email
    full_name = user.get_full_name()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="compte.suppression",
            target=user,
            data={"email": email, "nom": full_name},
        )
        for hook in _deletion_hooks:
            hook(user=user)
        user.delete()
        email_enqueue_template(
            to=[email],
            template_prefix="accounts/email/account_deleted",
            context={"full_name": full_name},
        )
