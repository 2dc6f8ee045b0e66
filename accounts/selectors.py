"""Reads for the individual-account pages."""

from allauth.account.models import EmailAddress

from accounts.models import User


def pending_email_change(*, user: User) -> EmailAddress | None:
    """The new address waiting for verification, if the person asked to change it."""
    return (
        EmailAddress.objects.filter(user=user, verified=False, primary=False)
        .order_by("-pk")
        .first()
    )
