"""Decision documents (notification d'affiliation, refusal, désaffiliation), rendered by the
worker and e-mailed to the structure's members with the PDF attached."""

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from affiliation.models import Affiliation
from affiliation.services import DECISION_KIND, _members_emails
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from espace_pro import rules as espace_rules
from espace_pro.models import ActivationCode
from espace_pro.services import activation_code_issue

TITLES = {
    "validated": "Notification d'affiliation",
    "refused": "Décision de refus d'affiliation",
    "desaffiliated": "Notification de désaffiliation",
}


@outbox_handler(DECISION_KIND)
def render_decision(payload: dict[str, Any]) -> None:
    affiliation = Affiliation.objects.select_related("structure").get(pk=payload["affiliation_id"])
    template = payload["template"]
    structure = affiliation.structure
    code = None
    if (
        template == "validated"
        and not structure.is_personne_physique
        and not ActivationCode.objects.filter(
            structure=structure,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
    ):
        # The guide: the notification carries the numéro CNM and a code d'activation. A code
        # still valid (from a letter in the post) is not replaced.
        _activation, plaintext = activation_code_issue(structure=structure, actor=None)
        code = espace_rules.format_activation_code(plaintext)
    pdf = render_pdf(
        "affiliation/pdf/decision.html",
        {
            "affiliation": affiliation,
            "structure": structure,
            "template": template,
            "title": TITLES[template],
            "code": code,
            "date": today(),
        },
    )
    filename = f"{template}-{structure.numero_cnm}-{affiliation.pk}.pdf"
    affiliation.decision_pdf.save(filename, ContentFile(pdf), save=False)
    Affiliation.objects.filter(pk=affiliation.pk).update(decision_pdf=affiliation.decision_pdf.name)
    recipients = _members_emails(structure)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"affiliation/email/{template}",
            context={"affiliation": affiliation, "structure": structure},
            attachments=[
                {
                    "path": affiliation.decision_pdf.name,
                    "filename": filename,
                    "mimetype": "application/pdf",
                }
            ],
        )
