"""Writes of the commission review (RGA art. 4): opening a session for review (the éligible
dossiers go en commission), conflicts of interest, avis, the procès-verbal and the session's
proportional reduction (seed 003). Each is atomic, records its actor and its audit row."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aides import selectors_commission as sel
from aides.models import (
    Avis,
    CommissionReview,
    CommissionSession,
    ConflictOfInterest,
    Dossier,
    ReducedAmount,
)
from aides.rules_commission import (
    SCORE_MAX,
    SCORE_MIN,
    amount_within_maximum,
    proportional_reduction,
    score_valid,
)
from aides.services.computation import dossier_computation
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.audit import audit_record
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import ZERO, format_euros
from cnm_portal.outbox import outbox_enqueue

S = DossierStatus
PROCES_VERBAL_KIND = "aides.proces_verbal"


def session_open_review(*, session: CommissionSession, actor: User) -> tuple[CommissionReview, int]:
    """Art. 3-4: « les services du CNM transmettent chaque dossier éligible à la commission ».

    Creates the session's review (once) and moves every éligible dossier of the session to « en
    commission », each through the workflow (history row, e-mail to the applicant). Safe to run
    again: dossiers that became éligible since then are sent too. Returns the review and the
    number of dossiers moved. The first time, the session's members are e-mailed the link to
    their page.
    """
    with transaction.atomic():
        review, created = CommissionReview.objects.get_or_create(
            session=session, defaults={"opened_by": actor}
        )
        moved = 0
        for dossier in Dossier.objects.filter(session=session, status=S.ELIGIBLE).order_by("pk"):
            dossier_flow.apply(
                dossier,
                S.EN_COMMISSION,
                actor=actor,
                comment=_("Transmis à la commission du %(date)s")
                % {"date": session.commission_date.strftime("%d/%m/%Y")},
            )
            moved += 1
        members = list(session.members.exclude(email="").values_list("email", flat=True))
        if created and members:
            # The members learn where to read the dossiers (their pages are not in the menus).
            email_enqueue_template(
                to=members,
                template_prefix="aides/email/commission_opened",
                context={"session": session, "count": moved},
            )
        audit_record(
            actor=actor,
            action="aides.session_open_review",
            target=session,
            data={"moved": moved, "created": created},
        )
    return review, moved


def _member_dossier(*, session: CommissionSession, dossier: Dossier, member: User) -> Dossier:
    """The dossier locked, if the member may act on it now (else a French ValidationError)."""
    if not sel.sessions_for_member(user=member).filter(pk=session.pk).exists():
        raise ValidationError(_("Vous n'êtes pas membre de cette session de commission."))
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.session_id != session.pk or locked.status != S.EN_COMMISSION:
        raise ValidationError(_("Ce dossier n'est pas examiné par cette commission."))
    return locked


def conflict_declare(
    *, session: CommissionSession, dossier: Dossier, member: User, reason: str
) -> ConflictOfInterest:
    """A member declares a conflict of interest: from then on the dossier is closed to them
    (no reading, no avis) and the procès-verbal records the abstention. An avis already given
    cannot be followed by a declaration (the member would have read the dossier)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du conflit d'intérêts.")})
    with transaction.atomic():
        locked = _member_dossier(session=session, dossier=dossier, member=member)
        if Avis.objects.filter(dossier=locked, member=member, superseded=False).exists():
            raise ValidationError(
                _("Vous avez déjà donné votre avis sur ce dossier : contactez le CNM.")
            )
        conflict, created = ConflictOfInterest.objects.get_or_create(
            dossier=locked, member=member, defaults={"reason": reason}
        )
        if created:
            audit_record(
                actor=member,
                action="aides.conflict_declare",
                target=locked,
                data={"reason": reason},
            )
    return conflict


def _clean_scores(dossier: Dossier, scores: list[object]) -> list[dict]:
    criteria = dossier.programme_definition.appreciation
    if len(scores) != len(criteria):
        raise ValidationError(
            {"scores": _("Notez chacun des critères d'appréciation du programme.")}
        )
    cleaned = []
    for criterion, score in zip(criteria, scores, strict=True):
        if not score_valid(score):
            raise ValidationError(
                {
                    "scores": _("Chaque note est un nombre entier de %(min)s à %(max)s.")
                    % {"min": SCORE_MIN, "max": SCORE_MAX}
                }
            )
        cleaned.append({"criterion": criterion, "score": score})
    return cleaned


