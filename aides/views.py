"""« Mes demandes d'aide » and the dossier's multi-step form (one URL per step, saved in the
database at each step). Views are thin: a selector reads, one service writes."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aides import forms, selectors, services
from aides.models import BudgetLine, Dossier
from aides.programmes import base
from aides.services.checks import already_deposited_message, missing_documents
from aides.services.checks import sworn as sworn_guard
from aides.services.computation import budget_categories, budget_totals, derived_figure_names
from aides.services.dossiers import STEPS
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structure_for_user

S = DossierStatus
STEP_NAMES = [name for name, _label in STEPS]


# --- list and start ----------------------------------------------------------------------------


@login_required
def dossier_list(request, structure_id: int):
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    page = selectors.structure_dossiers_page(structure=structure, page=request.GET.get("page"))
    return render(request, "aides/dossier_list.html", {"structure": structure, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_start(request, structure_id: int):
    """Choose the programme (only those open to the structure) and an open session."""
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    available = selectors.programmes_for_structure(structure)
    articles = [p.article for p in available]
    sessions = selectors.open_sessions(articles=articles)
    with_session = set(sessions.values_list("programme", flat=True))
    offered = [p for p in available if p.article in with_session]
    form = forms.StartForm(
        form_data(request),
        programmes=offered,
        sessions=sessions,
        initial={"programme": request.GET.get("programme", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                structure=structure,
                programme=form.cleaned_data["programme"],
                session=form.cleaned_data["session"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Brouillon créé : il est enregistré à chaque étape."))
            return redirect("aides:step", dossier_id=dossier.pk, step=STEP_NAMES[0])
    return render(
        request,
        "aides/dossier_start.html",
        {"structure": structure, "form": form, "offered": offered},
    )


# --- the dossier page ----------------------------------------------------------------------------


def _computation_context(dossier: Dossier) -> dict:
    """The stored computation of a deposited dossier, the live one of a draft."""
    programme = dossier.programme_definition
    if dossier.computation is not None and not dossier.editable:
        data = dossier.computation
    else:
        data = services.dossier_computation(dossier).as_dict()
    amount = Decimal(data["amount"])
    return {
        "computation": data,
        "schedule": programme.payment_schedule(amount),
        "programme": programme,
    }


@login_required
def dossier_detail(request, dossier_id: int):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    dossier = selectors.dossier_page(dossier=dossier)
    lines = list(dossier.budget_lines.all())
    aids = list(dossier.other_aids.all())
    context = {
        "dossier": dossier,
        "structure": dossier.structure,
        "history": selectors.dossier_history(dossier),
        "next_step": selectors.next_step(dossier),
        "expenses": [line for line in lines if line.kind == BudgetLine.Kind.DEPENSE],
        "revenues": [line for line in lines if line.kind == BudgetLine.Kind.RECETTE],
        "aids": aids,
        "totals": budget_totals(dossier, lines=lines, aids=aids),
        "documents": list(dossier.documents.all()),
        "affiliation_by": dossier.session.affiliation_request_by,
        "steps": STEPS,
        **_computation_context(dossier),
    }
    return render(request, "aides/dossier_detail.html", context)


@login_required
@require_POST
def dossier_delete(request, dossier_id: int):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    structure_id = dossier.structure_id
    try:
        services.dossier_delete(dossier=dossier, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("aides:dossier", dossier_id=dossier.pk)
    messages.success(request, _("Le brouillon a été supprimé."))
    return redirect("aides:list", structure_id=structure_id)


@login_required
def document_download(request, dossier_id: int, document_id: int):
    document = selectors.document_for_user(
        user=request.user, dossier_id=dossier_id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


@login_required
def recepisse(request, dossier_id: int):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    if not dossier.recepisse:
        raise Http404
    return FileResponse(
        dossier.recepisse.open("rb"), as_attachment=True, filename=f"recepisse-{dossier.number}.pdf"
    )


# --- the steps -----------------------------------------------------------------------------------


def step_figures(programme: base.Programme, step: str) -> list[base.Figure]:
    """The programme's own figures asked at a step of the form: "demandeur" and "projet" (and
    any step name the form does not have) at the project step; "budget" and "financement" at
    theirs. Figures computed by the portal are never asked."""
    derived = derived_figure_names(programme)
    result = []
    for figure in programme.all_figures():
        if figure.name in derived:
            continue
        where = figure.step if figure.step in (base.BUDGET, base.FINANCEMENT) else "projet"
        if where == step:
            result.append(figure)
    return result


def _stepper(dossier: Dossier, step: str) -> dict:
    index = STEP_NAMES.index(step)
    return {
        "steps": [
            {
                "name": name,
                "label": label,
                "number": i + 1,
                "done": name in dossier.steps_done,
                "current": name == step,
                "url": reverse("aides:step", args=[dossier.pk, name]),
            }
            for i, (name, label) in enumerate(STEPS)
        ],
        "step": step,
        "step_label": STEPS[index][1],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "next_label": STEPS[index + 1][1] if index + 1 < len(STEPS) else "",
    }


def _next(dossier: Dossier, step: str):
    index = STEP_NAMES.index(step)
    return redirect("aides:step", dossier_id=dossier.pk, step=STEP_NAMES[index + 1])


def _render_step(request, dossier: Dossier, step: str, **context):
    programme = dossier.programme_definition
    return render(
        request,
        f"aides/steps/{step}.html",
        {
            "dossier": dossier,
            "structure": dossier.structure,
            "programme": programme,
            "affiliation_by": dossier.session.affiliation_request_by,
            **_stepper(dossier, step),
            **context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_step(request, dossier_id: int, step: str):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    if step not in STEP_NAMES:
        raise Http404
    if not dossier.editable:
        if request.method == "POST":
            messages.info(request, already_deposited_message(dossier))
        return redirect("aides:dossier", dossier_id=dossier.pk)
    return STEP_VIEWS[step](request, dossier)


def _locked_initial(dossier: Dossier) -> dict:
    return {"lock_version": dossier.lock_version}


def _save(request, form, dossier: Dossier, step: str, *, fields=None, figures=None):
    """Save a step through the service; its errors go next to the fields."""
    try:
        services.dossier_save_step(
            dossier=dossier,
            actor=request.user,
            step=step,
            lock_version=form.cleaned_data["lock_version"],
            fields=fields,
            figures=figures,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, _("Étape enregistrée."))
    return _next(dossier, step)


def step_demandeur(request, dossier: Dossier):
    initial = {
        **_locked_initial(dossier),
        **{name: getattr(dossier, name) for name in services.dossiers.CONTACT_FIELDS},
    }
    form = forms.ContactForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.dossiers.CONTACT_FIELDS}
        response = _save(request, form, dossier, "demandeur", fields=fields)
        if response:
            return response
    return _render_step(request, dossier, "demandeur", form=form)


def step_projet(request, dossier: Dossier):
    programme = dossier.programme_definition
    initial = {
        **_locked_initial(dossier),
        "project_title": dossier.project_title,
        "project_description": dossier.project_description,
    }
    form = forms.ProjectForm(
        form_data(request),
        initial=initial,
        figures=step_figures(programme, "projet"),
        stored=dossier.figures,
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            "project_title": form.cleaned_data["project_title"].strip(),
            "project_description": form.cleaned_data["project_description"],
        }
        response = _save(
            request, form, dossier, "projet", fields=fields, figures=form.figure_values()
        )
        if response:
            return response
    return _render_step(request, dossier, "projet", form=form)


def _line_action(request, dossier: Dossier, form, call) -> bool:
    """Run a line service with a bound form; True when done."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def step_budget(request, dossier: Dossier):
    programme = dossier.programme_definition
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if request.method == "POST" else None
    initial = _locked_initial(dossier)
    expense_form = forms.ExpenseLineForm(
        post if action == "add_expense" else None,
        programme=programme,
        initial=initial,
        prefix="expense",
    )
    revenue_form = forms.RevenueLineForm(
        post if action == "add_revenue" else None, initial=initial, prefix="revenue"
    )
    figures_form = forms.StepFiguresForm(
        post if action == "continue" else None,
        initial=initial,
        figures=step_figures(programme, "budget"),
        stored=dossier.figures,
    )
    here = redirect("aides:step", dossier_id=dossier.pk, step="budget")
    common = {"dossier": dossier, "actor": request.user}
    if action == "add_expense" and _line_action(
        request,
        dossier,
        expense_form,
        lambda d: services.budget_line_add(
            **common,
            lock_version=d["lock_version"],
            kind=BudgetLine.Kind.DEPENSE,
            category=d["category"],
            label=d["label"],
            amount=d["amount"],
        ),
    ):
        return here
    if action == "add_revenue" and _line_action(
        request,
        dossier,
        revenue_form,
        lambda d: services.budget_line_add(
            **common,
            lock_version=d["lock_version"],
            kind=BudgetLine.Kind.RECETTE,
            label=d["label"],
            amount=d["amount"],
        ),
    ):
        return here
    if action == "remove_line":
        return _remove(
            request,
            dossier,
            here,
            lambda lock, target: services.budget_line_remove(
                **common, lock_version=lock, line_id=target
            ),
        )
    if action == "continue" and figures_form.is_valid():
        response = _save(
            request, figures_form, dossier, "budget", figures=figures_form.figure_values()
        )
        if response:
            return response
    lines = list(dossier.budget_lines.all())
    categories = budget_categories(programme)
    labels = {c.code: c for c in categories}
    expenses = [line for line in lines if line.kind == BudgetLine.Kind.DEPENSE]
    for line in expenses:
        category = labels.get(line.category)
        line.category_label = category.label if category else line.category
        line.share = base.format_share(category.share) if category else ""
    totals = budget_totals(dossier, lines=lines, aids=[])
    by_category = [
        {
            "label": c.label,
            "share": base.format_share(c.share),
            "spent": totals.by_category.get(c.code, Decimal("0.00")),
            "eligible": _eligible(totals.by_category.get(c.code, Decimal("0.00")), c.share),
        }
        for c in categories
    ]
    return _render_step(
        request,
        dossier,
        "budget",
        expense_form=expense_form,
        revenue_form=revenue_form,
        form=figures_form,
        expenses=expenses,
        revenues=[line for line in lines if line.kind == BudgetLine.Kind.RECETTE],
        totals=totals,
        by_category=by_category,
        eligible_total=sum((row["eligible"] for row in by_category), Decimal("0.00")),
    )


