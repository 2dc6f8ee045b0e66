"""E-mails of the job ads, queued in the outbox inside the service's transaction."""

from cnm_portal.emails import email_enqueue_template

PREFIX = "annonces/email/"


def notify_author(ad, step: str, **extra) -> None:
    """One e-mail to the author per step: submitted, published, changes asked, refused,
    closed."""
    email_enqueue_template(
        to=[ad.user.email],
        template_prefix=PREFIX + step,
        context={"ad": ad, **extra},
    )
