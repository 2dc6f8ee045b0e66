"""Avis des sommes à payer, lettres de rappel and titres exécutoires, rendered by the worker."""

from typing import Any

from django.core.files.base import ContentFile

from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue, outbox_handler
from cnm_portal.pdf import render_pdf
from taxe import rules
from taxe.models import Notice
from taxe.services import LETTER_KIND, NOTICES_KIND, _emails
from taxe.workflow import NoticeStatus as N

CHUNK = 200
# the rates printed on the documents, from the rules (art. 76 V, VII, VIII)
RATES = {
    "tax": rules.TAX_RATE,
    "retard": rules.MAJORATION_RETARD,
    "rectification": rules.MAJORATION_RECTIFICATION,
    "taxation_office": rules.MAJORATION_TAXATION_OFFICE,
}
RELEASED_LETTER = {
    Notice.Kind.LIQUIDATION: "notice",
    Notice.Kind.RECTIFICATION: "rectification",
    Notice.Kind.TAXATION_OFFICE: "taxation_office",
}


def render_notice_pdf(notice: Notice) -> None:
    pdf = render_pdf(
        "taxe/pdf/notice.html",
        {
            "notice": notice,
            "structure": notice.structure,
            "declaration": notice.declaration,
            "date": today(),
            "rates": RATES,
        },
    )
    notice.pdf.save(f"avis-{notice.number}.pdf", ContentFile(pdf), save=False)
    Notice.objects.filter(pk=notice.pk).update(pdf=notice.pdf.name)


# One outbox message per chunk of a batch's notices: a worker killed (or a database lost) in
# the middle of a large batch redoes one chunk, not the whole batch; a chunk already done is
# never done again (the outbox runs each message once).
NOTICES_CHUNK_KIND = "taxe.notices_chunk"


@outbox_handler(NOTICES_KIND)
def issue_batch_notices(payload: dict[str, Any]) -> None:
    """Split the notices a liquidation issued or released into chunks of ``CHUNK``."""
    batch_id = payload["batch_id"]
    ids = list(
        (
            Notice.objects.filter(batch_id=batch_id, status__in=(N.A_PAYER, N.RETENU))
            | Notice.objects.filter(release_marker=batch_id, status=N.A_PAYER)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        outbox_enqueue(NOTICES_CHUNK_KIND, {"notice_ids": ids[start : start + CHUNK]})


@outbox_handler(NOTICES_CHUNK_KIND)
def issue_notices_chunk(payload: dict[str, Any]) -> None:
    """PDF and e-mail of each notice of the chunk."""
    notices = (
        Notice.objects.filter(pk__in=payload["notice_ids"])
        .select_related("structure", "declaration")
        .order_by("pk")
    )
    for notice in notices:
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
    """Reminder, titre, rectification, taxation d'office (on a notice) or mise en demeure."""
    letter = payload["letter"]
    if letter == "mise_en_demeure":
        from taxe.models import MiseEnDemeure

        med = MiseEnDemeure.objects.select_related("structure").get(
            pk=payload["mise_en_demeure_id"]
        )
        pdf = render_pdf(
            "taxe/pdf/mise_en_demeure.html",
            {"med": med, "structure": med.structure, "date": today()},
        )
        med.letter.save(f"mise-en-demeure-{med.pk}.pdf", ContentFile(pdf), save=False)
        type(med).objects.filter(pk=med.pk).update(letter=med.letter.name)
        _send(
            med.structure_id,
            "mise_en_demeure",
            {"med": med, "structure": med.structure},
            med.letter.name,
            f"mise-en-demeure-{med.pk}.pdf",
        )
        return
    notice = Notice.objects.select_related("structure", "declaration").get(pk=payload["notice_id"])
    if letter == "released":
        # a held notice now payable (the year reached 80 €): its letter again, with the due date
        letter = RELEASED_LETTER[notice.kind]
        if letter == "notice":
            render_notice_pdf(notice)
            _send(
                notice.structure_id,
                "notice_issued",
                {"notice": notice, "structure": notice.structure},
                notice.pdf.name,
                f"avis-{notice.number}.pdf",
            )
            return
    context = {
        "notice": notice,
        "structure": notice.structure,
        "declaration": notice.declaration,
        "date": today(),
        "rates": RATES,
    }
    if letter == "titre":
        context["prescription"] = rules.recovery_prescription_date(notice.titre_on)
    if letter == "rectification":
        context["rectification"] = notice.rectification
        context["observations_until"] = "30"
    if letter == "taxation_office":
        context["med"] = notice.mise_en_demeure
    pdf = render_pdf(f"taxe/pdf/{letter}.html", context)
    field = {"reminder": notice.reminder_pdf, "titre": notice.titre_pdf}.get(letter, notice.pdf)
    filename = f"{letter}-{notice.number}.pdf"
    field.save(filename, ContentFile(pdf), save=False)
    Notice.objects.filter(pk=notice.pk).update(**{field.field.name: field.name})
    _send(
        notice.structure_id,
        letter,
        {"notice": notice, "structure": notice.structure},
        field.name,
        filename,
    )


def _send(structure_id: int, template: str, context: dict, path: str, filename: str) -> None:
    recipients = _emails(structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"taxe/email/{template}",
            context=context,
            attachments=[{"path": path, "filename": filename, "mimetype": "application/pdf"}],
        )