def _eligible(spent: Decimal, share: Decimal) -> Decimal:
    from cnm_portal.money import apply_rate

    return apply_rate(spent, share)


def _remove(request, dossier: Dossier, back, call):
    form = forms.LineRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Demande invalide."))
        return back
    try:
        call(form.cleaned_data["lock_version"], form.cleaned_data["target"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return back


def step_financement(request, dossier: Dossier):
    programme = dossier.programme_definition
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if request.method == "POST" else None
    initial = _locked_initial(dossier)
    aid_form = forms.OtherAidForm(
        post if action == "add_aid" else None, initial=initial, prefix="aid"
    )
    form = forms.StepFiguresForm(
        post if action == "continue" else None,
        initial=initial,
        figures=step_figures(programme, "financement"),
        stored=dossier.figures,
    )
    here = redirect("aides:step", dossier_id=dossier.pk, step="financement")
    common = {"dossier": dossier, "actor": request.user}
    if action == "add_aid" and _line_action(
        request,
        dossier,
        aid_form,
        lambda d: services.other_aid_add(
            **common,
            lock_version=d["lock_version"],
            funder=d["funder"],
            amount=d["amount"],
            status=d["status"],
        ),
    ):
        return here
    if action == "remove_aid":
        return _remove(
            request,
            dossier,
            here,
            lambda lock, target: services.other_aid_remove(
                **common, lock_version=lock, aid_id=target
            ),
        )
    if action == "continue" and form.is_valid():
        response = _save(request, form, dossier, "financement", figures=form.figure_values())
        if response:
            return response
    lines = list(dossier.budget_lines.all())
    aids = list(dossier.other_aids.all())
    return _render_step(
        request,
        dossier,
        "financement",
        form=form,
        aid_form=aid_form,
        aids=aids,
        totals=budget_totals(dossier, lines=lines, aids=aids),
    )


def step_pieces(request, dossier: Dossier):
    programme = dossier.programme_definition
    action = request.POST.get("action") if request.method == "POST" else None
    initial = _locked_initial(dossier)
    form = forms.DocumentForm(
        request.POST if action == "add_document" else None,
        request.FILES if action == "add_document" else None,
        programme=programme,
        initial=initial,
    )
    here = redirect("aides:step", dossier_id=dossier.pk, step="pieces")
    common = {"dossier": dossier, "actor": request.user}
    if action == "add_document" and _line_action(
        request,
        dossier,
        form,
        lambda d: services.document_add(
            **common, lock_version=d["lock_version"], code=d["code"], upload=d["file"]
        ),
    ):
        messages.success(request, _("Pièce enregistrée."))
        return here
    if action == "remove_document":
        return _remove(
            request,
            dossier,
            here,
            lambda lock, target: services.document_remove(
                **common, lock_version=lock, document_id=target
            ),
        )
    if action == "continue":
        continue_form = forms.LockedForm(request.POST)
        if continue_form.is_valid():
            response = _save(request, continue_form, dossier, "pieces")
            if response:
                return response
        for error in continue_form.non_field_errors():
            messages.error(request, error)
    documents = list(dossier.documents.all())
    return _render_step(
        request,
        dossier,
        "pieces",
        form=form,
        documents=documents,
        missing=missing_documents(dossier),
    )


def _deposit_reasons(dossier: Dossier) -> list[str]:
    """What still prevents the deposit, from the workflow's guards (the attestation, given at
    the last step, is left out of the summary)."""
    reasons = dossier_flow.can(dossier, S.DEPOSE)
    probe = sworn_guard(dossier)
    return [r for r in reasons if r not in probe]


def step_recapitulatif(request, dossier: Dossier):
    if request.method == "POST":
        form = forms.LockedForm(request.POST)
        if form.is_valid():
            response = _save(request, form, dossier, "recapitulatif")
            if response:
                return response
        for error in form.non_field_errors():
            messages.error(request, error)
    page = selectors.dossier_page(dossier=dossier)
    lines = list(page.budget_lines.all())
    aids = list(page.other_aids.all())
    return _render_step(
        request,
        dossier,
        "recapitulatif",
        form=forms.LockedForm(initial=_locked_initial(dossier)),
        reasons=_deposit_reasons(dossier),
        totals=budget_totals(dossier, lines=lines, aids=aids),
        documents=list(page.documents.all()),
        **_computation_context(dossier),
    )


def step_depot(request, dossier: Dossier):
    form = forms.DepositForm(form_data(request), initial=_locked_initial(dossier))
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_deposit(
                dossier=dossier,
                actor=request.user,
                lock_version=form.cleaned_data["lock_version"],
                sworn=form.cleaned_data["sworn"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre dossier est déposé. Le récépissé de dépôt vous est envoyé par email et "
                    "reste disponible sur cette page."
                ),
            )
            return redirect("aides:dossier", dossier_id=dossier.pk)
    return _render_step(
        request,
        dossier,
        "depot",
        form=form,
        reasons=_deposit_reasons(dossier),
        **_computation_context(dossier),
    )


STEP_VIEWS = {
    "demandeur": step_demandeur,
    "projet": step_projet,
    "budget": step_budget,
    "financement": step_financement,
    "pieces": step_pieces,
    "recapitulatif": step_recapitulatif,
    "depot": step_depot,
}
