"""Lifecycle of an advice appointment (« RDV CNM »)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class BookingStatus(models.TextChoices):
    CONFIRME = "confirme", _("Confirmé")
    ANNULE_PERSONNE = "annule_personne", _("Annulé par la personne")
    ANNULE_CNM = "annule_cnm", _("Annulé par le CNM")
    DEPLACE = "deplace", _("Déplacé sur un autre créneau")
    EFFECTUE = "effectue", _("Effectué")
    ABSENT = "absent", _("Absent")


B = BookingStatus

# A booking in one of these statuses holds its slot (the unique constraint's condition).
HOLDING = (B.CONFIRME, B.EFFECTUE, B.ABSENT)
CANCELLED = (B.ANNULE_PERSONNE, B.ANNULE_CNM, B.DEPLACE)


def _person_deadline(booking) -> list[str]:
    """The person cancels or moves until 24 h before the start (rules.change_errors)."""
    from rdv import rules

    return rules.change_errors(start=booking.slot.start, now=timezone.now())


def _not_started(booking) -> list[str]:
    if booking.slot.start <= timezone.now():
        return [str(_("Le rendez-vous a commencé : il ne peut plus être annulé."))]
    return []


def _started(booking) -> list[str]:
    if booking.slot.start > timezone.now():
        return [str(_("Le rendez-vous n'a pas encore eu lieu."))]
    return []


booking_flow = Workflow(
    name="rdv_booking",
    initial=B.CONFIRME,
    transitions={
        # the person cancels or moves (until 24 h before), the CNM cancels (until the start),
        # the adviser records what happened (once it started)
        B.CONFIRME: {B.ANNULE_PERSONNE, B.DEPLACE, B.ANNULE_CNM, B.EFFECTUE, B.ABSENT},
        # a wrong record is corrected by the adviser
        B.EFFECTUE: {B.ABSENT},
        B.ABSENT: {B.EFFECTUE},
    },
    guards={
        (B.CONFIRME, B.ANNULE_PERSONNE): [_person_deadline],
        (B.CONFIRME, B.DEPLACE): [_person_deadline],
        (B.CONFIRME, B.ANNULE_CNM): [_not_started],
        (B.CONFIRME, B.EFFECTUE): [_started],
        (B.CONFIRME, B.ABSENT): [_started],
    },
)
