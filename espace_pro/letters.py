"""The letter with the activation code, addressed to the head office (rendered by the worker)."""

from typing import Any

from django.core.files.base import ContentFile

from accounts.models import User
from cnm_portal.dates import today
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from espace_pro import rules
from espace_pro.models import Structure
from espace_pro.services import LETTER_KIND, activation_code_issue


@outbox_handler(LETTER_KIND)
def issue_activation_letter(payload: dict[str, Any]) -> None:
    """A new code exists only in this letter: the database keeps its hash."""
    structure = Structure.objects.get(pk=payload["structure_id"])
    actor = User.objects.filter(pk=payload.get("actor_id")).first()
    code, plaintext = activation_code_issue(structure=structure, actor=actor)
    pdf = render_pdf(
        "espace_pro/pdf/activation_letter.html",
        {
            "structure": structure,
            "code": rules.format_activation_code(plaintext),
            "expires_at": code.expires_at,
            "date": today(),
        },
    )
    code.letter.save(f"courrier-{structure.numero_cnm}.pdf", ContentFile(pdf), save=True)
