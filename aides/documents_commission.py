"""Documents and e-mails of the commission and the decision, rendered by the worker (outbox
handlers): the procès-verbal of a session, the notification letter of a decision (e-mailed to
the members of the structure with the PDF), the acknowledgement of a contestation and the
e-mail telling the applicant that the commission examines the dossier."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils import timezone

from aides.documents import members_emails
from aides.models import Avis, CommissionReview, Contestation, Decision, Dossier, ReducedAmount
from aides.rules_commission import SCORE_MAX, avis_majority
from aides.selectors_commission import envelope_totals, session_abstentions
from aides.services.commission import PROCES_VERBAL_KIND
from aides.services.decision import CONTESTATION_KIND, DECISION_LETTER_KIND
from aides.workflow import DossierStatus
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import sum_money
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf

S = DossierStatus
EN_COMMISSION_EMAIL = "aides/email/en_commission"
# The sentence art. 8 requires on every communication about the aided project.
ART8_MENTION = "avec le soutien du Centre national de la musique"


def notify_en_commission(dossier: Dossier, change) -> None:
    """Workflow effect (inside the transaction): the e-mail goes through the outbox."""
    recipients = members_emails(dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=EN_COMMISSION_EMAIL,
            context={
                "dossier": dossier,
                "session": dossier.session,
                "second_review": change.from_status in (S.ATTRIBUE, S.REFUSE),
            },
        )


def _avg(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.1"))


def proces_verbal_context(review: CommissionReview) -> dict:
    session = review.session
    dossiers = list(
        Dossier.objects.filter(session=session)
        .exclude(status__in=(S.BROUILLON, S.DEPOSE, S.EN_INSTRUCTION, S.INCOMPLET))
        .exclude(status__in=(S.CADUC, S.IRRECEVABLE, S.ELIGIBLE))
        .select_related("structure")
        .prefetch_related(
            Prefetch(
                "avis",
                queryset=Avis.objects.filter(superseded=False).select_related("member"),
                to_attr="current_avis",
            ),
            Prefetch(
                "reduced_amounts",
                queryset=ReducedAmount.objects.filter(review=review),
                to_attr="session_reductions",
            ),
        )
        .order_by("number")
    )
    abstentions = session_abstentions(session)
    rows = []
    for dossier in dossiers:
        avis = dossier.current_avis
        criteria = dossier.programme_definition.appreciation
        averages = [
            (criterion, _avg([a.scores[i]["score"] for a in avis if len(a.scores) > i]))
            for i, criterion in enumerate(criteria)
        ]
        rows.append(
            {
                "dossier": dossier,
                "abstained": abstentions.get(dossier.pk, []),
                "avis": avis,
                "counts": {
                    kind: sum(1 for a in avis if a.kind == kind)
                    for kind, _label in Avis.Kind.choices
                },
                "majority": avis_majority(a.kind for a in avis),
                "favorable_amounts": [a.amount for a in avis if a.amount is not None],
                "averages": averages,
                "reduced": dossier.session_reductions[0].after
                if dossier.session_reductions
                else None,
            }
        )
    return {
        "review": review,
        "session": session,
        "programme": session.programme_definition,
        "present": list(review.present_members.order_by("last_name", "first_name")),
        "members": list(session.members.order_by("last_name", "first_name")),
        "rows": rows,
        "kinds": Avis.Kind.choices,
        "totals": envelope_totals(session),
        "total_proposed": sum_money(r["dossier"].montant_propose or 0 for r in rows),
        "total_attributed": sum_money(
            r["dossier"].montant_attribue or 0
            for r in rows
            if r["dossier"].status in (S.ATTRIBUE, S.EN_PAIEMENT, S.SOLDE)
        ),
        "score_max": SCORE_MAX,
        "now": timezone.localtime(),
    }


@outbox_handler(PROCES_VERBAL_KIND)
def render_proces_verbal(payload: dict[str, Any]) -> None:
    """Renders the PV again on each request (it follows the decisions of the session)."""
    review = CommissionReview.objects.select_related("session").get(pk=payload["review_id"])
    pdf = render_pdf("aides/pdf/proces_verbal.html", proces_verbal_context(review))
    review.pv_file.save(
        f"proces-verbal-session-{review.session_id}.pdf", ContentFile(pdf), save=False
    )
    review.pv_rendered_at = timezone.now()
    CommissionReview.objects.filter(pk=review.pk).update(
        pv_file=review.pv_file.name, pv_rendered_at=review.pv_rendered_at
    )


def letter_context(decision: Decision) -> dict:
    dossier = decision.dossier
    programme = dossier.programme_definition
    return {
        "decision": decision,
        "dossier": dossier,
        "structure": dossier.structure,
        "programme": programme,
        "schedule": programme.payment_schedule(decision.amount) if decision.amount else [],
        "mention": ART8_MENTION,
    }


@outbox_handler(DECISION_LETTER_KIND)
def render_decision_letter(payload: dict[str, Any]) -> None:
    """Idempotent: a letter already rendered is e-mailed again but not re-rendered."""
    decision = Decision.objects.select_related(
        "dossier", "dossier__structure", "dossier__session", "decided_by"
    ).get(pk=payload["decision_id"])
    dossier = decision.dossier
    filename = f"decision-{dossier.number}-{decision.pk}.pdf"
    if not decision.letter:
        pdf = render_pdf("aides/pdf/decision_letter.html", letter_context(decision))
        decision.letter.save(filename, ContentFile(pdf), save=False)
        Decision.objects.filter(pk=decision.pk).update(letter=decision.letter.name)
    recipients = members_emails(dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix="aides/email/decision",
            context={"decision": decision, "dossier": dossier, "mention": ART8_MENTION},
            attachments=[
                {"path": decision.letter.name, "filename": filename, "mimetype": "application/pdf"}
            ],
        )


@outbox_handler(CONTESTATION_KIND)
def send_contestation_receipt(payload: dict[str, Any]) -> None:
    contestation = Contestation.objects.select_related("dossier").get(pk=payload["contestation_id"])
    recipients = members_emails(contestation.dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix="aides/email/contestation",
            context={"contestation": contestation, "dossier": contestation.dossier},
        )
