"""Periodic jobs of the aid dossiers (beat schedule in settings); all idempotent."""

from celery import shared_task

from cnm_portal.dates import today


@shared_task
def lapse_incomplete_dossiers() -> int:
    """Art. 3: incomplete dossiers without an answer by their deadline become caducs."""
    from aides.services.instruction import dossiers_lapse

    return dossiers_lapse(on=today())
