"""The tax in the portal: structure section, permissions, notice numbers as activation codes."""

from accounts import roles
from accounts.demo import register_demo_step
from espace_pro.hooks import StructureSection, register_code_verifier, register_structure_section
from taxe import documents  # noqa: F401  (registers the outbox handlers)

register_structure_section(
    StructureSection("taxe", 20, "taxe/structure_section.html", lambda request, structure: {})
)

roles.grant(
    roles.SERVICE_TAXE,
    "taxe.view_declaration",
    "taxe.change_declaration",
    "taxe.view_representation",
    "taxe.view_notice",
    "taxe.change_notice",
    "taxe.view_liquidationbatch",
    "taxe.view_coproductionshare",
)
roles.grant(
    roles.COMPTABILITE,
    "taxe.view_notice",
    "taxe.change_notice",
    "taxe.view_payment",
    "taxe.add_payment",
    "taxe.change_payment",
)


def notice_number_is_code(structure, code: str):
    """User guide: « sur les documents taxes, le n° de document = code d'activation ». Returns
    the date the notice was sent (its issue date; for a notice held under the 80 € threshold,
    the day of its liquidation), from which the espace professionnel counts how long the number
    works; None when no notice of ``structure`` carries that number."""
    from django.utils import timezone

    from taxe.models import Notice

    notice = (
        Notice.objects.filter(structure=structure, number=code)
        .select_related("batch")
        .only("issued_on", "batch__started_at")
        .first()
    )
    if notice is None:
        return None
    if notice.issued_on is not None:
        return notice.issued_on
    if notice.batch_id is not None and notice.batch is not None:
        return timezone.localdate(notice.batch.started_at)
    return None


register_code_verifier(notice_number_is_code)


def _demo(out) -> None:
    from taxe.demo import create_demo_tax

    create_demo_tax(out)


register_demo_step(30, _demo)
