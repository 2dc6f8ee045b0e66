"""Guards of the instruction moves of ``aides.workflow.dossier_flow`` (RGA art. 3), run under
the row lock by ``Workflow.apply``, and the small workflow of a queue export.

Keyed by the status values (strings) so that ``aides.workflow`` can merge them without an
import cycle; the models and services are imported lazily (the models import the workflow)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cnm_portal.workflow import Workflow

DEPOSE = "depose"
EN_INSTRUCTION = "en_instruction"
INCOMPLET = "incomplet"
CADUC = "caduc"
ELIGIBLE = "eligible"


def _open_request(dossier):
    return dossier.missing_items_requests.filter(outcome="ouverte").first()


# The values an instructor types in the move's form (the request, the reason, the amount)
# are written by the service in the move's transaction, then checked here under the row lock;
# before the form is filled (the admin button), only the state of the dossier is judged.


def guard_request_open(dossier) -> list[str]:
    """Art. 3: the dossier is incomplete once the items and a future deadline are named."""
    from cnm_portal.dates import today

    request = _open_request(dossier)
    if request is None:
        return []  # the service creates the request in the move's transaction
    if not (request.documents or request.figures or request.other_items.strip()):
        return [_("Nommez au moins une pièce ou une information à compléter.")]
    if request.deadline <= today():
        return [_("La date limite doit être postérieure à aujourd'hui.")]
    return []


def guard_items_provided(dossier) -> list[str]:
    """Art. 3: every item asked is provided, by the deadline (that day included)."""
    from aides.rules_instruction import is_lapsed
    from cnm_portal.dates import format_date_fr, today

    request = _open_request(dossier)
    if request is None:
        return [_("Aucune demande de pièces n'est en cours sur ce dossier.")]
    if is_lapsed(request.deadline, today()):
        return [
            _("Le délai pour compléter le dossier a expiré le %(date)s : le dossier est caduc.")
            % {"date": format_date_fr(request.deadline)}
        ]
    errors = []
    labels = {d.code: d.label for d in dossier.programme_definition.documents}
    for code in request.documents:
        if code not in request.provided_documents:
            errors.append(
                _("Pièce demandée non fournie : %(label)s.") % {"label": labels.get(code, code)}
            )
    for name in request.figures:
        if name not in request.provided_figures:
            try:
                label = dossier.programme_definition.figure(name).label
            except KeyError:
                label = name
            errors.append(_("Information demandée non complétée : %(label)s.") % {"label": label})
    if request.other_items.strip() and not request.answer.strip():
        errors.append(_("Répondez aux autres informations demandées."))
    return errors


def guard_deadline_passed(dossier) -> list[str]:
    """Art. 3: caduc only the day after the deadline, when nothing was sent back."""
    from aides.rules_instruction import is_lapsed
    from cnm_portal.dates import format_date_fr, today

    request = _open_request(dossier)
    if request is None:
        return [_("Aucune demande de pièces n'est en cours sur ce dossier.")]
    if not is_lapsed(request.deadline, today()):
        return [
            _("Le demandeur peut encore répondre jusqu'au %(date)s inclus.")
            % {"date": format_date_fr(request.deadline)}
        ]
    return []


def guard_checklist_complete(dossier) -> list[str]:
    """Art. 3: eligibility is checked on every criterion of the programme."""
    from aides.selectors_instruction import checklist

    missing = [row.label for row in checklist(dossier) if row.item is None or not row.item.met]
    if missing:
        return [
            _("Grille d'instruction : %(n)d critère(s) non validé(s) « conforme » : %(labels)s.")
            % {"n": len(missing), "labels": " ; ".join(missing)}
        ]
    return []


def guard_recommendation(dossier) -> list[str]:
    """Art. 3-4: the proposed amount within the recomputed maximum aid, with a comment, for a
    session of the programme whose commission is to come."""
    from aides.rules_instruction import recommendation_errors
    from aides.services.computation import dossier_computation
    from cnm_portal.dates import today

    computation = dossier_computation(dossier)
    errors = [str(e) for e in computation.errors]
    proposed = dossier.montant_propose is not None or dossier.recommendation != ""
    if proposed:  # written by the service with the move (else the form asks for them)
        errors += recommendation_errors(dossier.montant_propose, computation.amount)
        if not dossier.recommendation.strip():
            errors.append(_("Motivez la proposition : elle est lue par la commission."))
    session = dossier.session
    if session.programme != dossier.programme:
        errors.append(_("La session choisie ne concerne pas ce programme."))
    elif session.commission_date < today():
        errors.append(
            _("La commission de la session « %(s)s » est passée : choisissez-en une autre.")
            % {"s": session.label}
        )
    return errors


INSTRUCTION_GUARDS = {
    (EN_INSTRUCTION, INCOMPLET): (guard_request_open,),
    (INCOMPLET, EN_INSTRUCTION): (guard_items_provided,),
    (INCOMPLET, CADUC): (guard_deadline_passed,),
    (EN_INSTRUCTION, ELIGIBLE): (guard_checklist_complete, guard_recommendation),
}


# --- exports of a queue -----------------------------------------------------------------------

export_flow = Workflow(
    name="export_dossiers",
    initial="en_attente",
    transitions={"en_attente": {"en_cours", "echec"}, "en_cours": {"termine", "echec"}},
)
