"""Avis des sommes à payer, lettres de rappel and titres exécutoires, rendered by the worker."""

from typing import Any

from django.core.files.base import ContentFile

from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from taxe import rules
from taxe.models import Notice
from taxe.services import LETTER_KIND, NOTICES_KIND, _emails
from taxe.workflow import NoticeStatus as N

CHUNK = 200


def render_notice_pdf(notice: Notice) -> None:
    pdf = render_pdf(
        "taxe/pdf/notice.html",
        {
            "notice": notice,
            "structure": notice.structure,
            "declaration": notice.declaration,
            "date": today(),
        },
    )
    notice.pdf.save(f"avis-{notice.number}.pdf", ContentFile(pdf), save=False)
    Notice.objects.filter(pk=notice.pk).update(pdf=notice.pdf.name)


@outbox_handler(NOTICES_KIND)
def issue_batch_notices(payload: dict[str, Any]) -> None:
    """PDF and e-mail for each notice a liquidation issued or released (chunked)."""
    batch_id = payload["batch_id"]
    notices = (
        (
            Notice.objects.filter(batch_id=batch_id, status__in=(N.A_PAYER, N.RETENU))
            | Notice.objects.filter(release_marker=batch_id, status=N.A_PAYER)
        )
        .select_related("structure", "declaration")
        .order_by("pk")
    )
    for notice in notices.iterator(chunk_size=CHUNK):
        render_notice_pdf(notice)
        recipients = _emails(notice.structure_id)
        if recipients:
            email_enqueue_template(
                to=recipients,
                template_prefix="taxe/email/notice_issued",
                context={"notice": notice, "structure": notice.structure},
                attachments=[
                    {
                        "path": notice.pdf.name,
                        "filename": f"avis-{notice.number}.pdf",
                        "mimetype": "application/pdf",
                    }
                ],
            )


@outbox_handler(LETTER_KIND)
def issue_letter(payload: dict[str, Any]) -> None:
    notice = Notice.objects.select_related("structure", "declaration").get(pk=payload["notice_id"])
    letter = payload["letter"]
    context = {"notice": notice, "structure": notice.structure, "date": today()}
    if letter == "titre":
        context["prescription"] = rules.recovery_prescription_date(notice.titre_on)
    pdf = render_pdf(f"taxe/pdf/{letter}.html", context)
    field = notice.reminder_pdf if letter == "reminder" else notice.titre_pdf
    field.save(f"{letter}-{notice.number}.pdf", ContentFile(pdf), save=False)
    Notice.objects.filter(pk=notice.pk).update(**{field.field.name: field.name})
    recipients = _emails(notice.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"taxe/email/{letter}",
            context={"notice": notice, "structure": notice.structure},
            attachments=[
                {
                    "path": field.name,
                    "filename": f"{letter}-{notice.number}.pdf",
                    "mimetype": "application/pdf",
                }
            ],
        )
