"""E-mails of the training catalogue, queued in the outbox inside the service's transaction."""

from cnm_portal.emails import email_enqueue_template

PREFIX = "formations/email/"


def _context(inscription, **extra) -> dict:
    session = inscription.session
    return {"inscription": inscription, "session": session, "module": session.module, **extra}


def notify_confirmed(
    inscription, *, promoted: bool, attachment: dict, changed: bool = False
) -> None:
    name = "changed" if changed else "promoted" if promoted else "confirmed"
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + name,
        context=_context(inscription),
        attachments=[attachment],
    )


def notify_changed_waiting(inscription) -> None:
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + "changed",
        context=_context(inscription),
    )


def notify_waiting(inscription, *, rank: int) -> None:
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + "waiting",
        context=_context(inscription, rank=rank),
    )


def notify_cancelled(inscription, *, by_cnm: bool, session_cancelled: bool = False) -> None:
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + ("session_cancelled" if session_cancelled else "cancelled"),
        context=_context(inscription, by_cnm=by_cnm),
    )


def notify_waiting_closed(inscription) -> None:
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + "waiting_closed",
        context=_context(inscription),
    )


def notify_reminder(inscription) -> None:
    email_enqueue_template(
        to=[inscription.user.email],
        template_prefix=PREFIX + "reminder",
        context=_context(inscription),
    )
