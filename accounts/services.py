"""Writes on individual accounts."""

from django.db import transaction

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.emails import email_enqueue_template


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
        user.delete()
        email_enqueue_template(
            to=[email],
            template_prefix="accounts/email/account_deleted",
            context={"full_name": full_name},
        )
