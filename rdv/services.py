"""Every write of the appointments: booking, cancelling, moving, staff records, slot series
and the daily reminders. Atomic, row-locked where a slot is taken, audited, e-mails through the
outbox."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from cnm_portal.audit import audit_record
from espace_pro.selectors import structures_for_user
from rdv import notifications, rules, selectors
from rdv.choices import encode_topics
from rdv.models import Adviser, Booking, Slot
from rdv.workflow import HOLDING, B, booking_flow


def _taken_error() -> ValidationError:
    return ValidationError(
        {
            "slot": _(
                "Ce créneau vient d'être réservé par une autre personne : choisissez-en un autre."
            )
        },
        code="taken",
    )


def _lock_free_slot(slot_id: int, *, topic: str, now: dt.datetime) -> Slot:
    """The slot, row-locked: published, in the future, offering the topic and held by nobody.
    The lock makes two people booking at once wait for each other; the unique constraint is the
    last line if a path forgot the lock."""
    slot = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("adviser")
        .filter(pk=slot_id)
        .first()
    )
    if (
        slot is None
        or not slot.adviser.active
        or not rules.bookable(start=slot.start, published=slot.published, now=now)
    ):
        raise ValidationError(
            {"slot": _("Ce créneau n'est plus proposé : choisissez-en un autre.")},
            code="unavailable",
        )
    if topic not in slot.topic_list:
        raise ValidationError({"topic": _("Ce sujet n'est pas proposé sur ce créneau.")})
    if Booking.objects.filter(slot=slot, status__in=HOLDING).exists():
        raise _taken_error()
    return slot


def _create(*, slot, user, topic, description, structure, token, moved_from=None) -> Booking:
    try:
        with transaction.atomic():
            return Booking.objects.create(
                slot=slot,
                user=user,
                for_structure=structure,
                topic=topic,
                description=description,
                token=token,
                moved_from=moved_from,
            )
    except IntegrityError as error:
        if token and Booking.objects.filter(user=user, token=token).exists():
            raise ValidationError(
                _("Cette réservation a déjà été envoyée."), code="duplicate"
            ) from error
        raise _taken_error() from error


def _check_description(description: str) -> str:
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Décrivez votre projet en quelques lignes.")})
    if len(description) > rules.DESCRIPTION_MAX:
        raise ValidationError(
            {
                "description": _("La description ne doit pas dépasser %(n)s caractères.")
                % {"n": rules.DESCRIPTION_MAX}
            }
        )
    return description


def booking_create(
    *,
    slot_id: int,
    user,
    topic: str,
    description: str,
    structure=None,
    token: uuid.UUID | None = None,
    actor,
) -> Booking:
    """Book a free slot. The same ``token`` posted twice gives back the first booking."""
    description = _check_description(description)
    if token is not None:
        existing = Booking.objects.filter(user=user, token=token).first()
        if existing is not None:
            return existing
    if (
        structure is not None
        and not structures_for_user(user=user).filter(pk=structure.pk).exists()
    ):
        raise ValidationError({"structure": _("Vous n'êtes pas membre de cette structure.")})
    with transaction.atomic():
        now = timezone.now()
        # the person's row lock: two bookings of one person at once cannot both pass the cap
        User.objects.select_for_update().filter(pk=user.pk).first()
        upcoming = Booking.objects.filter(user=user, status=B.CONFIRME, slot__start__gt=now).count()
        errors = rules.upcoming_errors(upcoming)
        if errors:
            raise ValidationError(errors, code="cap")
        slot = _lock_free_slot(slot_id, topic=topic, now=now)
        booking = _create(
            slot=slot,
            user=user,
            topic=topic,
            description=description,
            structure=structure,
            token=token,
        )
        booking_flow.start(booking, actor=actor)
        audit_record(actor=actor, action="rdv.booking_create", target=booking)
        notifications.notify_booked(booking)
    return booking


def booking_cancel(*, booking: Booking, actor, by_cnm: bool = False, reason: str = "") -> Booking:
    """The person (until 24 h before) or the CNM (until the start) cancels; the calendar
    object is cancelled with a higher SEQUENCE."""
    to = B.ANNULE_CNM if by_cnm else B.ANNULE_PERSONNE
    with transaction.atomic():
        booking = booking_flow.apply(
            booking,
            to,
            actor=actor,
            comment=reason,
            updates={"sequence": booking.sequence + 1, "cancel_reason": reason},
        )
        booking = Booking.objects.select_related("slot__adviser", "user", "for_structure").get(
            pk=booking.pk
        )
        audit_record(actor=actor, action="rdv.booking_cancel", target=booking, data={"to": to})
        notifications.notify_cancelled(booking, by_cnm=by_cnm)
    return booking


def booking_move(*, booking: Booking, slot_id: int, actor) -> Booking:
    """One transaction: the old booking is « déplacé », the new slot booked with the same
    topic, structure and description (if the new slot was just taken, nothing changes)."""
    if slot_id == booking.slot_id:
        raise ValidationError({"slot": _("Choisissez un autre créneau que celui du rendez-vous.")})
    with transaction.atomic():
        old = booking_flow.apply(
            booking, B.DEPLACE, actor=actor, updates={"sequence": booking.sequence + 1}
        )
        slot = _lock_free_slot(slot_id, topic=old.topic, now=timezone.now())
        new = _create(
            slot=slot,
            user=old.user,
            topic=old.topic,
            description=old.description,
            structure=old.for_structure,
            token=None,
            moved_from=old,
        )
        booking_flow.start(
            new, actor=actor, comment=_("Déplacé depuis le RDV n° %(n)s") % {"n": old.pk}
        )
        old = Booking.objects.select_related("slot__adviser", "user").get(pk=old.pk)
        audit_record(actor=actor, action="rdv.booking_move", target=new, data={"from": old.pk})
        notifications.notify_moved(old, new)
    return new


def booking_record(*, booking: Booking, to: str, actor, comment: str = "") -> Booking:
    """The adviser records that the appointment took place, or that the person was absent."""
    if to not in (B.EFFECTUE, B.ABSENT):
        raise ValueError(to)
    booking = booking_flow.apply(booking, to, actor=actor, comment=comment)
    audit_record(actor=actor, action="rdv.booking_record", target=booking, data={"to": to})
    return booking


def on_account_deleted(*, user) -> None:
    """Account deletion hook: the person's upcoming appointments go with the account (cascade),
    their slots become free again; each adviser is told, inside the deletion's transaction."""
    upcoming = Booking.objects.filter(
        user=user, status=B.CONFIRME, slot__start__gt=timezone.now()
    ).select_related("slot__adviser", "user", "for_structure")
    for booking in upcoming:
        notifications.notify_adviser_account_deleted(booking)


