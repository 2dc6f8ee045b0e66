"""Lifecycle of an affiliation (RGA art. 1)."""

from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from affiliation import rules
from cnm_portal.dates import today
from cnm_portal.workflow import Workflow


class AffiliationStatus(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMISE = "soumise", _("En cours d'instruction")
    INCOMPLETE = "incomplete", _("Incomplète : pièces ou informations manquantes")
    VALIDEE = "validee", _("Affiliée")
    REFUSEE = "refusee", _("Refusée")
    ANNULEE = "annulee", _("Annulée")
    EXPIREE = "expiree", _("Expirée")
    DESAFFILIEE = "desaffiliee", _("Désaffiliée")


S = AffiliationStatus

OPEN = (S.BROUILLON, S.SOUMISE, S.INCOMPLETE)
PENDING = (S.SOUMISE, S.INCOMPLETE)
# Statuses whose validity period counts when asking "was it affiliated on date D?"
HAS_BEEN_VALID = (S.VALIDEE, S.EXPIREE, S.DESAFFILIEE)


def completion_in_time(affiliation) -> list[str]:
    """Art. 1: the items asked by the relance are accepted until the end of the month."""
    deadline = affiliation.completion_deadline
    if deadline is not None and rules.is_completion_overdue(deadline, today()):
        return [
            gettext_now(
                "Le délai d'un mois pour compléter la demande a expiré le %(date)s : "
                "elle est annulée."
            )
            % {"date": deadline.strftime("%d/%m/%Y")}
        ]
    return []


affiliation_flow = Workflow(
    name="affiliation",
    initial=S.BROUILLON,
    transitions={
        S.BROUILLON: {S.SOUMISE, S.ANNULEE},
        # instructor: validate, list missing items (relance), refuse; cancel (renewal without
        # the training attestation, art. 1)
        S.SOUMISE: {S.VALIDEE, S.INCOMPLETE, S.REFUSEE, S.ANNULEE},
        # applicant completes within one month; otherwise cancelled (art. 1)
        S.INCOMPLETE: {S.SOUMISE, S.ANNULEE, S.REFUSEE},
        S.VALIDEE: {S.EXPIREE, S.DESAFFILIEE},
    },
    guards={(S.INCOMPLETE, S.SOUMISE): [completion_in_time]},
)
