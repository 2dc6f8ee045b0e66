"""The convocation of a confirmed inscription: rendered as PDF by the worker (outbox handler),
stored on the inscription and attached to the confirmation e-mail."""

from typing import Any

from django.core.files.base import ContentFile

from cnm_portal.dates import today
from cnm_portal.outbox import outbox_enqueue, outbox_handler
from cnm_portal.pdf import render_pdf
from formations import notifications
from formations.models import Inscription
from formations.workflow import IS

CONVOCATION_KIND = "formations.convocation"


def convocation_filename(inscription: Inscription) -> str:
    return f"convocation-formation-{inscription.pk}.pdf"


def convocation_enqueue(inscription, *, promoted: bool = False, changed: bool = False) -> None:
    """Inside the transaction that confirms the inscription (or changes its session)."""
    outbox_enqueue(
        CONVOCATION_KIND,
        {"inscription_id": inscription.pk, "promoted": promoted, "changed": changed},
    )


@outbox_handler(CONVOCATION_KIND)
def send_convocation(payload: dict[str, Any]) -> None:
    """Idempotent: an inscription already convoked is neither rendered nor mailed again; one
    cancelled meanwhile gets nothing."""
    inscription = Inscription.objects.select_related(
        "session__module", "user", "for_structure"
    ).get(pk=payload["inscription_id"])
    if inscription.convocation_pdf or inscription.status != IS.CONFIRMEE:
        return
    pdf = render_pdf(
        "formations/pdf/convocation.html",
        {
            "inscription": inscription,
            "session": inscription.session,
            "module": inscription.session.module,
            "date": today(),
        },
    )
    inscription.convocation_pdf.save(
        convocation_filename(inscription), ContentFile(pdf), save=False
    )
    Inscription.objects.filter(pk=inscription.pk).update(
        convocation_pdf=inscription.convocation_pdf.name
    )
    notifications.notify_confirmed(
        inscription,
        promoted=bool(payload.get("promoted")),
        changed=bool(payload.get("changed")),
        attachment={
            "path": inscription.convocation_pdf.name,
            "filename": convocation_filename(inscription),
            "mimetype": "application/pdf",
        },
    )