# --- slots (staff) ---------------------------------------------------------------------------


def overlap_error(conflicts) -> ValidationError:
    shown = ", ".join(f"{timezone.localtime(slot.start):%d/%m/%Y %H:%M}" for slot in conflicts[:5])
    return ValidationError(
        _("Ce conseiller a déjà un créneau à ces heures : %(list)s.") % {"list": shown},
        code="overlap",
    )


BOOKED_SLOT_MESSAGE = _lazy(
    "Ce créneau est réservé : annulez d'abord le rendez-vous (la personne en est prévenue) "
    "avant d'en changer l'heure, la durée ou le conseiller."
)


def slot_save(*, slot: Slot, actor) -> Slot:
    """Create or change one slot; refused if it overlaps another slot of the adviser, or if it
    is booked and its time, adviser or topics would change under the person's feet."""
    with transaction.atomic():
        Adviser.objects.select_for_update().get(pk=slot.adviser_id)  # serialise per adviser
        if slot.pk:
            before = Slot.objects.get(pk=slot.pk)
            held = Booking.objects.filter(slot=slot, status__in=HOLDING).exists()
            changed = (before.start, before.duration, before.adviser_id) != (
                slot.start,
                slot.duration,
                slot.adviser_id,
            )
            if held and changed:
                raise ValidationError(str(BOOKED_SLOT_MESSAGE))
        conflicts = selectors.overlapping_slots(
            adviser=slot.adviser, starts=[slot.start], minutes=slot.duration, exclude=slot.pk
        )
        if conflicts:
            raise overlap_error(conflicts)
        slot.save()
        audit_record(actor=actor, action="rdv.slot_save", target=slot)
    return slot


def slot_create_series(
    *,
    adviser: Adviser,
    first_day: dt.date,
    last_day: dt.date,
    weekdays: list[int],
    times: list[dt.time],
    duration: int,
    mode: str,
    topics: list[str],
    location: str = "",
    published: bool = True,
    actor,
) -> list[Slot]:
    """« Créer des créneaux »: all the slots of the series or none (no overlap allowed)."""
    if last_day < first_day:
        raise ValidationError({"last_day": _("La date de fin précède la date de début.")})
    starts = rules.series_starts(
        first_day=first_day, last_day=last_day, weekdays=weekdays, times=times
    )
    if not starts:
        raise ValidationError({"weekdays": _("Aucun jour choisi ne tombe dans cette période.")})
    if len(starts) > rules.SERIES_MAX_SLOTS:
        raise ValidationError(
            _("Une série compte au plus %(n)s créneaux : réduisez la période.")
            % {"n": rules.SERIES_MAX_SLOTS}
        )
    if rules.series_overlaps(starts, duration):
        raise ValidationError(
            {"times": _("Deux heures de la série sont plus proches que la durée d'un créneau.")}
        )
    if starts[0] <= timezone.now():
        raise ValidationError({"first_day": _("Les créneaux doivent commencer dans le futur.")})
    with transaction.atomic():
        Adviser.objects.select_for_update().get(pk=adviser.pk)
        conflicts = selectors.overlapping_slots(adviser=adviser, starts=starts, minutes=duration)
        if conflicts:
            raise overlap_error(conflicts)
        stored = encode_topics(topics)
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    adviser=adviser,
                    start=start,
                    duration=duration,
                    mode=mode,
                    location=location,
                    topics=stored,
                    published=published,
                )
                for start in starts
            ]
        )
        audit_record(
            actor=actor,
            action="rdv.slot_series",
            target=adviser,
            data={"count": len(slots), "from": str(first_day), "to": str(last_day)},
        )
    return slots


def slot_set_published(*, slots, published: bool, actor) -> int:
    changed = Slot.objects.filter(pk__in=[s.pk for s in slots]).update(published=published)
    audit_record(actor=actor, action="rdv.slot_publish", data={"count": changed, "on": published})
    return changed


# --- daily job -------------------------------------------------------------------------------


def reminders_send(*, on: dt.date | None = None) -> int:
    """Reminder e-mail for every confirmed appointment of the next day; the ``reminded_at``
    marker, set by a conditional UPDATE, makes a second run send nothing."""
    from cnm_portal.dates import today

    day = rules.reminder_day(on or today())
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    due = Booking.objects.filter(
        status=B.CONFIRME,
        reminded_at__isnull=True,
        slot__start__gte=start,
        slot__start__lt=end,
    ).select_related("slot__adviser", "user", "for_structure")
    sent = 0
    for booking in due.iterator(chunk_size=200):
        with transaction.atomic():
            marked = Booking.objects.filter(
                pk=booking.pk, status=B.CONFIRME, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if marked:
                notifications.notify_reminder(booking)
                sent += 1
    return sent
