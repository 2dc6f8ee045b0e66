"""Recovery (art. 76 VII): reminders before the deadlines, the registered reminder (+10 %), its
receipt, and the titre exécutoire."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue
from taxe import rules
from taxe.models import Declaration, Notice
from taxe.services.common import LETTER_KIND, check_received_on, emails, locked
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N
from taxe.workflow import notice_flow


def notice_send_reminder(*, notice: Notice, actor: User) -> Notice:
    """After the deadline (a guard): registered reminder letter, +10 % on what remains due."""
    with transaction.atomic():
        # re-read under the lock: a payment recorded meanwhile lowers the 10 %
        row = locked(Notice, notice.pk)
        majoration = rules.majoration(
            row.principal - min(row.paid, row.principal), rules.MAJORATION_RETARD
        )
        row = notice_flow.apply(
            row,
            N.RELANCE,
            actor=actor,
            comment=_("Lettre de rappel, majoration de 10 %"),
            updates={"majoration": majoration, "reminder_sent_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": row.pk, "letter": "reminder"})
    notice.refresh_from_db()
    return row


def notice_record_reminder_receipt(*, notice: Notice, received_on: date, actor: User) -> Notice:
    with transaction.atomic():
        row = locked(Notice, notice.pk)
        if row.status != N.RELANCE:
            raise ValidationError(_("Aucune lettre de rappel en cours pour cet avis."))
        check_received_on(received_on, sent_on=row.reminder_sent_on)
        row.reminder_received_on = received_on
        row.save(update_fields=["reminder_received_on"])
        audit_record(
            actor=actor,
            action="taxe.accuse_reception",
            target=row,
            data={"recu_le": str(received_on)},
        )
    notice.refresh_from_db()
    return row


def notice_issue_titre(*, notice: Notice, actor: User) -> Notice:
    """30 days after the reminder was received and still unpaid: titre exécutoire (the date is
    a guard of the workflow, checked under the lock)."""
    with transaction.atomic():
        row = notice_flow.apply(
            notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": row.pk, "letter": "titre"})
    return row


def deadline_reminders(*, on: date) -> int:
    """E-mail the members before the declaration deadline of a draft, and before the payment
    deadline of an avis still to pay; each reminder once."""
    sent = 0
    drafts = Declaration.objects.filter(
        status=D.BROUILLON, deadline_reminder_sent_on__isnull=True
    ).annotate(first=Min("representations__date"))
    for declaration in drafts.filter(first__isnull=False).iterator():
        if not rules.declaration_reminder_due(declaration.first, on):
            continue
        with transaction.atomic():
            updated = Declaration.objects.filter(
                pk=declaration.pk, deadline_reminder_sent_on__isnull=True
            ).update(deadline_reminder_sent_on=on)
            if not updated:
                continue
            email_enqueue_template(
                to=emails(declaration.structure_id),
                template_prefix="taxe/email/declaration_deadline",
                context={
                    "declaration": declaration,
                    "deadline": rules.declaration_deadline(declaration.first),
                },
            )
        sent += 1
    notices = Notice.objects.filter(
        status=N.A_PAYER,
        due_reminder_sent_on__isnull=True,
        due_on__gte=on,
        due_on__lte=on + timedelta(days=rules.PAYMENT_REMINDER_DAYS),
    )
    for notice in notices.iterator():
        with transaction.atomic():
            updated = Notice.objects.filter(pk=notice.pk, due_reminder_sent_on__isnull=True).update(
                due_reminder_sent_on=on
            )
            if not updated:
                continue
            email_enqueue_template(
                to=emails(notice.structure_id),
                template_prefix="taxe/email/payment_deadline",
                context={"notice": notice},
            )
        sent += 1
    return sent
