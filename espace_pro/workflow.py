"""Lifecycle of an access request (demande d'accès à l'espace professionnel)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class AccessRequestStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En cours de traitement")
    A_COMPLETER = "a_completer", _("Justificatif à corriger")
    ACCEPTEE = "acceptee", _("Acceptée")
    REFUSEE = "refusee", _("Refusée")
    ANNULEE = "annulee", _("Annulée")


S = AccessRequestStatus

OPEN_STATUSES = (S.EN_ATTENTE, S.A_COMPLETER)

access_request_flow = Workflow(
    name="demande_acces",
    initial=S.EN_ATTENTE,
    transitions={
        # instructor decisions, or the applicant withdrawing the request
        S.EN_ATTENTE: {S.ACCEPTEE, S.REFUSEE, S.A_COMPLETER, S.ANNULEE},
        # the applicant sends the corrected document, or gives up; the CNM may still refuse
        S.A_COMPLETER: {S.EN_ATTENTE, S.REFUSEE, S.ANNULEE},
    },
)
