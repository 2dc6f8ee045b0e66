"""Documents of a dossier rendered by the worker: the récépissé de dépôt (PDF), e-mailed to
the members of the structure with the PDF attached."""

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from aides.models import Dossier
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from espace_pro.models import Membership

RECEPISSE_KIND = "aides.recepisse"


def members_emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id)
        .order_by("created_at")
        .values_list("user__email", flat=True)
    )


@outbox_handler(RECEPISSE_KIND)
def render_recepisse(payload: dict[str, Any]) -> None:
    """Idempotent: a récépissé already rendered is e-mailed again but not re-rendered."""
    dossier = Dossier.objects.select_related("structure", "session", "deposited_by").get(
        pk=payload["dossier_id"]
    )
    filename = f"recepisse-{dossier.number}.pdf"
    if not dossier.recepisse:
        pdf = render_pdf(
            "aides/pdf/recepisse.html",
            {
                "dossier": dossier,
                "structure": dossier.structure,
                "programme": dossier.programme_definition,
                "computation": dossier.computation or {},
                "deposited_at": timezone.localtime(dossier.deposited_at),
                "documents": list(dossier.documents.all()),
            },
        )
        dossier.recepisse.save(filename, ContentFile(pdf), save=False)
        Dossier.objects.filter(pk=dossier.pk).update(recepisse=dossier.recepisse.name)
    recipients = members_emails(dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix="aides/email/deposited",
            context={"dossier": dossier, "structure": dossier.structure},
            attachments=[
                {
                    "path": dossier.recepisse.name,
                    "filename": filename,
                    "mimetype": "application/pdf",
                }
            ],
        )
