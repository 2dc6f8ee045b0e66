"""Lifecycle of a job ad: written by a person, moderated by the CNM, published, closed.

Republishing a withdrawn or closed ad is a new submission (moderated again); editing a
published ad takes it off-line and submits it again (docs: emploi decisions)."""

from django.db import models
from django.utils.translation import gettext_lazy

from cnm_portal.workflow import Workflow


class AdStatus(models.TextChoices):
    BROUILLON = "brouillon", gettext_lazy("Brouillon")
    SOUMISE = "soumise", gettext_lazy("Soumise à la modération")
    A_MODIFIER = "a_modifier", gettext_lazy("À modifier")
    PUBLIEE = "publiee", gettext_lazy("Publiée")
    REFUSEE = "refusee", gettext_lazy("Refusée")
    CLOTUREE = "cloturee", gettext_lazy("Clôturée")
    RETIREE = "retiree", gettext_lazy("Retirée")


A = AdStatus

# What the author may still edit (a submitted ad waits for the moderator untouched).
EDITABLE = (A.BROUILLON, A.A_MODIFIER, A.PUBLIEE, A.RETIREE, A.CLOTUREE)
# « en cours de publication » on the dashboard tile: on its way to the public, or on it.
IN_PUBLICATION = (A.SOUMISE, A.A_MODIFIER, A.PUBLIEE)


def _still_open(ad) -> list[str]:
    from annonces import rules
    from cnm_portal.dates import today

    return rules.closing_errors(closing_date=ad.closing_date, on=today())


ad_flow = Workflow(
    name="annonce_emploi",
    initial=A.BROUILLON,
    transitions={
        A.BROUILLON: {A.SOUMISE, A.RETIREE},
        # the moderator publishes, asks for a change (comment) or refuses (reason); the author
        # may withdraw it while it waits
        A.SOUMISE: {A.PUBLIEE, A.A_MODIFIER, A.REFUSEE, A.RETIREE},
        A.A_MODIFIER: {A.SOUMISE, A.RETIREE},
        # closed by the daily job the day after its closing date (services.close_expired checks
        # the date for the day it runs for); edited (back to moderation)
        # or withdrawn by its author
        A.PUBLIEE: {A.CLOTUREE, A.RETIREE, A.SOUMISE},
        # republish = submit again
        A.RETIREE: {A.SOUMISE},
        A.CLOTUREE: {A.SOUMISE},
    },
    guards={
        (A.BROUILLON, A.SOUMISE): [_still_open],
        (A.A_MODIFIER, A.SOUMISE): [_still_open],
        (A.PUBLIEE, A.SOUMISE): [_still_open],
        (A.RETIREE, A.SOUMISE): [_still_open],
        (A.CLOTUREE, A.SOUMISE): [_still_open],
        (A.SOUMISE, A.PUBLIEE): [_still_open],
    },
)
