"""Every write on a dossier from the applicant's side: create, save a step, budget lines, other
public aids, documents, delete a draft, deposit. Each is atomic, records its actor in the audit
log and checks ``lock_version`` under the row lock: a page loaded before another member saved
is refused instead of overwriting silently (and a double submission changes nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aides import programmes
from aides.models import BudgetLine, CommissionSession, Dossier, DossierDocument, OtherPublicAid
from aides.programmes.base import MAX_AMOUNT, MORALE, PHYSIQUE
from aides.services.checks import already_deposited_message
from aides.services.computation import budget_categories, budget_totals, dossier_computation
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.audit import audit_record
from cnm_portal.money import format_euros
from cnm_portal.uploads import delete_file_on_commit, validate_upload
from espace_pro.models import Structure

S = DossierStatus

# The steps of the form, in order (one URL each).
STEPS = (
    ("demandeur", _("Demandeur et contact")),
    ("projet", _("Projet")),
    ("budget", _("Budget")),
    ("financement", _("Plan de financement")),
    ("pieces", _("Pièces justificatives")),
    ("recapitulatif", _("Récapitulatif et éligibilité")),
    ("depot", _("Attestation et dépôt")),
)
STEP_NAMES = tuple(name for name, _label in STEPS)
CONTACT_FIELDS = (
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "address",
    "postal_code",
    "city",
)
PROJECT_FIELDS = ("project_title", "project_description")


def applicant_kind(structure: Structure) -> str:
    return PHYSIQUE if structure.is_personne_physique else MORALE


def _locked(dossier: Dossier, lock_version: int | None) -> Dossier:
    """The dossier under its row lock, still a draft, unchanged since the page was loaded."""
    locked = (
        Dossier.objects.select_for_update()
        .select_related("structure", "session")
        .get(pk=dossier.pk)
    )
    if not locked.editable:
        raise ValidationError(already_deposited_message(locked), code="locked")
    if lock_version is not None and locked.lock_version != lock_version:
        when = timezone.localtime(locked.updated_at).strftime("%d/%m/%Y à %H:%M")
        who = locked.updated_by.get_full_name() if locked.updated_by else _("un autre membre")
        raise ValidationError(
            _(
                "Ce dossier a été modifié par %(who)s le %(when)s depuis que vous avez ouvert "
                "cette page : vos modifications n'ont pas été enregistrées. Rechargez la page "
                "pour voir la version à jour."
            )
            % {"who": who, "when": when},
            code="stale",
        )
    return locked


def _touch(dossier: Dossier, actor: User | None, **fields: Any) -> None:
    fields.update(
        lock_version=F("lock_version") + 1,
        updated_at=timezone.now(),
        updated_by=actor if actor is not None and actor.pk else None,
    )
    Dossier.objects.filter(pk=dossier.pk).update(**fields)


def dossier_create(
    *, structure: Structure, programme: str, session: CommissionSession, actor: User | None
) -> Dossier:
    """A new draft for ``programme`` and ``session``, the contact prefilled from the structure
    and the person who starts it."""
    try:
        definition = programmes.get(programme)
    except KeyError:
        raise ValidationError({"programme": _("Programme inconnu.")}) from None
    if definition.closed:
        raise ValidationError({"programme": _("Ce programme est clos.")})
    if not definition.accepts(applicant_kind(structure), structure.legal_form):
        raise ValidationError(
            {
                "programme": _("Ce programme n'est pas ouvert à votre structure (%(form)s).")
                % {"form": structure.get_legal_form_display()}
            }
        )
    if session.programme != definition.article:
        raise ValidationError({"session": _("Cette session ne concerne pas ce programme.")})
    if not session.is_open():
        raise ValidationError({"session": _("Les dépôts ne sont pas ouverts pour cette session.")})
    contact_name = actor.get_full_name() if actor is not None else ""
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    dossier = Dossier.objects.create(
                        structure=structure,
                        programme=definition.article,
                        programme_version=definition.version,
                        session=session,
                        contact_name=contact_name,
                        contact_email=getattr(actor, "email", "") or "",
                        address=structure.address,
                        postal_code=structure.postal_code,
                        city=structure.city,
                        created_by=actor,
                        updated_by=actor,
                    )
                break
            except IntegrityError:  # the random number already exists: draw another
                continue
        else:  # pragma: no cover - 32^8 numbers a year
            raise ValidationError(_("Impossible de créer le dossier, réessayez."))
        dossier_flow.start(dossier, actor=actor, comment=_("Brouillon créé"))
        audit_record(
            actor=actor,
            action="aides.dossier_create",
            target=dossier,
            data={"programme": definition.article, "session": session.pk},
        )
    return dossier


def clean_figures(dossier: Dossier, raw: Mapping[str, object]) -> dict[str, object]:
    """The figures of one step as stored (stripped strings), or ``ValidationError`` keyed by
    figure name."""
    programme = dossier.programme_definition
    errors: dict[str, str] = {}
    stored: dict[str, object] = {}
    for name, value in raw.items():
        figure = programme.figure(name)
        _typed, error = figure.parse(value)
        if error:
            errors[name] = error
        elif isinstance(value, list):  # a TABLE figure: rows of raw cells
            stored[name] = [
                {k: ("" if v is None else str(v).strip()) for k, v in row.items()} for row in value
            ]
        elif isinstance(value, bool):
            stored[name] = "true" if value else "false"
        else:
            stored[name] = "" if value is None else str(value).strip()
    if errors:
        raise ValidationError(errors)
    return stored


def dossier_save_step(
    *,
    dossier: Dossier,
    actor: User,
    step: str,
    lock_version: int,
    fields: Mapping[str, Any] | None = None,
    figures: Mapping[str, object] | None = None,
) -> Dossier:
    """Save one step of the form: the dossier's own fields of that step and the figures asked
    there (stored as entered). Refused when another member saved since ``lock_version``."""
    if step not in STEP_NAMES:
        raise ValueError(step)
    fields = dict(fields or {})
    allowed = {"demandeur": CONTACT_FIELDS, "projet": PROJECT_FIELDS}.get(step, ())
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"fields {sorted(unknown)} are not saved by step {step}")
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        stored = clean_figures(locked, figures or {})
        if step == "financement" and locked.programme_definition.uses_budget:
            probe = Dossier(figures={**locked.figures, **stored})
            totals = budget_totals(
                probe,
                lines=list(locked.budget_lines.all()),
                aids=list(locked.other_aids.all()),
            )
            if not totals.balanced:
                raise ValidationError(
                    {
                        "montant_sollicite": _(
                            "Le plan de financement n'est pas équilibré : les ressources "
                            "(%(resources)s, dont l'aide sollicitée) doivent égaler les dépenses "
                            "(%(expenses)s). Écart : %(gap)s."
                        )
                        % {
                            "resources": format_euros(totals.resources),
                            "expenses": format_euros(totals.expenses),
                            "gap": format_euros(abs(totals.expenses - totals.resources)),
                        }
                    }
                )
        if (
            step == "budget"
            and locked.programme_definition.uses_budget
            and not locked.budget_lines.filter(kind=BudgetLine.Kind.DEPENSE).exists()
        ):
            raise ValidationError(
                {"__all__": _("Ajoutez au moins une ligne de dépense au budget du projet.")}
            )
        steps_done = list(locked.steps_done)
        if step not in steps_done:
            steps_done.append(step)
        _touch(
            locked,
            actor,
            figures={**locked.figures, **stored},
            steps_done=steps_done,
            **fields,
        )
        audit_record(
            actor=actor,
            action="aides.dossier_save_step",
            target=locked,
            data={"step": step, "fields": sorted(fields), "figures": sorted(stored)},
        )
    return Dossier.objects.select_related("structure", "session").get(pk=dossier.pk)


def dossier_delete(*, dossier: Dossier, actor: User) -> None:
    """Delete a draft (a deposited dossier is never deleted)."""
    with transaction.atomic():
        locked = _locked(dossier, None)
        for document in locked.documents.all():
            delete_file_on_commit(document.file)
        audit_record(
            actor=actor,
            action="aides.dossier_delete",
            target=locked,
            data={"number": locked.number, "structure": locked.structure_id},
        )
        locked.delete()


def _amount(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", "").replace("\xa0", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Saisissez un montant en euros.")}) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Le montant a au plus deux décimales.")})
    if amount < 0:
        raise ValidationError({field: _("Le montant ne peut pas être négatif.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("Montant trop élevé.")})
    return amount


def budget_line_add(
    *,
    dossier: Dossier,
    actor: User,
    lock_version: int,
    kind: str,
    label: str,
    amount: object,
    category: str = "",
) -> BudgetLine:
    if kind not in BudgetLine.Kind.values:
        raise ValueError(kind)
    amount = _amount(amount, "amount")
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Indiquez le libellé de la ligne.")})
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        if kind == BudgetLine.Kind.DEPENSE:
            codes = {c.code for c in budget_categories(locked.programme_definition)}
            if category not in codes:
                raise ValidationError({"category": _("Choisissez un poste de dépense.")})
        else:
            category = ""
        line = BudgetLine.objects.create(
            dossier=locked, kind=kind, category=category, label=label[:255], amount=amount
        )
        _touch(locked, actor)
        audit_record(
            actor=actor,
            action="aides.budget_line_add",
            target=locked,
            data={"kind": kind, "category": category, "amount": str(amount)},
        )
    return line


def budget_line_remove(*, dossier: Dossier, actor: User, lock_version: int, line_id: int) -> None:
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        line = locked.budget_lines.filter(pk=line_id).first()
        if line is None:
            raise ValidationError(_("Cette ligne n'existe plus."))
        audit_record(
            actor=actor,
            action="aides.budget_line_remove",
            target=locked,
            data={"kind": line.kind, "label": line.label, "amount": str(line.amount)},
        )
        line.delete()
        _touch(locked, actor)


def other_aid_add(
    *, dossier: Dossier, actor: User, lock_version: int, funder: str, amount: object, status: str
) -> OtherPublicAid:
    """Art. 3: declare another public aid requested or obtained for the project."""
    amount = _amount(amount, "amount")
    funder = (funder or "").strip()
    if not funder:
        raise ValidationError({"funder": _("Indiquez le financeur.")})
    if status not in OtherPublicAid.Status.values:
        raise ValidationError({"status": _("Indiquez si l'aide est demandée ou obtenue.")})
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        aid = OtherPublicAid.objects.create(
            dossier=locked, funder=funder[:255], amount=amount, status=status
        )
        _touch(locked, actor)
        audit_record(
            actor=actor,
            action="aides.other_aid_add",
            target=locked,
            data={"funder": aid.funder, "amount": str(amount), "status": status},
        )
    return aid


def other_aid_remove(*, dossier: Dossier, actor: User, lock_version: int, aid_id: int) -> None:
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        aid = locked.other_aids.filter(pk=aid_id).first()
        if aid is None:
            raise ValidationError(_("Cette aide n'existe plus."))
        audit_record(
            actor=actor,
            action="aides.other_aid_remove",
            target=locked,
            data={"funder": aid.funder, "amount": str(aid.amount)},
        )
        aid.delete()
        _touch(locked, actor)


def document_add(
    *, dossier: Dossier, actor: User, lock_version: int, code: str, upload: UploadedFile
) -> DossierDocument:
    """Attach a document of the programme's list (checked by content: PDF, JPEG, PNG)."""
    codes = {d.code for d in dossier.programme_definition.documents}
    if code not in codes:
        raise ValidationError({"code": _("Choisissez une pièce de la liste.")})
    try:
        validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        document = DossierDocument.objects.create(
            dossier=locked,
            code=code,
            file=upload,
            original_name=(upload.name or "piece")[:255],
            uploaded_by=actor,
        )
        _touch(locked, actor)
        audit_record(
            actor=actor,
            action="aides.document_add",
            target=locked,
            data={"code": code, "name": document.original_name},
        )
    return document


