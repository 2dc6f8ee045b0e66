"""The bilan of an aid (RGA art. 6) and the RSE incentive (art. 11): filing before the deadline,
reminders, extensions, validation with the balance recomputed by the programme's ``compute`` on
the actual expenses, rejection (the aid cancelled, what was paid asked back), the annexe 4 grid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aides import rse, rules
from aides.models import Dossier
from aides.models_paiement import (
    Bilan,
    BilanDocument,
    BilanExtension,
    BilanLine,
    RseClaim,
    Versement,
)
from aides.services import paiement
from aides.services.computation import budget_categories, dossier_applicant, dossier_figures
from aides.workflow import DossierStatus
from aides.workflow_paiement import (
    BilanStatus,
    ExtensionStatus,
    RseStatus,
    VersementStatus,
    bilan_flow,
    extension_flow,
    rse_flow,
    versement_flow,
)
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import format_euros, round_cents, sum_money
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.uploads import validate_upload

S = DossierStatus
B = BilanStatus
VALIDATED_KIND = "aides.bilan_validated"
RSE_KIND = "aides.rse_validated"
MAX_EXTENSION_DAYS = 366


def _emails(dossier: Dossier) -> list[str]:
    from aides.documents import members_emails

    return members_emails(dossier.structure_id)


def _notify(dossier: Dossier, prefix: str, **context) -> None:
    recipients = _emails(dossier)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"aides/email/{prefix}",
            context={"dossier": dossier, "structure": dossier.structure, **context},
        )


# --- filing -----------------------------------------------------------------------------------


def _check_files(files, label: str) -> list[str]:
    errors = []
    for file in files:
        try:
            validate_upload(file)
        except ValidationError as error:
            errors.extend(f"{label} : {m}" for m in error.messages)
    return errors


def bilan_file(
    *,
    bilan: Bilan,
    expenses: dict[str, Decimal],
    revenues: Decimal,
    comment: str,
    documents: list,
    rse_documents: list,
    actor: Any,
) -> Bilan:
    """The applicant files the bilan: actual expenses by the programme's categories, actual
    revenues, the supporting documents (and the RSE evidence when the grid was filled). Refused
    after the deadline without extension (the workflow's guard, under the lock)."""
    errors: dict[str, list[str]] = {}
    for code, amount in expenses.items():
        if amount is not None and amount < 0:
            errors.setdefault(f"depense_{code}", []).append(_("Un montant ne peut être négatif."))
    if revenues is not None and revenues < 0:
        errors.setdefault("revenues", []).append(_("Un montant ne peut être négatif."))
    if not any(a for a in expenses.values() if a):
        errors.setdefault("__all__", []).append(_("Indiquez au moins une dépense réalisée."))
    if not documents:
        errors.setdefault("documents", []).append(_("Joignez les justificatifs des dépenses."))
    file_errors = _check_files(documents, _("Justificatifs"))
    if file_errors:
        errors.setdefault("documents", []).extend(file_errors)
    file_errors = _check_files(rse_documents, _("Justificatifs RSE"))
    if file_errors:
        errors.setdefault("rse_documents", []).extend(file_errors)
    claim = RseClaim.objects.filter(dossier_id=bilan.dossier_id, status=RseStatus.DECLAREE).first()
    if claim is not None and not rse_documents:
        errors.setdefault("rse_documents", []).append(
            _("Vous avez rempli la grille RSE : joignez ses justificatifs (article 11).")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().select_related("dossier").get(pk=bilan.pk)
        if locked.status != B.A_DEPOSER:
            raise ValidationError(_("Ce bilan a déjà été déposé."))
        if locked.dossier.status not in (S.ATTRIBUE, S.EN_PAIEMENT):
            raise ValidationError(
                _("Le dossier est au statut « %(s)s » : le bilan ne peut être déposé.")
                % {"s": S(locked.dossier.status).label}
            )
        categories = {c.code: c for c in budget_categories(locked.dossier.programme_definition)}
        locked.lines.all().delete()
        BilanLine.objects.bulk_create(
            [
                BilanLine(
                    bilan=locked,
                    kind="depense",
                    category=code,
                    label=categories[code].label,
                    amount=round_cents(amount),
                )
                for code, amount in expenses.items()
                if amount and code in categories
            ]
            + (
                [
                    BilanLine(
                        bilan=locked,
                        kind="recette",
                        label=_("Recettes réalisées"),
                        amount=round_cents(revenues),
                    )
                ]
                if revenues
                else []
            )
        )
        for code, files in (("justificatifs", documents), ("rse", rse_documents)):
            for file in files:
                document = BilanDocument(
                    bilan=locked,
                    code=code,
                    original_name=getattr(file, "name", "piece.pdf")[:255],
                    uploaded_by=actor if actor is not None and actor.pk else None,
                )
                document.file.save(document.original_name, file, save=False)
                document.save()
        bilan = bilan_flow.apply(
            locked,
            B.DEPOSE,
            actor=actor,
            comment=_("Bilan déposé"),
            updates={
                "comment": (comment or "").strip(),
                "filed_at": timezone.now(),
                "filed_by": actor if actor is not None and actor.pk else None,
            },
        )
        audit_record(actor=actor, action="aides.bilan_file", target=bilan)
        _notify(locked.dossier, "bilan_filed", bilan=bilan)
    return bilan


# --- reminders and extensions -------------------------------------------------------------------


def bilan_send_reminders(*, on: datetime.date | None = None) -> int:
    """Daily job: the reminders 30 and 7 days before the deadline, each sent once (idempotent:
    the days sent are recorded on the bilan under its lock)."""
    on = on or today()
    horizon = on + datetime.timedelta(days=max(rules.BILAN_REMINDER_DAYS))
    sent = 0
    candidates = Bilan.objects.filter(
        status=B.A_DEPOSER,
        due_on__gte=on,
        due_on__lte=horizon,
        dossier__status__in=(S.ATTRIBUE, S.EN_PAIEMENT),
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            bilan = (
                Bilan.objects.select_for_update().select_related("dossier__structure").get(pk=pk)
            )
            days = rules.bilan_reminder_due(due_on=bilan.due_on, on=on, sent=bilan.reminders_sent)
            if days is None:
                continue
            Bilan.objects.filter(pk=pk).update(reminders_sent=[*bilan.reminders_sent, days])
            _notify(bilan.dossier, "bilan_reminder", bilan=bilan, days=(bilan.due_on - on).days)
            sent += 1
    return sent


def bilan_extension_request(
    *, bilan: Bilan, reason: str, requested_until: datetime.date, actor: Any
) -> BilanExtension:
    """Art. 6: asked in writing before the deadline, with the reasons of the delay."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Précisez les motifs du retard.")
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
        if locked.status != B.A_DEPOSER:
            raise ValidationError(_("Le bilan a déjà été déposé."))
        if not rules.extension_request_allowed(due_on=locked.due_on, on=today()):
            raise ValidationError(
                _(
                    "Une prorogation se demande avant la date limite (%(date)s) : elle est "
                    "dépassée. Contactez le CNM."
                )
                % {"date": f"{locked.due_on:%d/%m/%Y}"}
            )
        if requested_until is None or requested_until <= locked.due_on:
            errors["requested_until"] = _("La nouvelle date doit suivre la date limite actuelle.")
        elif (requested_until - locked.due_on).days > MAX_EXTENSION_DAYS:
            errors["requested_until"] = _("Une prorogation ne dépasse pas un an.")
        if errors:
            raise ValidationError(errors)
        if locked.extensions.filter(status=ExtensionStatus.DEMANDEE).exists():
            raise ValidationError(_("Une demande de prorogation est déjà en cours d'examen."))
        extension = BilanExtension.objects.create(
            bilan=locked,
            reason=reason,
            requested_until=requested_until,
            previous_due_on=locked.due_on,
            requested_by=actor if actor is not None and actor.pk else None,
        )
        extension_flow.start(extension, actor=actor, comment=reason)
        audit_record(actor=actor, action="aides.bilan_extension_request", target=extension)
    return extension


def bilan_extension_decide(
    *,
    extension: BilanExtension,
    grant: bool,
    granted_until: datetime.date | None,
    answer: str,
    actor: Any,
) -> BilanExtension:
    """Staff grant the extension (a new date, after the current deadline) or refuse it (with
    the reason); the applicant is told."""
    answer = (answer or "").strip()
    with transaction.atomic():
        locked = (
            BilanExtension.objects.select_for_update()
            .select_related("bilan__dossier__structure")
            .get(pk=extension.pk)
        )
        bilan = Bilan.objects.select_for_update().get(pk=locked.bilan_id)
        if grant:
            if granted_until is None or granted_until <= bilan.due_on:
                raise ValidationError(
                    {"granted_until": _("La nouvelle date doit suivre la date limite actuelle.")}
                )
            extension = extension_flow.apply(
                locked,
                ExtensionStatus.ACCORDEE,
                actor=actor,
                comment=answer,
                updates={"granted_until": granted_until, "answer": answer, "decided_by": actor},
            )
            Bilan.objects.filter(pk=bilan.pk).update(due_on=granted_until, reminders_sent=[])
            Dossier.objects.filter(pk=bilan.dossier_id).update(bilan_due_on=granted_until)
        else:
            if not answer:
                raise ValidationError({"answer": _("Indiquez le motif du refus.")})
            extension = extension_flow.apply(
                locked,
                ExtensionStatus.REFUSEE,
                actor=actor,
                comment=answer,
                updates={"answer": answer, "decided_by": actor},
            )
        audit_record(
            actor=actor,
            action="aides.bilan_extension_decide",
            target=extension,
            data={"grant": grant},
        )
        _notify(locked.bilan.dossier, "bilan_extension", extension=extension)
    return extension


# --- validation ------------------------------------------------------------------------------


def bilan_recompute(bilan: Bilan):
    """The programme's ``compute`` on the dossier's figures with the actual expenses of the
    bilan by category (the caps apply to what was spent); the aids granted this year are read
    again. Returns (computation, aid validated)."""
    dossier = bilan.dossier
    programme = dossier.programme_definition
    current = dossier_figures(dossier)
    figures = dict(dossier.deposited_figures or current)
    for name, value in current.items():
        if name.startswith("deja_") or name not in figures:
            figures[name] = value
    lines = list(bilan.lines.all())
    spent: dict[str, Decimal] = {}
    for line in lines:
        if line.kind == "depense":
            spent[line.category] = spent.get(line.category, Decimal("0.00")) + line.amount
    for category in budget_categories(programme):
        if category.figure:
            figures[category.figure] = str(spent.get(category.code, Decimal("0.00")))
    figures["budget_total"] = str(sum_money(spent.values()))
    computation = programme.compute(figures, applicant=dossier_applicant(dossier))
    validated = rules.aid_validated_at_bilan(
        recomputed=computation.amount, attribue=dossier.montant_attribue or Decimal("0.00")
    )
    return computation, validated


def bilan_validate(
    *, bilan: Bilan, actor: Any, comment: str = "", amount: Decimal | None = None
) -> Bilan:
    """The instructor validates the bilan: the aid is recomputed on the actual expenses (never
    above the caps applied to what was spent, never above the aid attributed; the instructor may
    retain less, a partial cancellation); the balance is ordered, or what was paid above it is
    asked back."""
    from aides.services.remboursement import remboursement_create

    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update().select_related("structure").get(pk=bilan.dossier_id)
        )
        locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
        locked.dossier = dossier
        errors = bilan_flow.can(locked, B.VALIDE)
        if errors:
            raise ValidationError(errors)
        computation, validated = bilan_recompute(locked)
        if amount is not None:
            if amount < 0 or round_cents(amount) > validated:
                raise ValidationError(
                    {
                        "amount": _(
                            "Le montant retenu doit être compris entre 0 et %(max)s (aide recalculée)."
                        )
                        % {"max": format_euros(validated)}
                    }
                )
            validated = round_cents(amount)
        paid = paiement.amount_paid(dossier)
        for versement in Versement.objects.filter(
            dossier_id=dossier.pk, status=VersementStatus.PREVU
        ).exclude(kind=Versement.Kind.INCITATION_RSE):
            versement_flow.apply(
                versement,
                VersementStatus.ANNULE,
                actor=actor,
                comment=_("Remplacé par le solde du bilan"),
            )
        bilan = bilan_flow.apply(
            locked,
            B.VALIDE,
            actor=actor,
            comment=comment or _("Aide validée : %(a)s") % {"a": format_euros(validated)},
            updates={
                "montant_valide": validated,
                "computation": computation.as_dict(),
                "decision_comment": comment,
                "decided_at": timezone.now(),
                "decided_by": actor if actor is not None and actor.pk else None,
            },
        )
        balance = validated - paid
        if balance > 0:
            solde = Versement.objects.create(
                dossier_id=dossier.pk,
                kind=Versement.Kind.SOLDE,
                label=_("Solde sur présentation du bilan"),
                trigger="bilan",
                amount=balance,
            )
            versement_flow.start(solde, actor=actor, comment=solde.label)
            outbox_enqueue(paiement.ORDER_KIND, {"dossier_id": dossier.pk})
        elif balance < 0:
            remboursement_create(
                dossier=dossier,
                paid=paid,
                due=validated,
                reason=comment or _("Aide réduite au vu du bilan (article 6)."),
                full=validated == 0,
                actor=actor,
            )
        audit_record(
            actor=actor,
            action="aides.bilan_validate",
            target=bilan,
            data={"validated": str(validated), "paid": str(paid)},
        )
        outbox_enqueue(VALIDATED_KIND, {"bilan_id": bilan.pk})
        paiement.dossier_settle(dossier=dossier, actor=actor)
    return bilan


def bilan_reject(*, bilan: Bilan, actor: Any, reason: str):
    """Art. 6: « au vu des éléments fournis ou, le cas échéant, en leur absence » the aid is
    cancelled in full and what was paid asked back (a bilan not filed can be rejected once its
    deadline has passed)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du rejet.")})
    with transaction.atomic():
        locked = Bilan.objects.select_for_update().get(pk=bilan.pk)
        bilan_flow.apply(
            locked,
            B.REJETE,
            actor=actor,
            comment=reason,
            updates={
                "decision_comment": reason,
                "decided_at": timezone.now(),
                "montant_valide": Decimal("0.00"),
            },
        )
        return paiement.dossier_cancel(
            dossier=Dossier.objects.get(pk=locked.dossier_id), actor=actor, reason=reason
        )


# --- RSE incentive (art. 11, annexe 4) -----------------------------------------------------------


def rse_claim_save(*, dossier: Dossier, codes: list[str], actor: Any) -> RseClaim:
    """The applicant fills the annexe 4 grid (from the deposit until the bilan is filed)."""
    from aides.selectors_paiement import RSE_FILLABLE

    grid = {c.code for c in rse.grid_for(dossier.programme)}
    if not dossier.programme_definition.rse_grid or not grid:
        raise ValidationError(_("Ce programme n'ouvre pas l'incitation RSE (article 11)."))
    codes = list(dict.fromkeys(codes))
    if not codes:
        raise ValidationError({"codes": _("Cochez au moins un critère de la grille.")})
    if set(codes) - grid:
        raise ValidationError({"codes": _("Critère inconnu de la grille.")})
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in RSE_FILLABLE:
            raise ValidationError(_("La grille ne peut plus être remplie à ce stade du dossier."))
        bilan = Bilan.objects.filter(dossier_id=locked.pk).first()
        if bilan is not None and bilan.status != B.A_DEPOSER:
            raise ValidationError(_("Le bilan est déposé : la grille ne peut plus être modifiée."))
        claim = RseClaim.objects.filter(dossier_id=locked.pk).first()
        if claim is None:
            claim = RseClaim.objects.create(
                dossier=locked,
                claimed=codes,
                claimed_by=actor if actor is not None and actor.pk else None,
            )
            rse_flow.start(claim, actor=actor)
        elif claim.status != RseStatus.DECLAREE:
            raise ValidationError(_("La grille a déjà été instruite."))
        else:
            RseClaim.objects.filter(pk=claim.pk).update(claimed=codes, claimed_at=timezone.now())
            claim.claimed = codes
        audit_record(
            actor=actor, action="aides.rse_claim_save", target=claim, data={"codes": codes}
        )
    return claim


def rse_validate(*, claim: RseClaim, codes: list[str], actor: Any, answer: str = "") -> RseClaim:
    """The instructor validates the points of the criteria proven; the incentive is that
    percentage (at most 20 %) of the aid validated at the bilan, nothing under 5 % or 200 €,
    paid by a versement of its own with its notification."""
    with transaction.atomic():
        locked = RseClaim.objects.select_for_update().select_related("dossier").get(pk=claim.pk)
        codes = [c for c in dict.fromkeys(codes) if c in set(locked.claimed)]
        points = rse.points(locked.dossier.programme, codes)
        percentage = rules.rse_percentage(points)
        bilan = Bilan.objects.filter(dossier_id=locked.dossier_id).first()
        aid = (
            bilan.montant_valide if bilan is not None and bilan.montant_valide else Decimal("0.00")
        )
        amount = rules.rse_incentive(aid_validated=aid, percentage=percentage)
        claim = rse_flow.apply(
            locked,
            RseStatus.VALIDEE,
            actor=actor,
            comment=_("%(p)s point(s) validé(s) : %(a)s")
            % {"p": points, "a": format_euros(amount)},
            updates={
                "validated": codes,
                "percentage": percentage,
                "amount": amount,
                "answer": answer,
                "decided_by": actor,
            },
        )
        if amount > 0:
            versement = Versement.objects.create(
                dossier_id=locked.dossier_id,
                kind=Versement.Kind.INCITATION_RSE,
                label=_("Incitation financière RSE"),
                trigger="rse",
                amount=amount,
            )
            versement_flow.start(versement, actor=actor, comment=versement.label)
            outbox_enqueue(paiement.ORDER_KIND, {"dossier_id": locked.dossier_id})
        audit_record(
            actor=actor, action="aides.rse_validate", target=claim, data={"amount": str(amount)}
        )
        outbox_enqueue(RSE_KIND, {"claim_id": claim.pk})
    return claim


def rse_reject(*, claim: RseClaim, actor: Any, answer: str) -> RseClaim:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Indiquez le motif.")})
    claim = rse_flow.apply(
        claim,
        RseStatus.REJETEE,
        actor=actor,
        comment=answer,
        updates={"answer": answer, "decided_by": actor},
    )
    audit_record(actor=actor, action="aides.rse_reject", target=claim)
    outbox_enqueue(RSE_KIND, {"claim_id": claim.pk})
    return claim
