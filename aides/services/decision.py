"""The president's decisions (RGA art. 4): attribution with an amount (never above the caps,
recomputed under the row lock) or refusal with its reason, per dossier or for a whole session;
the notification letter (PDF by the worker) and e-mail; contestations and the second review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aides.models import Avis, CommissionSession, Contestation, Decision, Dossier
from aides.rules_commission import amount_within_maximum, avis_majority, bilan_due_date
from aides.services.commission import retained_amount
from aides.services.computation import dossier_computation
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.money import format_euros
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.workflow import TransitionNotAllowed

S = DossierStatus
DECISION_LETTER_KIND = "aides.decision_letter"
CONTESTATION_KIND = "aides.contestation_recorded"


def _locked_for_decision(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status != S.EN_COMMISSION:
        # Another president decided first (or the dossier moved): nothing is changed.
        raise ValidationError(
            _(
                "Ce dossier n'est plus en commission (statut « %(status)s ») : il a déjà été "
                "décidé ou a changé de statut entre-temps. Rien n'a été modifié."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def _move(locked: Dossier, to: str, *, actor, comment: str, updates: dict) -> Dossier:
    try:
        return dossier_flow.apply(locked, to, actor=actor, comment=comment, updates=updates)
    except TransitionNotAllowed as exc:  # the lock above already checked the status
        raise ValidationError(exc.messages) from exc


def dossier_attribute(
    *, dossier: Dossier, amount: Decimal, reason: str, actor: User, on: datetime.date | None = None
) -> Decision:
    """Attribution (art. 4) of ``amount``: refused above the maximum aid recomputed now with
    ``dossier_computation`` (the programme's caps and what the beneficiary was granted since);
    sets ``montant_attribue``, ``decided_on`` and ``bilan_due_on`` through the workflow, then the
    letter and the e-mail."""
    on = on or today()
    with transaction.atomic():
        locked = _locked_for_decision(dossier)
        maximum = dossier_computation(locked).amount
        if amount is None or not amount_within_maximum(amount, maximum):
            raise ValidationError(
                {
                    "amount": _(
                        "Le montant attribué doit être supérieur à 0 et ne peut pas dépasser "
                        "l'aide maximale recalculée du dossier (%(max)s)."
                    )
                    % {"max": format_euros(maximum)}
                }
            )
        bilan_on = bilan_due_date(on, locked.programme_definition.bilan_months)
        comment = _("Aide attribuée : %(amount)s") % {"amount": format_euros(amount)}
        if reason:
            comment += f" — {reason}"
        locked = _move(
            locked,
            S.ATTRIBUE,
            actor=actor,
            comment=comment,
            updates={"montant_attribue": amount, "decided_on": on, "bilan_due_on": bilan_on},
        )
        decision = Decision.objects.create(
            dossier=locked,
            kind=Decision.Kind.ATTRIBUTION,
            amount=amount,
            reason=reason or "",
            decided_on=on,
            decided_by=actor,
            bilan_due_on=bilan_on,
        )
        outbox_enqueue(DECISION_LETTER_KIND, {"decision_id": decision.pk})
        audit_record(
            actor=actor,
            action="aides.dossier_attribute",
            target=locked,
            data={"amount": str(amount), "maximum": str(maximum)},
        )
    dossier.refresh_from_db()
    return decision


def dossier_refuse(
    *, dossier: Dossier, reason: str, actor: User, on: datetime.date | None = None
) -> Decision:
    """Refusal (art. 4) with its reason, notified by letter and e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Le motif du refus est obligatoire.")})
    on = on or today()
    with transaction.atomic():
        locked = _locked_for_decision(dossier)
        locked = _move(
            locked,
            S.REFUSE,
            actor=actor,
            comment=_("Aide refusée — %(reason)s") % {"reason": reason},
            updates={"decided_on": on, "montant_attribue": None, "bilan_due_on": None},
        )
        decision = Decision.objects.create(
            dossier=locked, kind=Decision.Kind.REFUS, reason=reason, decided_on=on, decided_by=actor
        )
        outbox_enqueue(DECISION_LETTER_KIND, {"decision_id": decision.pk})
        audit_record(actor=actor, action="aides.dossier_refuse", target=locked, data={})
    dossier.refresh_from_db()
    return decision


@dataclass
class SessionDecisionResult:
    attributed: list[Dossier] = field(default_factory=list)
    refused: list[Dossier] = field(default_factory=list)
    left: list[tuple[Dossier, str]] = field(default_factory=list)


def session_decide(
    *, session: CommissionSession, refusal_reason: str, actor: User
) -> SessionDecisionResult:
    """The decision of a whole session (art. 4), following the commission's avis: a dossier
    whose avis is favorable by majority is attributed its retained amount (reduced if the
    session's reduction was applied, else the instructor's proposal); défavorable by majority,
    refused with ``refusal_reason``; the others (ajourné, no majority, no avis, an amount above
    the caps) stay en commission for a decision one by one, with the reason."""
    refusal_reason = (refusal_reason or "").strip()
    if not refusal_reason:
        raise ValidationError({"refusal_reason": _("Le motif des refus est obligatoire.")})
    result = SessionDecisionResult()
    dossiers = list(
        Dossier.objects.filter(session=session, status=S.EN_COMMISSION).order_by("number")
    )
    kinds: dict[int, list[str]] = {}
    for dossier_id, kind in Avis.objects.filter(dossier__in=dossiers, superseded=False).values_list(
        "dossier_id", "kind"
    ):
        kinds.setdefault(dossier_id, []).append(kind)
    for dossier in dossiers:
        majority = avis_majority(kinds.get(dossier.pk, []))
        try:
            if majority == Avis.Kind.FAVORABLE:
                amount = retained_amount(dossier)
                if not amount:
                    result.left.append((dossier, _("aucun montant proposé")))
                    continue
                dossier_attribute(
                    dossier=dossier,
                    amount=amount,
                    reason=_("Décision de la session « %(s)s »") % {"s": session.label},
                    actor=actor,
                )
                result.attributed.append(dossier)
            elif majority == Avis.Kind.DEFAVORABLE:
                dossier_refuse(dossier=dossier, reason=refusal_reason, actor=actor)
                result.refused.append(dossier)
            else:
                result.left.append((dossier, _("pas d'avis majoritaire favorable ou défavorable")))
        except ValidationError as error:
            result.left.append((dossier, " ".join(error.messages)))
    audit_record(
        actor=actor,
        action="aides.session_decide",
        target=session,
        data={
            "attributed": [d.pk for d in result.attributed],
            "refused": [d.pk for d in result.refused],
            "left": [d.pk for d, _reason in result.left],
        },
    )
    return result


def _last_decision(dossier: Dossier) -> Decision | None:
    return Decision.objects.filter(dossier=dossier).order_by("-created_at", "-pk").first()


def contestation_record(
    *, dossier: Dossier, received_on: datetime.date, text: str, actor: User
) -> Contestation:
    """Art. 4: a contestation of the decision (registered letter) is recorded with its date of
    receipt and its object; the applicant is told by e-mail."""
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Résumez l'objet de la contestation.")
    if received_on is None or received_on > today():
        errors["received_on"] = _("La date de réception ne peut pas être dans le futur.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        decision = _last_decision(locked)
        if locked.status not in (S.ATTRIBUE, S.REFUSE) or decision is None:
            raise ValidationError(_("Seule une décision d'attribution ou de refus se conteste."))
        if received_on < decision.decided_on:
            raise ValidationError(
                {"received_on": _("La contestation ne peut pas précéder la décision.")}
            )
        contestation = Contestation.objects.create(
            dossier=locked, decision=decision, received_on=received_on, text=text, recorded_by=actor
        )
        outbox_enqueue(CONTESTATION_KIND, {"contestation_id": contestation.pk})
        audit_record(actor=actor, action="aides.contestation_record", target=locked, data={})
    return contestation


def contestation_pending_errors(dossier: Dossier) -> list[str]:
    """Guard of attribué/refusé → en commission: a contestation is recorded and not yet sent
    back (art. 4: the president « peut saisir la commission » in the light of it)."""
    if not Contestation.objects.filter(dossier=dossier, sent_back_at__isnull=True).exists():
        return [_("Une seconde instruction suppose une contestation enregistrée sur ce dossier.")]
    return []


def dossier_second_review(*, dossier: Dossier, reason: str, actor: User) -> Dossier:
    """Art. 4: the president sends a contested dossier back to the commission « pour statuer
    une seconde fois »: the earlier avis are kept but superseded (each member gives a new one),
    the decision fields are cleared, the contestation is marked sent back."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indiquez pourquoi la commission est saisie à nouveau.")}
        )
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        locked = dossier_flow.apply(
            locked,
            S.EN_COMMISSION,
            actor=actor,
            comment=_("Seconde instruction par la commission — %(reason)s") % {"reason": reason},
            updates={"montant_attribue": None, "decided_on": None, "bilan_due_on": None},
        )
        Avis.objects.filter(dossier=locked, superseded=False).update(superseded=True)
        Contestation.objects.filter(dossier=locked, sent_back_at__isnull=True).update(
            sent_back_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="aides.dossier_second_review",
            target=locked,
            data={"reason": reason},
        )
    dossier.refresh_from_db()
    return locked
