"""The deposit guards (RGA art. 1 to 4) of ``aides.workflow.dossier_flow``: plain functions of
the dossier, returning French messages, run under the row lock by ``Workflow.apply`` (and by
``Workflow.can`` to show what is missing on the summary)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from aides import rules
from aides.models import Dossier
from aides.services.computation import budget_totals, dossier_computation
from aides.workflow import DECIDED, DossierStatus
from cnm_portal.dates import format_date_fr
from cnm_portal.money import format_euros

# Criteria of compute() about the applicant: reported by their own guards.
APPLICANT_CRITERIA = ("demandeur", "affiliation", "licence")
LIMIT_CRITERIA = ("limite_annuelle",)


def session_open(dossier: Dossier) -> list[str]:
    """Art. 2: a session of the dossier's programme, deposits open, deadline not passed."""
    session = dossier.session
    now = timezone.now()
    if session.programme != dossier.programme:
        return [_("La session choisie ne concerne pas ce programme.")]
    if session.deposit_opens_at and now < session.deposit_opens_at:
        return [
            _("Les dépôts pour cette session ouvrent le %(date)s.")
            % {"date": format_date_fr(timezone.localtime(session.deposit_opens_at))}
        ]
    if not rules.deposit_open(deadline=session.deposit_deadline, now=now):
        deadline = timezone.localtime(session.deposit_deadline)
        return [
            _(
                "La date limite de dépôt de la session « %(session)s » est passée "
                "(%(date)s à %(time)s) : choisissez une session ouverte."
            )
            % {
                "session": session.label,
                "date": format_date_fr(deadline),
                "time": deadline.strftime("%H:%M"),
            }
        ]
    return []


def _criteria_messages(dossier: Dossier, codes: tuple[str, ...]) -> list[str]:
    computation = dossier_computation(dossier)
    return [c.message for c in computation.criteria if c.code in codes and c.met is False]


def applicant(dossier: Dossier) -> list[str]:
    """Art. 1 (affiliated on the deposit date) and the programme's applicant kinds and legal
    forms, licence."""
    return _criteria_messages(dossier, APPLICANT_CRITERIA)


def yearly_limit(dossier: Dossier) -> list[str]:
    return _criteria_messages(dossier, LIMIT_CRITERIA)


def computation(dossier: Dossier) -> list[str]:
    """Every other blocking error of ``compute()``: figures, objective criteria, caps."""
    result = dossier_computation(dossier)
    programme = dossier.programme_definition
    own = set(_criteria_messages(dossier, APPLICANT_CRITERIA + LIMIT_CRITERIA))
    messages = []
    for name, error in result.field_errors.items():
        try:
            label = programme.figure(name).label
        except KeyError:
            label = name
        messages.append(f"« {label} » : {error}")
    generic = "Certaines données saisies sont invalides ou manquantes."
    messages += [e for e in result.errors if e not in own and e != generic]
    return messages


def budget_balanced(dossier: Dossier) -> list[str]:
    """The financing plan balances the budget: revenues + other public aids + aid requested =
    expenses."""
    if not dossier.programme_definition.uses_budget:
        return []
    totals = budget_totals(dossier)
    if totals.expenses <= 0:
        return [_("Le budget du projet ne comporte aucune dépense.")]
    if not totals.balanced:
        return [
            _(
                "Le plan de financement n'est pas équilibré : ressources %(resources)s, dépenses "
                "%(expenses)s."
            )
            % {
                "resources": format_euros(totals.resources),
                "expenses": format_euros(totals.expenses),
            }
        ]
    return []


def missing_documents(dossier: Dossier) -> list:
    present = set(dossier.documents.values_list("code", flat=True))
    return [
        d for d in dossier.programme_definition.documents if d.required and d.code not in present
    ]


def documents(dossier: Dossier) -> list[str]:
    return [
        _("Pièce manquante : %(label)s.") % {"label": d.label} for d in missing_documents(dossier)
    ]


def sworn(dossier: Dossier) -> list[str]:
    if dossier.sworn_at is None:
        return [_("L'attestation sur l'honneur doit être cochée pour déposer le dossier.")]
    return []


def not_decided(dossier: Dossier) -> list[str]:
    """Art. 4: a dossier (or the same project of the structure under this programme) that
    received a decision cannot be deposited again."""
    same_project = (
        Dossier.objects.filter(
            structure_id=dossier.structure_id,
            programme=dossier.programme,
            project_title__iexact=dossier.project_title.strip(),
            status__in=DECIDED,
        )
        .exclude(pk=dossier.pk)
        .exists()
        if dossier.project_title.strip()
        else False
    )
    decided = dossier.decided_on is not None or dossier.status in DECIDED
    if not rules.can_deposit_again(has_decision=decided or same_project):
        return [
            _(
                "Ce projet a déjà fait l'objet d'une décision du CNM sur ce programme : il ne peut "
                "pas être déposé à nouveau (art. 4 du RGA)."
            )
        ]
    return []


def already_deposited_message(dossier: Dossier) -> str:
    if dossier.status == DossierStatus.BROUILLON:
        return ""
    if dossier.deposited_at:
        return _("Ce dossier a déjà été déposé le %(date)s : il n'a pas été modifié.") % {
            "date": format_date_fr(timezone.localtime(dossier.deposited_at))
        }
    return _("Ce dossier n'est plus modifiable.")
