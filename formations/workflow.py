"""Lifecycles of a training session and of a person's inscription."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class SessionStatus(models.TextChoices):
    OUVERTE = "ouverte", _("Ouverte")
    ANNULEE = "annulee", _("Annulée")
    TERMINEE = "terminee", _("Terminée")


class InscriptionStatus(models.TextChoices):
    CONFIRMEE = "confirmee", _("Confirmée")
    EN_ATTENTE = "en_attente", _("En liste d'attente")
    ANNULEE_PERSONNE = "annulee_personne", _("Annulée par la personne")
    ANNULEE_CNM = "annulee_cnm", _("Annulée par le CNM")
    NON_RETENUE = "non_retenue", _("Liste d'attente close")
    PRESENTE = "presente", _("Présente")
    ABSENTE = "absente", _("Absente")


S = SessionStatus
IS = InscriptionStatus

# An inscription in one of these statuses counts for « one per person and session ».
LIVE = (IS.CONFIRMEE, IS.EN_ATTENTE)
# …and in these it takes a seat.
SEATED = (IS.CONFIRMEE, IS.PRESENTE, IS.ABSENTE)


def _session_not_started(session) -> list[str]:
    if session.start <= timezone.now():
        return [str(_("La session a commencé : elle ne peut plus être annulée."))]
    return []


def _session_ended(session) -> list[str]:
    if session.end > timezone.now():
        return [str(_("La session n'est pas encore terminée."))]
    return []


session_flow = Workflow(
    name="formations_session",
    initial=S.OUVERTE,
    transitions={S.OUVERTE: {S.ANNULEE, S.TERMINEE}},
    guards={
        (S.OUVERTE, S.ANNULEE): [_session_not_started],
        (S.OUVERTE, S.TERMINEE): [_session_ended],
    },
)


def _person_deadline(inscription) -> list[str]:
    """A confirmed person cancels until the session's delay (rules.cancel_errors)."""
    from formations import rules

    session = inscription.session
    return rules.cancel_errors(
        start=session.start, delay_days=session.cancellation_delay_days, now=timezone.now()
    )


def _not_started(inscription) -> list[str]:
    if inscription.session.start <= timezone.now():
        return [str(_("La session a commencé : l'inscription ne peut plus être annulée."))]
    return []


def _started(inscription) -> list[str]:
    if inscription.session.start > timezone.now():
        return [str(_("La session n'a pas encore commencé."))]
    return []


inscription_flow = Workflow(
    name="formations_inscription",
    initial=IS.CONFIRMEE,
    other_initials=frozenset({IS.EN_ATTENTE}),
    transitions={
        # the person cancels until the delay, the CNM until the start; attendance once started
        IS.CONFIRMEE: {IS.ANNULEE_PERSONNE, IS.ANNULEE_CNM, IS.PRESENTE, IS.ABSENTE},
        # a waiting person moves up when a seat frees, leaves the list, or the list closes
        IS.EN_ATTENTE: {IS.CONFIRMEE, IS.ANNULEE_PERSONNE, IS.ANNULEE_CNM, IS.NON_RETENUE},
        # a wrong attendance record is corrected
        IS.PRESENTE: {IS.ABSENTE},
        IS.ABSENTE: {IS.PRESENTE},
    },
    guards={
        (IS.CONFIRMEE, IS.ANNULEE_PERSONNE): [_person_deadline],
        (IS.CONFIRMEE, IS.ANNULEE_CNM): [_not_started],
        (IS.CONFIRMEE, IS.PRESENTE): [_started],
        (IS.CONFIRMEE, IS.ABSENTE): [_started],
        (IS.EN_ATTENTE, IS.CONFIRMEE): [_not_started],
        (IS.EN_ATTENTE, IS.ANNULEE_PERSONNE): [_not_started],
    },
)