def avis_give(
    *,
    session: CommissionSession,
    dossier: Dossier,
    member: User,
    kind: str,
    motivation: str,
    scores: list[int],
    amount: Decimal | None = None,
) -> Avis:
    """Art. 4: a member's avis, favorable with an amount (never above the dossier's maximum aid,
    recomputed now with the aids already granted), défavorable or ajourné, with a motivation and
    one score per appreciation criterion. One avis per member and dossier; a member in conflict
    cannot give one."""
    errors: dict[str, str] = {}
    motivation = (motivation or "").strip()
    if kind not in Avis.Kind.values:
        errors["kind"] = _("Choisissez un avis.")
    if not motivation:
        errors["motivation"] = _("La motivation de l'avis est obligatoire.")
    if kind == Avis.Kind.FAVORABLE and amount is None:
        errors["amount"] = _("Un avis favorable propose un montant.")
    if kind != Avis.Kind.FAVORABLE and amount is not None:
        errors["amount"] = _("Seul un avis favorable propose un montant.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _member_dossier(session=session, dossier=dossier, member=member)
        if sel.in_conflict(user=member, dossier=locked):
            raise ValidationError(
                _(
                    "Vous êtes en conflit d'intérêts avec ce demandeur : vous ne pouvez pas donner "
                    "d'avis sur ce dossier."
                )
            )
        if Avis.objects.filter(dossier=locked, member=member, superseded=False).exists():
            raise ValidationError(_("Vous avez déjà donné votre avis sur ce dossier."))
        cleaned = _clean_scores(locked, scores)
        if amount is not None:
            maximum = dossier_computation(locked).amount
            if not amount_within_maximum(amount, maximum):
                raise ValidationError(
                    {
                        "amount": _(
                            "Le montant doit être supérieur à 0 et ne peut pas dépasser l'aide "
                            "maximale du dossier (%(max)s)."
                        )
                        % {"max": format_euros(maximum)}
                    }
                )
        try:
            with transaction.atomic():
                avis = Avis.objects.create(
                    dossier=locked,
                    member=member,
                    session=session,
                    kind=kind,
                    amount=amount,
                    motivation=motivation,
                    scores=cleaned,
                )
        except IntegrityError as exc:  # two tabs posting at once: the constraint decides
            raise ValidationError(_("Vous avez déjà donné votre avis sur ce dossier.")) from exc
        audit_record(
            actor=member,
            action="aides.avis_give",
            target=locked,
            data={"kind": kind, "amount": str(amount) if amount is not None else None},
        )
    return avis


def session_record_pv(
    *, session: CommissionSession, present: list[User], actor: User
) -> CommissionReview:
    """The procès-verbal: records the members present (among the session's members) and asks
    the worker to render the PDF (again if it exists: the PV follows the decisions)."""
    members = set(session.members.values_list("pk", flat=True))
    if not present:
        raise ValidationError({"present": _("Cochez les membres présents à la séance.")})
    strangers = [user for user in present if user.pk not in members]
    if strangers:
        raise ValidationError({"present": _("Seuls les membres de la session peuvent siéger.")})
    with transaction.atomic():
        review = CommissionReview.objects.select_for_update().filter(session=session).first()
        if review is None:
            raise ValidationError(
                _("La session n'a pas été ouverte à l'examen : aucun dossier n'a été transmis.")
            )
        review.present_members.set(present)
        review.pv_requested_at = timezone.now()
        review.save(update_fields=["pv_requested_at"])
        outbox_enqueue(PROCES_VERBAL_KIND, {"review_id": review.pk})
        audit_record(
            actor=actor,
            action="aides.session_record_pv",
            target=session,
            data={"present": sorted(user.pk for user in present)},
        )
    return review


def session_apply_reduction(*, session: CommissionSession, actor: User) -> CommissionReview:
    """Seed 003's « abattement proportionnel »: when the proposed amounts of the session's
    dossiers en commission exceed what is left of the programme's envelope for the year, each
    is reduced in proportion (``rules_commission.proportional_reduction``). The reduced amounts
    are stored next to the proposals (the instructor's recommendation is kept) and become the
    amounts the session's decision attributes. Applying it again recomputes it."""
    with transaction.atomic():
        review = CommissionReview.objects.select_for_update().filter(session=session).first()
        if review is None:
            raise ValidationError(_("La session n'a pas été ouverte à l'examen."))
        totals = sel.envelope_totals(session)
        if totals.available is None:
            raise ValidationError(
                _("Aucune enveloppe n'est saisie pour ce programme et l'année %(year)s.")
                % {"year": session.commission_date.year}
            )
        if not totals.exceeded:
            raise ValidationError(
                _(
                    "Le total proposé (%(total)s) ne dépasse pas le disponible de l'enveloppe "
                    "(%(available)s) : aucune réduction n'est nécessaire."
                )
                % {
                    "total": format_euros(totals.proposed),
                    "available": format_euros(totals.available),
                }
            )
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(session=session, status=S.EN_COMMISSION)
            .order_by("pk")
        )
        amounts = {d.pk: d.montant_propose or ZERO for d in dossiers}
        reduced = proportional_reduction(amounts, totals.available)
        ReducedAmount.objects.filter(review=review).delete()
        ReducedAmount.objects.bulk_create(
            ReducedAmount(review=review, dossier_id=pk, before=amounts[pk], after=reduced[pk])
            for pk in amounts
        )
        review.reduction_available = totals.available
        review.reduction_total_before = totals.proposed
        review.reduced_at = timezone.now()
        review.save(update_fields=["reduction_available", "reduction_total_before", "reduced_at"])
        audit_record(
            actor=actor,
            action="aides.session_apply_reduction",
            target=session,
            data={"available": str(totals.available), "total": str(totals.proposed)},
        )
    return review


def retained_amount(dossier: Dossier) -> Decimal | None:
    """The amount a decision attributes by default: the reduced amount of the session's
    reduction if one was applied, else the instructor's proposal."""
    reduction = (
        ReducedAmount.objects.filter(dossier=dossier, review__session_id=dossier.session_id)
        .values_list("after", flat=True)
        .first()
    )
    return reduction if reduction is not None else dossier.montant_propose
