"""Lifecycles of a declaration and of an avis des sommes à payer (loi 2003-1312 art. 76)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


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


notice_flow = Workflow(
    name="avis_sommes_a_payer",
    initial=N.A_PAYER,
    other_initials=frozenset({N.RETENU}),
    guards={(N.A_PAYER, N.TITRE): [_titre_without_reminder_only_after_control]},
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

rectification_flow = Workflow(
    name="rectification_taxe",
    initial=R.NOTIFIEE,
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

mise_en_demeure_flow = Workflow(
    name="mise_en_demeure",
    initial=M.ENVOYEE,
    transitions={M.ENVOYEE: {M.REGULARISEE, M.TAXEE}},
)
