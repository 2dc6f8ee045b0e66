"""Periodic jobs of the aid dossiers (beat schedule in settings); all idempotent."""

from celery import shared_task

from cnm_portal.dates import today


@shared_task
def lapse_incomplete_dossiers() -> int:
    """Art. 3: incomplete dossiers without an answer by their deadline become caducs."""
    from aides.services.instruction import dossiers_lapse

    return dossiers_lapse(on=today())


@shared_task
def send_bilan_reminders() -> int:
    """Art. 6: reminders 30 and 7 days before the bilan deadline, each sent once."""
    from aides.services.bilan import bilan_send_reminders

    return bilan_send_reminders(on=today())


@shared_task
def order_ready_versements() -> int:
    """Art. 5: order the versements whose conditions are met since (bank details entered…)."""
    from aides.services.paiement import versements_order_ready

    return versements_order_ready()


@shared_task
def mark_schedules_not_kept() -> int:
    """Art. 6: reimbursement schedules not kept are marked so (new requests blocked)."""
    from aides.services.remboursement import remboursements_mark_defaults

    return remboursements_mark_defaults(on=today())
