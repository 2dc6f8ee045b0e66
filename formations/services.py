"""Every write of the training catalogue: inscriptions (seats never oversold: the session row
is locked), cancellations that move the waiting list up in the same transaction, staff records,
session saves and cancellations, and the daily job. Audited, e-mails through the outbox."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnm_portal.audit import audit_record
from espace_pro.selectors import structures_for_user
from formations import notifications, rules, selectors
from formations.documents import convocation_enqueue
from formations.models import Inscription, Session
from formations.workflow import IS, LIVE, SEATED, S, inscription_flow, session_flow


def _lock_session(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("module")
        .filter(pk=session_id)
        .first()
    )


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _("Vous êtes déjà inscrit(e) à cette session : retrouvez-la dans « Mes inscriptions »."),
        code="duplicate",
    )


def inscription_create(
    *, session_id: int, user, structure=None, token: uuid.UUID | None = None, actor
) -> Inscription:
    """Register the person: a seat if one is left, else the waiting list. The same ``token``
    posted twice gives back the first inscription; the session row lock makes two people
    asking for the last seat wait for each other."""
    if token is not None:
        existing = Inscription.objects.filter(user=user, token=token).first()
        if existing is not None:
            return existing
    if (
        structure is not None
        and not structures_for_user(user=user).filter(pk=structure.pk).exists()
    ):
        raise ValidationError({"structure": _("Vous n'êtes pas membre de cette structure.")})
    with transaction.atomic():
        session = _lock_session(session_id)
        if session is None or not selectors.is_open_for_inscription(session):
            raise ValidationError(
                _("Cette session n'est plus ouverte aux inscriptions."), code="closed"
            )
        if Inscription.objects.filter(session=session, user=user, status__in=LIVE).exists():
            raise _duplicate_error()
        taken = Inscription.objects.filter(session=session, status__in=SEATED).count()
        full = rules.is_full(seats=session.seats, taken=taken)
        try:
            with transaction.atomic():
                inscription = Inscription.objects.create(
                    session=session,
                    user=user,
                    for_structure=structure,
                    token=token,
                    status=IS.EN_ATTENTE if full else IS.CONFIRMEE,
                    confirmed_at=None if full else timezone.now(),
                )
        except IntegrityError as error:
            raise _duplicate_error() from error
        inscription_flow.start(inscription, actor=actor)
        audit_record(
            actor=actor,
            action="formations.inscription_create",
            target=inscription,
            data={"status": inscription.status},
        )
        if full:
            notifications.notify_waiting(inscription, rank=selectors.waiting_rank(inscription))
        else:
            convocation_enqueue(inscription)
    return inscription


def _promote(session: Session, *, actor) -> list[Inscription]:
    """Under the session lock: the first waiting people take the free seats, in order."""
    if not selectors.is_open_for_inscription(session):
        return []
    promoted = []
    taken = Inscription.objects.filter(session=session, status__in=SEATED).count()
    free = rules.seats_left(seats=session.seats, taken=taken)
    queue = Inscription.objects.filter(session=session, status=IS.EN_ATTENTE).order_by(
        "created_at", "pk"
    )
    for waiting in list(queue[:free]):
        waiting = inscription_flow.apply(
            waiting,
            IS.CONFIRMEE,
            actor=actor,
            comment=_("Place libérée : inscription confirmée depuis la liste d'attente."),
            updates={"confirmed_at": timezone.now()},
        )
        audit_record(actor=actor, action="formations.inscription_promote", target=waiting)
        convocation_enqueue(waiting, promoted=True)
        promoted.append(waiting)
    return promoted


def inscription_cancel(
    *, inscription: Inscription, actor, by_cnm: bool = False, reason: str = ""
) -> Inscription:
    """The person (until the session's delay) or the CNM (until the start) cancels; a seat
    freed goes to the first waiting person in the same transaction."""
    to = IS.ANNULEE_CNM if by_cnm else IS.ANNULEE_PERSONNE
    with transaction.atomic():
        session = _lock_session(inscription.session_id)  # session first, as inscription_create
        before = Inscription.objects.get(pk=inscription.pk).status
        inscription = inscription_flow.apply(
            inscription, to, actor=actor, comment=reason, updates={"cancel_reason": reason}
        )
        audit_record(
            actor=actor, action="formations.inscription_cancel", target=inscription, data={"to": to}
        )
        inscription = Inscription.objects.select_related("session__module", "user").get(
            pk=inscription.pk
        )
        notifications.notify_cancelled(inscription, by_cnm=by_cnm)
        if before in SEATED:
            _promote(session, actor=actor)
    return inscription


def inscription_record(*, inscription: Inscription, to: str, actor, comment: str = ""):
    """Staff record the attendance once the session has started."""
    if to not in (IS.PRESENTE, IS.ABSENTE):
        raise ValueError(to)
    inscription = inscription_flow.apply(inscription, to, actor=actor, comment=comment)
    audit_record(
        actor=actor, action="formations.inscription_record", target=inscription, data={"to": to}
    )
    return inscription


# --- sessions (staff) --------------------------------------------------------------------------


def session_save(*, session: Session, actor) -> Session:
    """Create or change a session; seats may not fall below the confirmed inscriptions, and
    seats added go to the waiting list at once."""
    errors = rules.session_errors(
        start=session.start,
        end=session.end,
        online=session.online,
        place=session.place,
        link=session.link,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = session.pk is None
        before = None
        if not creating:
            before = _lock_session(session.pk)
            taken = Inscription.objects.filter(session=session, status__in=SEATED).count()
            if session.seats < taken:
                raise ValidationError(
                    {
                        "seats": _(
                            "%(n)s personnes sont déjà inscrites : annulez des inscriptions avant "
                            "de réduire les places."
                        )
                        % {"n": taken}
                    }
                )
        session.save()
        if creating:
            session_flow.start(session, actor=actor)
        else:
            if _practical_details(before) != _practical_details(session):
                _tell_live_people(session)
            _promote(session, actor=actor)
        audit_record(actor=actor, action="formations.session_save", target=session)
    return session


def _practical_details(session: Session) -> tuple:
    return (session.start, session.end, session.online, session.place, session.link)


def _tell_live_people(session: Session) -> None:
    """The dates or the place changed: confirmed people get a new convocation (re-rendered by
    the worker), waiting people an e-mail with the new details."""
    live = Inscription.objects.filter(session=session, status__in=LIVE).select_related(
        "user", "session__module"
    )
    for inscription in live.order_by("pk"):
        if inscription.status == IS.CONFIRMEE:
            if inscription.convocation_pdf:
                Inscription.objects.filter(pk=inscription.pk).update(convocation_pdf="")
            convocation_enqueue(inscription, changed=True)
        else:
            notifications.notify_changed_waiting(inscription)


def session_cancel(*, session: Session, actor, reason: str) -> Session:
    """The CNM cancels a session: every live inscription is cancelled and its person told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif, il est envoyé aux inscrits.")})
    with transaction.atomic():
        session = session_flow.apply(
            session, S.ANNULEE, actor=actor, comment=reason, updates={"cancel_reason": reason}
        )
        live = Inscription.objects.filter(session=session, status__in=LIVE).order_by("pk")
        for inscription in live.select_related("user", "session__module"):
            inscription_flow.apply(
                inscription,
                IS.ANNULEE_CNM,
                actor=actor,
                comment=reason,
                updates={"cancel_reason": reason},
            )
            notifications.notify_cancelled(inscription, by_cnm=True, session_cancelled=True)
        audit_record(actor=actor, action="formations.session_cancel", target=session)
    return session


# --- daily job ---------------------------------------------------------------------------------


def reminders_send(*, on: dt.date | None = None) -> int:
    """Reminder e-mail for every confirmed inscription of a session starting the next day; the
    ``reminded_at`` marker, set by a conditional UPDATE, makes a second run send nothing."""
    from cnm_portal.dates import today

    day = rules.reminder_window(on or today())
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    due = Inscription.objects.filter(
        status=IS.CONFIRMEE,
        reminded_at__isnull=True,
        session__status=S.OUVERTE,
        session__start__gte=start,
        session__start__lt=start + dt.timedelta(days=1),
    ).select_related("session__module", "user")
    sent = 0
    for inscription in due.iterator(chunk_size=200):
        with transaction.atomic():
            marked = Inscription.objects.filter(
                pk=inscription.pk, status=IS.CONFIRMEE, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if marked:
                notifications.notify_reminder(inscription)
                sent += 1
    return sent


def waiting_lists_close(*, now: dt.datetime | None = None, session=None) -> int:
    """Once a session has started nobody moves up any more: the people still waiting are told
    that the list is closed. A second run finds nobody waiting."""
    now = now or timezone.now()
    waiting = Inscription.objects.filter(
        status=IS.EN_ATTENTE, session__start__lte=now
    ).select_related("session__module", "user")
    if session is not None:
        waiting = waiting.filter(session=session)
    closed = 0
    for inscription in waiting.iterator(chunk_size=200):
        with transaction.atomic():
            try:
                inscription = inscription_flow.apply(
                    inscription,
                    IS.NON_RETENUE,
                    actor=None,
                    comment=_("La session a commencé sans qu'une place se libère."),
                )
            except ValidationError:
                continue  # moved meanwhile
            notifications.notify_waiting_closed(inscription)
            closed += 1
    return closed


def sessions_finish(*, now: dt.datetime | None = None, session=None) -> int:
    """Sessions whose end has passed become « terminée » (no more inscriptions, history kept)."""
    now = now or timezone.now()
    finished = 0
    ended = Session.objects.filter(status=S.OUVERTE, end__lte=now).order_by("pk")
    if session is not None:
        ended = ended.filter(pk=session.pk)
    for found in ended:
        try:
            session_flow.apply(found, S.TERMINEE, actor=None)
        except ValidationError:
            continue
        finished += 1
    return finished


def daily_run(*, on: dt.date | None = None) -> dict[str, int]:
    return {
        "rappels": reminders_send(on=on),
        "listes_closes": waiting_lists_close(),
        "sessions_terminees": sessions_finish(),
    }