def document_remove(*, dossier: Dossier, actor: User, lock_version: int, document_id: int) -> None:
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        document = locked.documents.filter(pk=document_id).first()
        if document is None:
            raise ValidationError(_("Cette pièce n'existe plus."))
        delete_file_on_commit(document.file)
        audit_record(
            actor=actor,
            action="aides.document_remove",
            target=locked,
            data={"code": document.code, "name": document.original_name},
        )
        document.delete()
        _touch(locked, actor)


def dossier_deposit(*, dossier: Dossier, actor: User, lock_version: int, sworn: bool) -> Dossier:
    """Step 7: the attestation sur l'honneur and the deposit. The deposit guards (deadline,
    affiliation on the deposit date, applicant, figures and criteria, budget, documents,
    attestation, yearly limit, art. 4) are checked by the workflow under the row lock; the
    figures, the computation, the eligibility, the maximum aid and the programme version are
    stored with the move. A second click finds the dossier deposited and changes nothing."""
    if not sworn:
        raise ValidationError(
            {"sworn": _("Cochez l'attestation sur l'honneur pour déposer le dossier.")}
        )
    with transaction.atomic():
        locked = _locked(dossier, lock_version)
        now = timezone.now()
        definition = programmes.get(locked.programme, on=timezone.localdate(now))
        Dossier.objects.filter(pk=locked.pk).update(
            sworn_at=now,
            sworn_by=actor,
            programme_version=definition.version,
            deposited_at=now,
        )
        locked = Dossier.objects.select_related("structure", "session").get(pk=locked.pk)
        computation = dossier_computation(locked)
        from aides.services.computation import dossier_figures

        figures = dossier_figures(locked)
        deposited = dossier_flow.apply(
            locked,
            S.DEPOSE,
            actor=actor,
            comment=_("Dossier déposé"),
            updates={
                "deposited_by": actor,
                "deposited_figures": figures,
                "computation": computation.as_dict(),
                "eligible": computation.eligible,
                "montant_maximum": computation.amount,
                "montant_sollicite": _requested(figures),
                "lock_version": locked.lock_version + 1,
                "updated_at": now,
                "updated_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="aides.dossier_deposit",
            target=deposited,
            data={"amount": str(computation.amount), "version": definition.version},
        )
    return deposited


def _requested(figures: Mapping[str, object]) -> Decimal | None:
    from aides.programmes.base import MONTANT_SOLLICITE

    typed, error = MONTANT_SOLLICITE.parse(figures.get("montant_sollicite"))
    return None if error else typed
