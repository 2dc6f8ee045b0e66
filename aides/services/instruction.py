"""Every write of the instruction (RGA art. 3): take a dossier, the checklist, requests for
missing items and the applicant's answer, caducité (periodic, idempotent), irrecevabilité,
eligibility with the recommendation. The preconditions of each move are the workflow's guards
(``aides.workflow_instruction``), checked under the row lock; a move refused there rolls back
whatever the service wrote before it, so a refused action changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aides.documents import members_emails
from aides.models import CommissionSession, Dossier, DossierDocument
from aides.models_instruction import ChecklistItem, MissingItemsRequest
from aides.rules_instruction import missing_items_deadline_errors
from aides.services.computation import derived_figure_names
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.uploads import validate_upload
from cnm_portal.workflow import TransitionNotAllowed

S = DossierStatus
Outcome = MissingItemsRequest.Outcome


def _notify(dossier: Dossier, template: str, **context) -> None:
    """E-mail to the members of the structure (after commit, through the outbox)."""
    recipients = members_emails(dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"aides/email/instruction_{template}",
            context={"dossier": dossier, "structure": dossier.structure, **context},
        )


def _move(dossier: Dossier, to: str, *, actor, comment: str = "", updates=None) -> Dossier:
    """``dossier_flow.apply`` with a clear message when someone else moved the dossier first
    (two instructors on the same dossier: the second changes nothing)."""
    try:
        return dossier_flow.apply(dossier, to, actor=actor, comment=comment, updates=updates)
    except TransitionNotAllowed:
        current = Dossier.objects.get(pk=dossier.pk)
        last = dossier_flow.history(current).order_by("-at", "-pk").first()
        who = last.actor_label if last else "—"
        when = timezone.localtime(last.at).strftime("%d/%m/%Y à %H:%M") if last else ""
        raise ValidationError(
            _(
                "Ce dossier a changé entre-temps : il est « %(status)s » depuis le %(when)s "
                "(%(who)s). Rien n'a été modifié."
            )
            % {"status": current.get_status_display(), "when": when, "who": who},
            code="stale",
        ) from None


def _fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related("structure", "session").get(pk=dossier.pk)


# --- taking a dossier ---------------------------------------------------------------------------


def dossier_take(*, dossier: Dossier, actor: User) -> Dossier:
    """Art. 3: an instructor takes the deposited dossier (« prendre en instruction »)."""
    with transaction.atomic():
        moved = _move(
            dossier,
            S.EN_INSTRUCTION,
            actor=actor,
            comment=_("Pris en instruction"),
            updates={"instructor": actor},
        )
        audit_record(actor=actor, action="aides.dossier_take", target=moved)
        _notify(_fresh(moved), "taken")
    return moved


def dossiers_take(*, dossiers: Iterable[Dossier], actor: User) -> tuple[int, list[str]]:
    """Bulk « prendre en instruction »: each dossier on its own (a refused one is reported)."""
    done, errors = 0, []
    for dossier in dossiers:
        try:
            dossier_take(dossier=dossier, actor=actor)
        except ValidationError as error:
            errors.append(f"{dossier.number} : {' '.join(error.messages)}")
        else:
            done += 1
    return done, errors


# --- the checklist ------------------------------------------------------------------------------

CHECKLIST_STATUSES = (S.EN_INSTRUCTION, S.INCOMPLET)


def checklist_save(
    *, dossier: Dossier, actor: User, ticks: Mapping[str, tuple[bool | None, str]]
) -> int:
    """Record the instructor's judgement on criteria: ``{code: (met, note)}``; ``met=None``
    leaves a criterion unjudged (its tick is removed). Returns the number of changed lines."""
    from aides.selectors_instruction import checklist

    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in CHECKLIST_STATUSES:
            raise ValidationError(
                _("La grille se remplit pendant l'instruction (dossier « %(s)s »).")
                % {"s": locked.get_status_display()}
            )
        rows = {row.code: row for row in checklist(locked)}
        unknown = set(ticks) - set(rows)
        if unknown:
            raise ValidationError(_("Critère inconnu : %(c)s.") % {"c": ", ".join(sorted(unknown))})
        changed = 0
        now = timezone.now()
        for code, (met, note) in ticks.items():
            row = rows[code]
            note = (note or "").strip()[:500]
            if met is None:
                if row.item is not None:
                    row.item.delete()
                    changed += 1
                continue
            if row.item is not None and row.item.met == met and row.item.note == note:
                continue
            ChecklistItem.objects.update_or_create(
                dossier=locked,
                code=code,
                defaults={
                    "label": row.label[:500],
                    "article": row.article,
                    "met": met,
                    "note": note,
                    "checked_by": actor,
                    "checked_at": now,
                },
            )
            changed += 1
        if changed:
            audit_record(
                actor=actor,
                action="aides.checklist_save",
                target=locked,
                data={code: met for code, (met, _n) in ticks.items()},
            )
    return changed


# --- missing items ------------------------------------------------------------------------------


def dossier_request_missing_items(
    *,
    dossier: Dossier,
    actor: User,
    documents: Iterable[str] = (),
    figures: Iterable[str] = (),
    other_items: str = "",
    deadline: datetime.date | None,
    message: str = "",
) -> MissingItemsRequest:
    """Art. 3: name the documents (programme's list) and figures to complete, or other items in
    free text, with a deadline; the dossier becomes incomplet and the members are told."""
    programme = dossier.programme_definition
    documents = list(dict.fromkeys(documents))
    figures = list(dict.fromkeys(figures))
    codes = {d.code for d in programme.documents}
    names = {f.name for f in programme.all_figures()} - derived_figure_names(programme)
    errors: dict[str, list[str]] = {}
    if set(documents) - codes:
        errors["documents"] = [_("Choisissez des pièces de la liste du programme.")]
    if set(figures) - names:
        errors["figures"] = [_("Choisissez des données du dossier.")]
    deadline_errors = missing_items_deadline_errors(deadline, today())
    if deadline_errors:
        errors["deadline"] = deadline_errors
    if not (documents or figures or other_items.strip()):
        errors["__all__"] = [_("Nommez au moins une pièce ou une information à compléter.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = MissingItemsRequest.objects.create(
            dossier=dossier,
            documents=documents,
            figures=figures,
            other_items=other_items.strip(),
            message=message.strip(),
            deadline=deadline,
            requested_by=actor,
        )
        labels = [d.label for d in programme.documents if d.code in documents]
        labels += [programme.figure(n).label for n in figures]
        if other_items.strip():
            labels.append(other_items.strip())
        comment = _("Pièces ou informations demandées avant le %(date)s : %(items)s") % {
            "date": deadline.strftime("%d/%m/%Y"),
            "items": " ; ".join(labels),
        }
        moved = _move(
            dossier,
            S.INCOMPLET,
            actor=actor,
            comment=comment,
            updates={"missing_items_deadline": deadline},
        )
        audit_record(
            actor=actor,
            action="aides.missing_items_request",
            target=moved,
            data={"documents": documents, "figures": figures, "deadline": str(deadline)},
        )
        _notify(_fresh(moved), "missing_items", request=request, items=labels)
    return request


def _locked_request(dossier: Dossier) -> tuple[Dossier, MissingItemsRequest]:
    """The dossier under its row lock, incomplet, and its open request (else a clear refusal)."""
    locked = (
        Dossier.objects.select_for_update()
        .select_related("structure", "session")
        .get(pk=dossier.pk)
    )
    request = locked.missing_items_requests.filter(outcome=Outcome.OPEN).first()
    if locked.status != S.INCOMPLET or request is None:
        raise ValidationError(
            _(
                "Aucune pièce ni information n'est demandée sur ce dossier : il n'est pas modifiable."
            )
        )
    return locked, request


def missing_items_add_document(
    *, dossier: Dossier, actor: User, code: str, upload: UploadedFile
) -> DossierDocument:
    """The applicant sends one of the documents asked (checked by content)."""
    with transaction.atomic():
        locked, request = _locked_request(dossier)
        if code not in request.documents:
            raise ValidationError({"code": _("Cette pièce n'est pas demandée par le CNM.")})
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        document = DossierDocument.objects.create(
            dossier=locked,
            code=code,
            file=upload,
            original_name=(upload.name or "piece")[:255],
            uploaded_by=actor,
        )
        if code not in request.provided_documents:
            request.provided_documents = [*request.provided_documents, code]
            request.save(update_fields=["provided_documents"])
        audit_record(
            actor=actor,
            action="aides.missing_items_document",
            target=locked,
            data={"code": code, "name": document.original_name},
        )
    return document


def missing_items_save_figures(
    *, dossier: Dossier, actor: User, values: Mapping[str, object]
) -> Dossier:
    """The applicant corrects the figures asked, and only those (stored as entered, and in the
    figures stored at deposit, which the recommendation's recomputation reads)."""
    from aides.services.dossiers import clean_figures

    with transaction.atomic():
        locked, request = _locked_request(dossier)
        refused = set(values) - set(request.figures)
        if refused:
            raise ValidationError(
                _("Seules les informations demandées par le CNM peuvent être modifiées.")
            )
        stored = clean_figures(locked, values)
        Dossier.objects.filter(pk=locked.pk).update(
            figures={**locked.figures, **stored},
            deposited_figures={**(locked.deposited_figures or {}), **stored},
            lock_version=F("lock_version") + 1,
            updated_at=timezone.now(),
            updated_by=actor,
        )
        request.provided_figures = sorted({*request.provided_figures, *stored})
        request.save(update_fields=["provided_figures"])
        audit_record(
            actor=actor,
            action="aides.missing_items_figures",
            target=locked,
            data={"figures": sorted(stored)},
        )
    return _fresh(locked)


def missing_items_send(*, dossier: Dossier, actor: User, answer: str = "") -> Dossier:
    """The applicant sends the items back: the dossier returns to instruction (guarded: every
    item provided, deadline not passed)."""
    with transaction.atomic():
        locked, request = _locked_request(dossier)
        MissingItemsRequest.objects.filter(pk=request.pk).update(answer=answer.strip())
        moved = _move(
            locked,
            S.EN_INSTRUCTION,
            actor=actor,
            comment=_("Pièces et informations demandées transmises"),
            updates={"missing_items_deadline": None},
        )
        MissingItemsRequest.objects.filter(pk=request.pk).update(
            outcome=Outcome.ANSWERED, answered_by=actor, answered_at=timezone.now()
        )
        audit_record(actor=actor, action="aides.missing_items_send", target=moved)
        _notify(_fresh(moved), "answered")
    return moved


def dossier_lapse(*, dossier: Dossier) -> Dossier:
    """Art. 3: no answer by the deadline: the dossier is caduc and the members are told."""
    with transaction.atomic():
        moved = _move(
            dossier,
            S.CADUC,
            actor=None,
            comment=_(
                "Pièces ou informations demandées non transmises dans le délai : demande caduque "
                "(RGA, article 3)."
            ),
        )
        moved.missing_items_requests.filter(outcome=Outcome.OPEN).update(outcome=Outcome.LAPSED)
        audit_record(actor=None, action="aides.dossier_lapse", target=moved)
        _notify(_fresh(moved), "lapsed")
    return moved


def dossiers_lapse(*, on: datetime.date) -> int:
    """Daily job (beat): every incomplete dossier whose deadline is before ``on``. Idempotent:
    a dossier already caduc (or answered meanwhile) is skipped."""
    done = 0
    candidates = Dossier.objects.filter(
        status=S.INCOMPLET, missing_items_deadline__lt=on
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        try:
            dossier_lapse(dossier=Dossier.objects.get(pk=pk))
        except ValidationError:
            continue  # answered or moved since the query, or its deadline not passed today
        done += 1
    return done


# --- outcome of the instruction -----------------------------------------------------------------


def dossier_declare_irrecevable(*, dossier: Dossier, actor: User, reason: str) -> Dossier:
    """Art. 3: the dossier is not eligible; the reason is notified (e-mail and « Suivi »)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indiquez le motif d'irrecevabilité : il est notifié au demandeur.")}
        )
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(irrecevabilite_reason=reason)
        moved = _move(dossier, S.IRRECEVABLE, actor=actor, comment=reason)
        audit_record(
            actor=actor, action="aides.dossier_irrecevable", target=moved, data={"motif": reason}
        )
        _notify(_fresh(moved), "irrecevable", reason=reason)
    return moved


def dossier_declare_eligible(
    *,
    dossier: Dossier,
    actor: User,
    amount: Decimal | None,
    comment: str,
    session: CommissionSession | None = None,
) -> Dossier:
    """Art. 3: eligible, with the recommendation (proposed amount within the recomputed maximum
    aid, comment) and the commission session it goes to. Ready for that session."""
    comment = (comment or "").strip()
    errors = {}
    if amount is None:
        errors["amount"] = _("Indiquez le montant proposé.")
    if not comment:
        errors["comment"] = _("Motivez la proposition : elle est lue par la commission.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # written first, then checked by the guards under the row lock (rolled back if refused)
        Dossier.objects.filter(pk=dossier.pk).update(
            montant_propose=amount,
            recommendation=comment,
            session=session or dossier.session,
        )
        moved = _move(
            dossier,
            S.ELIGIBLE,
            actor=actor,
            comment=_("Éligible : transmis à la commission"),
        )
        audit_record(
            actor=actor,
            action="aides.dossier_eligible",
            target=moved,
            data={"montant_propose": str(amount), "session": moved.session_id},
        )
        _notify(_fresh(moved), "eligible")
    return moved


def checklist_approve_all(*, dossier: Dossier, actor: User, note: str = "") -> int:
    """Every line of the checklist « conforme » at once (demo data, test factories, and an
    instructor who checked everything on paper)."""
    from aides.selectors_instruction import checklist

    return checklist_save(
        dossier=dossier, actor=actor, ticks={row.code: (True, note) for row in checklist(dossier)}
    )
