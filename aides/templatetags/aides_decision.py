"""The decisions and contestations of a dossier for its « Suivi » (applicant's page)."""

from django import template

register = template.Library()


@register.simple_tag
def dossier_decisions(dossier) -> dict:
    """Two queries: the decisions (with their letter) and the contestations, oldest first."""
    from aides.models import Contestation, Decision

    return {
        "decisions": list(Decision.objects.filter(dossier=dossier).order_by("created_at", "pk")),
        "contestations": list(
            Contestation.objects.filter(dossier=dossier).order_by("received_on", "pk")
        ),
    }
