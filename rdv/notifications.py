"""E-mails of the appointments, queued in the outbox inside the service's transaction. The
person's e-mails carry the .ics file (stored privately, attached by the outbox e-mail)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cnm_portal.emails import email_enqueue_template
from rdv import ics

PREFIX = "rdv/email/"


def ics_attachment(booking, method: str) -> dict[str, str]:
    text = ics.booking_ics(booking, method=method)
    name = ics.filename(booking, method)
    path = default_storage.save(
        f"rdv/ics/{uuid.uuid4().hex}/{name}", ContentFile(text.encode("utf-8"))
    )
    return {"path": path, "filename": name, "mimetype": f"text/calendar; method={method}"}


def _context(booking, **extra) -> dict:
    return {"booking": booking, "slot": booking.slot, "adviser": booking.slot.adviser, **extra}


def notify_booked(booking) -> None:
    email_enqueue_template(
        to=[booking.user.email],
        template_prefix=PREFIX + "booked",
        context=_context(booking),
        attachments=[ics_attachment(booking, "REQUEST")],
    )
    email_enqueue_template(
        to=[booking.slot.adviser.email],
        template_prefix=PREFIX + "adviser_booked",
        context=_context(booking),
    )


def notify_cancelled(booking, *, by_cnm: bool) -> None:
    email_enqueue_template(
        to=[booking.user.email],
        template_prefix=PREFIX + "cancelled",
        context=_context(booking, by_cnm=by_cnm),
        attachments=[ics_attachment(booking, "CANCEL")],
    )
    email_enqueue_template(
        to=[booking.slot.adviser.email],
        template_prefix=PREFIX + "adviser_cancelled",
        context=_context(booking, by_cnm=by_cnm),
    )


def notify_moved(old, new) -> None:
    email_enqueue_template(
        to=[new.user.email],
        template_prefix=PREFIX + "moved",
        context=_context(new, old=old),
        attachments=[ics_attachment(old, "CANCEL"), ics_attachment(new, "REQUEST")],
    )
    advisers = {old.slot.adviser.email, new.slot.adviser.email}
    for email in sorted(advisers):
        email_enqueue_template(
            to=[email],
            template_prefix=PREFIX + "adviser_moved",
            context=_context(new, old=old),
        )


def notify_reminder(booking) -> None:
    email_enqueue_template(
        to=[booking.user.email],
        template_prefix=PREFIX + "reminder",
        context=_context(booking),
        attachments=[ics_attachment(booking, "REQUEST")],
    )


def notify_adviser_account_deleted(booking) -> None:
    email_enqueue_template(
        to=[booking.slot.adviser.email],
        template_prefix=PREFIX + "adviser_cancelled",
        context=_context(booking, by_cnm=False, account_deleted=True),
    )
