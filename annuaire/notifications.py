"""E-mails to the people who manage an entry, queued in the outbox inside the transaction of the
move (workflow effects): every member of the structure, or the person registered."""

from django.urls import reverse

from cnm_portal.emails import email_enqueue_template
from espace_pro.models import Membership

PREFIX = "annuaire/email/"
KINDS = ("submitted", "published", "correction", "refused", "withdrawn")


def recipients(entry) -> list[str]:
    if entry.person_id:
        return [entry.person.email]
    emails = Membership.objects.filter(structure_id=entry.structure_id).values_list(
        "user__email", flat=True
    )
    return sorted(set(emails))


def notify(entry, kind: str, *, comment: str = "") -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    context = {
        "entry": entry,
        "comment": comment,
        "manage_path": reverse("annuaire:manage", args=[entry.pk]),
        "public_path": reverse("annuaire:entry", args=[entry.pk]),
    }
    for email in recipients(entry):  # one e-mail each: members do not see each other's address
        email_enqueue_template(to=[email], template_prefix=PREFIX + kind, context=context)
