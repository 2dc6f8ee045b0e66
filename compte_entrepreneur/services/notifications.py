"""Warnings before rights expire (RGA art. 48): one e-mail per account, each generation once."""

from datetime import date, timedelta
from itertools import groupby

from django.db import transaction

from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from compte_entrepreneur import rules
from compte_entrepreneur.models import Generation
from compte_entrepreneur.selectors import member_emails

# accounts per transaction: a run over 100 000 generations keeps a chunk in memory, not all
WARNING_CHUNK = 200


def _due(on: date):
    return Generation.objects.filter(
        remaining__gt=0,
        warning_sent_on__isnull=True,
        valid_until__gte=on,
        valid_until__lte=on + timedelta(days=rules.EXPIRY_WARNING_DAYS),
    )


def expiry_warnings_send(*, on: date | None = None) -> int:
    """Daily job: every generation with something left that expires within 90 days and was not
    warned yet, one e-mail per account, by chunks of accounts (idempotent: ``warning_sent_on``
    is set in the chunk's transaction, and each chunk re-reads its generations under lock)."""
    on = on or today()
    compte_ids = list(_due(on).order_by("compte_id").values_list("compte_id", flat=True).distinct())
    sent = 0
    for start in range(0, len(compte_ids), WARNING_CHUNK):
        sent += _warn(compte_ids[start : start + WARNING_CHUNK], on=on)
    return sent


def _warn(compte_ids: list[int], *, on: date) -> int:
    with transaction.atomic():
        due = list(
            _due(on)
            .filter(compte_id__in=compte_ids)
            .select_for_update(of=("self",))
            .select_related("compte__structure")
            .order_by("compte_id", "valid_until", "pk")
        )
        for _compte_id, group in groupby(due, key=lambda g: g.compte_id):
            generations = list(group)
            compte = generations[0].compte
            recipients = member_emails(compte.structure_id)
            if recipients:
                email_enqueue_template(
                    to=recipients,
                    template_prefix="compte_entrepreneur/email/expiry_warning",
                    context={
                        "structure": compte.structure,
                        "compte": compte,
                        "generations": generations,
                        "minimum": rules.DRAWING_MINIMUM,
                    },
                )
        Generation.objects.filter(pk__in=[g.pk for g in due]).update(warning_sent_on=on)
    return len(due)
