"""Warnings before rights expire (RGA art. 48): one e-mail per account, each generation once."""

from datetime import date, timedelta
from itertools import groupby

from django.db import transaction

from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from compte_entrepreneur import rules
from compte_entrepreneur.models import Generation
from compte_entrepreneur.selectors import member_emails


def expiry_warnings_send(*, on: date | None = None) -> int:
    """Daily job: every generation with something left that expires within 90 days and was not
    warned yet (idempotent: ``warning_sent_on`` is set in the same transaction)."""
    on = on or today()
    horizon = on + timedelta(days=rules.EXPIRY_WARNING_DAYS)
    with transaction.atomic():
        due = list(
            Generation.objects.select_for_update(of=("self",))
            .filter(
                remaining__gt=0,
                warning_sent_on__isnull=True,
                valid_until__gte=on,
                valid_until__lte=horizon,
            )
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
