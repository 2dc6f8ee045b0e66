"""Lifecycles of a declaration and of an avis des sommes à payer (loi 2003-1312 art. 76)."""

from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from cnm_portal.dates import format_date_fr, today
from cnm_portal.workflow import Workflow
from taxe import rules


class DeclarationStatus(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    COPRODUCTION = "coproduction", _("En attente de signature des coproducteurs")
    DEPOSEE = "deposee", _("Déposée, à liquider")
    EN_REVUE = "en_revue", _("Retenue pour examen")
    LIQUIDEE = "liquidee", _("Liquidée")
    NON_TAXABLE = "non_taxable", _("Sans taxe due")


D = DeclarationStatus

declaration_flow = Workflow(
    name="declaration_taxe",
    initial=D.BROUILLON,
    transitions={
        D.BROUILLON: {D.COPRODUCTION, D.DEPOSEE},
        # the split counts only once every party signed (RGA art. 46)
        D.COPRODUCTION: {D.DEPOSEE, D.BROUILLON},
        # within 15 days: the batch liquidates, an instructor may hold it for review
        D.DEPOSEE: {D.LIQUIDEE, D.EN_REVUE, D.NON_TAXABLE},
        D.EN_REVUE: {D.DEPOSEE},
        # a rectification of a declaration recorded without tax (art. 76 VIII al. 2)
        D.NON_TAXABLE: {D.LIQUIDEE},
    },
)


class NoticeStatus(models.TextChoices):
    RETENU = "retenu", _("Sous le seuil de 80 € : pas de paiement demandé à ce stade")
    A_PAYER = "a_payer", _("À payer")
    PAYE = "paye", _("Payé")
    RELANCE = "relance", _("Relancé, majoré de 10 %")
    TITRE = "titre", _("Titre exécutoire émis")
    NON_RECOUVRE = "non_recouvre", _("Non recouvré (moins de 80 € sur l'année)")


N = NoticeStatus


def _titre_without_reminder_only_after_control(notice) -> list[str]:
    """Art. 76 VIII al. 4: after a rectification or a taxation d'office, the titre follows the
    30-day delay directly; an ordinary avis goes through the reminder first (VII)."""
    if notice.kind == "liquidation":
        return ["Un avis de liquidation passe d'abord par la lettre de rappel (article 76 VII)."]
    return []


def _titre_date_reached(notice) -> list[str]:
    """Art. 76 VII and VIII al. 4: the titre only once the delay the redevable has is over."""
    issuable = notice_titre_date(notice)
    if issuable is None or today() < issuable:
        return [
            gettext_now("Le titre exécutoire ne peut pas encore être émis (%(when)s).")
            % {"when": _titre_delay_text(notice, issuable)}
        ]
    return []


def notice_titre_date(notice):
    """First day a titre may be issued for ``notice`` (None: its delay has not started)."""
    if notice.kind == "rectification":
        return rectification_titre_date(notice.rectification)
    if notice.kind == "taxation_office":
        received = notice.mise_en_demeure.notification_received_on
        return rules.titre_date_after_taxation_office(received) if received else None
    if notice.reminder_received_on:
        return rules.titre_date_after_reminder(notice.reminder_received_on)
    return None


def _titre_delay_text(notice, issuable) -> str:
    if issuable is not None:
        return gettext_now("à partir du %(date)s") % {"date": format_date_fr(issuable)}
    if notice.kind == "liquidation":
        return gettext_now("trente jours après la réception de la lettre de rappel, à saisir")
    return gettext_now("trente jours après la réception par le redevable, à saisir")


def _payment_deadline_passed(notice) -> list[str]:
    """Art. 76 VII: the reminder is for a late payment, from the day after the due date."""
    if notice.due_on is None or notice.due_on >= today():
        return [gettext_now("La date limite de paiement n'est pas dépassée.")]
    return []


notice_flow = Workflow(
    name="avis_sommes_a_payer",
    initial=N.A_PAYER,
    other_initials=frozenset({N.RETENU}),
    guards={
        (N.A_PAYER, N.RELANCE): [_payment_deadline_passed],
        (N.A_PAYER, N.TITRE): [_titre_without_reminder_only_after_control, _titre_date_reached],
        (N.RELANCE, N.TITRE): [_titre_date_reached],
    },
    transitions={
        # held below the yearly threshold, released when the year total reaches 80 €, or
        # settled as not recovered at year end (art. 76 VI)
        N.RETENU: {N.A_PAYER, N.NON_RECOUVRE},
        N.A_PAYER: {N.PAYE, N.RELANCE, N.TITRE},
        # after the deadline: registered reminder with +10 %; 30 days after its receipt: titre
        N.RELANCE: {N.PAYE, N.TITRE},
        N.TITRE: {N.PAYE},
    },
)


class RectificationStatus(models.TextChoices):
    NOTIFIEE = "notifiee", _("Notifiée : observations possibles sous 30 jours")
    OBSERVATIONS = "observations", _("Observations reçues, réponse à apporter")
    REPONDUE = "repondue", _("Réponse motivée envoyée")
    CLOSE = "close", _("Titre exécutoire émis")


R = RectificationStatus


def rectification_titre_date(rectification):
    """Art. 76 VIII al. 4: 30 days after the answer is received or, without observations, once
    the 30 days for observations are over (None: the receipt is not recorded yet)."""
    if rectification.answer_received_on:
        return rules.titre_date_after_rectification(
            notification_received_on=rectification.received_on or rectification.notified_on,
            answer_received_on=rectification.answer_received_on,
        )
    if rectification.observations_at is None and rectification.received_on:
        return rules.titre_date_after_rectification(
            notification_received_on=rectification.received_on
        )
    return None


def _observations_in_time(rectification) -> list[str]:
    """Art. 76 VIII al. 2: observations within 30 days of receipt (the last day included)."""
    if rectification.received_on is None:
        return []
    deadline = rules.observations_deadline(rectification.received_on)
    if today() > deadline:
        return [
            gettext_now(
                "Le délai de trente jours pour présenter des observations a expiré le %(d)s."
            )
            % {"d": format_date_fr(deadline)}
        ]
    return []


def _rectification_titre_date_reached(rectification) -> list[str]:
    issuable = rectification_titre_date(rectification)
    if issuable is None or today() < issuable:
        when = (
            gettext_now("à partir du %(date)s") % {"date": format_date_fr(issuable)}
            if issuable
            else gettext_now("la date de réception est à saisir")
        )
        return [
            gettext_now(
                "Le titre exécutoire suit la fin du délai d'observations ou la réponse motivée "
                "(article 76 VIII) : %(when)s."
            )
            % {"when": when}
        ]
    if rectification.notice.status == NoticeStatus.RETENU:
        return [gettext_now("Les droits sont sous le seuil annuel de 80 € : rien à recouvrer.")]
    return []


def _answer_received(rectification) -> list[str]:
    if rectification.answer_received_on is None:
        return [gettext_now("Saisissez d'abord la date de réception de la réponse motivée.")]
    return []


rectification_flow = Workflow(
    name="rectification_taxe",
    initial=R.NOTIFIEE,
    guards={
        (R.NOTIFIEE, R.OBSERVATIONS): [_observations_in_time],
        (R.NOTIFIEE, R.CLOSE): [_rectification_titre_date_reached],
        (R.REPONDUE, R.CLOSE): [_answer_received, _rectification_titre_date_reached],
    },
    transitions={
        R.NOTIFIEE: {R.OBSERVATIONS, R.CLOSE},
        R.OBSERVATIONS: {R.REPONDUE},
        R.REPONDUE: {R.CLOSE},
    },
)


class MiseEnDemeureStatus(models.TextChoices):
    ENVOYEE = "envoyee", _("Mise en demeure envoyée")
    REGULARISEE = "regularisee", _("Régularisée par une déclaration")
    TAXEE = "taxee", _("Taxation d'office notifiée")


M = MiseEnDemeureStatus


def _regularisation_delay_over(med) -> list[str]:
    """Art. 76 VIII al. 3: taxation d'office only without regularisation within 30 days."""
    if med.received_on is None:
        return [gettext_now("Saisissez d'abord la date de réception de la mise en demeure.")]
    possible = rules.taxation_office_possible_from(med.received_on)
    if today() < possible:
        return [
            gettext_now(
                "Le redevable peut régulariser jusqu'au %(last)s : taxation d'office possible à "
                "partir du %(date)s."
            )
            % {
                "last": format_date_fr(rules.regularisation_deadline(med.received_on)),
                "date": format_date_fr(possible),
            }
        ]
    return []


def _no_declaration_filed(med) -> list[str]:
    """Art. 76 VIII al. 3: a declaration filed meanwhile for the representation regularises it."""
    from taxe.selectors import declaration_filed_for

    if declaration_filed_for(
        structure_id=med.structure_id, representation_date=med.representation_date
    ):
        return [
            gettext_now(
                "Une déclaration a été déposée pour cette représentation : enregistrez la "
                "régularisation au lieu de taxer d'office."
            )
        ]
    return []


mise_en_demeure_flow = Workflow(
    name="mise_en_demeure",
    initial=M.ENVOYEE,
    guards={(M.ENVOYEE, M.TAXEE): [_regularisation_delay_over, _no_declaration_filed]},
    transitions={M.ENVOYEE: {M.REGULARISEE, M.TAXEE}},
)
