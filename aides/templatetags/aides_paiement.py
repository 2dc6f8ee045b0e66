"""The payment side of a dossier (versements, bilan, reimbursements, RSE) for the applicant's
dossier page: one selector, a constant number of queries."""

from django import template

register = template.Library()


@register.simple_tag
def dossier_payment(dossier) -> dict | None:
    from aides.selectors_paiement import dossier_payment_block

    return dossier_payment_block(dossier=dossier)["payment"]
