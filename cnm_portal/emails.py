"""E-mails leave through the outbox: rendered when the change happens, sent after commit."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template import Context
from django.template.loader import get_template

from cnm_portal.models import OutboxMessage
from cnm_portal.outbox import current_message_id, outbox_enqueue, outbox_handler

EMAIL_KIND = "email"
MESSAGE_ID_DOMAIN = "monespace.cnm.fr"


def message_id_header() -> dict[str, str]:
    """The same Message-ID on every attempt of one outbox message: if a worker dies between the
    SMTP hand-over and its commit, the replay is recognisable as the same e-mail (and dropped
    by the mail servers and clients that deduplicate on Message-ID)."""
    current = current_message_id()
    if current is None:
        return {}
    return {"Message-ID": f"<outbox-{current[0]}@{MESSAGE_ID_DOMAIN}>"}


def email_enqueue(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Sequence[dict[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    """Queue an e-mail. ``attachments`` are ``{"path": storage path, "filename", "mimetype"}``;
    ``headers`` are extra headers (e.g. ``List-Unsubscribe``; the Message-ID is the outbox's)."""
    subject = " ".join(subject.split())
    return outbox_enqueue(
        EMAIL_KIND,
        {
            "to": list(to),
            "subject": subject,
            "body": body,
            "html": html,
            "attachments": list(attachments),
            "headers": dict(headers or {}),
        },
    )


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template: no HTML escaping (« d'identité » stays as typed)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def email_enqueue_template(
    *,
    to: Sequence[str],
    template_prefix: str,
    context: dict[str, Any],
    attachments: Sequence[dict[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    """Render ``<prefix>_subject.txt`` and ``<prefix>_message.txt`` and queue them."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_text(
        f"{template_prefix}_subject.txt", context
    )
    body = render_text(f"{template_prefix}_message.txt", context)
    return email_enqueue(
        to=to, subject=subject, body=body, attachments=attachments, headers=headers
    )


@outbox_handler(EMAIL_KIND)
def send_email(payload: dict[str, Any]) -> None:
    from django.core.files.storage import default_storage

    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        headers={**payload.get("headers", {}), **message_id_header()},
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    for attachment in payload.get("attachments", []):
        with default_storage.open(attachment["path"], "rb") as fh:
            message.attach(attachment["filename"], fh.read(), attachment["mimetype"])
    database_alive()
    message.send()


def database_alive() -> None:
    """One round-trip in the outbox transaction just before the SMTP hand-over: if the database
    went away while the e-mail was built (a restart), the attempt fails *before* sending and the
    retry sends it once, instead of sending now and failing to record it. What remains is the
    hand-over itself up to the commit (milliseconds), covered by the stable Message-ID."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
