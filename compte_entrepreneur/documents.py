"""The notification of each generation of rights (RGA art. 48: the agrément that opens the droit
de tirage), rendered as PDF by the worker and e-mailed to the members."""

from typing import Any

from django.core.files.base import ContentFile

from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from compte_entrepreneur import rules
from compte_entrepreneur.models import Generation
from compte_entrepreneur.selectors import member_emails
from compte_entrepreneur.services.ledger import GENERATION_NOTICE_KIND


def notice_filename(generation: Generation) -> str:
    return f"notification-droits-{generation.pk}.pdf"


@outbox_handler(GENERATION_NOTICE_KIND)
def notify_generation(payload: dict[str, Any]) -> None:
    """Idempotent: a generation already rendered is not rendered nor mailed again."""
    generation = Generation.objects.select_related("compte__structure", "payment__notice").get(
        pk=payload["generation_id"]
    )
    if generation.notice_pdf:
        return
    structure = generation.compte.structure
    pdf = render_pdf(
        "compte_entrepreneur/pdf/generation_notice.html",
        {
            "generation": generation,
            "structure": structure,
            "payment": generation.payment,
            "minimum": rules.DRAWING_MINIMUM,
            "date": today(),
        },
    )
    generation.notice_pdf.save(notice_filename(generation), ContentFile(pdf), save=False)
    Generation.objects.filter(pk=generation.pk).update(notice_pdf=generation.notice_pdf.name)
    recipients = member_emails(structure.pk)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix="compte_entrepreneur/email/generation_notified",
            context={"generation": generation, "structure": structure},
            attachments=[
                {
                    "path": generation.notice_pdf.name,
                    "filename": notice_filename(generation),
                    "mimetype": "application/pdf",
                }
            ],
        )
