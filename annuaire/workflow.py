"""Lifecycle of a directory entry: the member drafts and submits it, the CNM publishes it, asks
for a correction or refuses it; the member withdraws it. A change to a published entry sends it
back to validation (hidden meanwhile, see docs/decisions.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class EntryStatus(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMISE = "soumise", _("En attente de validation")
    PUBLIEE = "publiee", _("Publiée")
    A_CORRIGER = "a_corriger", _("À corriger")
    REFUSEE = "refusee", _("Refusée")
    RETIREE = "retiree", _("Retirée")


E = EntryStatus

# What the member may still change (a refused entry is closed: a new one may be made).
EDITABLE = (E.BROUILLON, E.SOUMISE, E.A_CORRIGER, E.PUBLIEE, E.RETIREE)
# The member's own moves (the staff's are in the admin).
WITHDRAWABLE = (E.SOUMISE, E.A_CORRIGER, E.PUBLIEE)
SUBMITTABLE = (E.BROUILLON, E.A_CORRIGER, E.RETIREE)


def _complete(entry) -> list[str]:
    """An entry is sent to validation only with everything the public page shows."""
    from annuaire import rules

    return rules.submission_errors(
        name=entry.name,
        region=entry.region,
        city=entry.city,
        presentation=entry.presentation,
        activity_count=entry.activity_rows.count(),
    )


def _effect(kind: str):
    def notify(entry, change) -> None:
        from annuaire import notifications

        notifications.notify(entry, kind, comment=change.comment)

    return notify


entry_flow = Workflow(
    name="annuaire_entry",
    initial=E.BROUILLON,
    transitions={
        E.BROUILLON: {E.SOUMISE},
        # the CNM decides; the member may withdraw a pending entry
        E.SOUMISE: {E.PUBLIEE, E.A_CORRIGER, E.REFUSEE, E.RETIREE},
        # the member corrects and submits again, or gives up; the CNM may still refuse
        E.A_CORRIGER: {E.SOUMISE, E.RETIREE, E.REFUSEE},
        # a change by the member goes back to validation; the CNM may take an entry down
        E.PUBLIEE: {E.SOUMISE, E.RETIREE, E.REFUSEE},
        # a withdrawn entry may be submitted again
        E.RETIREE: {E.SOUMISE},
    },
    guards={(source, E.SOUMISE): [_complete] for source in (*SUBMITTABLE, E.PUBLIEE)},
    effects={
        E.SOUMISE: [_effect("submitted")],
        E.PUBLIEE: [_effect("published")],
        E.A_CORRIGER: [_effect("correction")],
        E.REFUSEE: [_effect("refused")],
        E.RETIREE: [_effect("withdrawn")],
    },
)
