"""The public directory (search, entry page) and the members' pages: register a structure or
oneself, see the status and the CNM's message, edit, submit, withdraw."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from annuaire import selectors, services
from annuaire.forms import EntryForm, SearchForm
from annuaire.workflow import EDITABLE, SUBMITTABLE, WITHDRAWABLE, E, EntryStatus, entry_flow
from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structure_for_user


def index(request):
    bound = any(key in request.GET for key in ("q", "activite", "region"))
    form = SearchForm(request.GET if bound else None)
    page, query = None, ""
    if not bound or form.is_valid():
        filters = form.filters() if bound else {}
        page = selectors.search_page(page=request.GET.get("page"), **filters)
        query = urlencode({k: v for k, v in form.cleaned_data.items() if v}) if bound else ""
    return render(request, "annuaire/index.html", {"form": form, "page": page, "query": query})


def entry(request, entry_id: int):
    found = selectors.public_entry(user=request.user, entry_id=entry_id)
    return render(request, "annuaire/entry.html", {"entry": found})


def _target(request):
    """The structure (one of the person's: 404 otherwise) or None for the person themselves."""
    key = request.GET.get("pour", "")
    if key == "moi":
        return None
    if not key.isdigit():
        raise Http404
    return structure_for_user(user=request.user, structure_id=int(key))


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if "pour" not in request.GET:
        options = selectors.registrable(user=request.user)
        return render(request, "annuaire/register_choice.html", {"options": options})
    structure = _target(request)
    existing = selectors.live_entry_of(
        structure=structure, person=None if structure else request.user
    )
    if existing is not None:  # already registered (or the same form posted twice)
        messages.info(request, _("Cette inscription existe déjà : vous pouvez la modifier ici."))
        return redirect("annuaire:manage", entry_id=existing.pk)
    if structure is not None:
        initial = {"name": structure.name, "city": structure.city}
    else:
        initial = {"name": request.user.get_full_name(), "activities": ["auteur"]}
    form = EntryForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = "soumettre" in request.POST
        try:
            created = services.entry_create(
                user=request.user,
                structure=structure,
                data=form.entry_data(),
                submit=submit,
                actor=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "exists":
                messages.info(request, " ".join(error.messages))
                return redirect("annuaire:manage", entry_id=error.entry.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _sent_message(created))
            return redirect("annuaire:manage", entry_id=created.pk)
    return render(
        request,
        "annuaire/entry_form.html",
        {"form": form, "structure": structure, "entry": None, "pour": request.GET["pour"]},
    )


def _sent_message(entry) -> str:
    if entry.status == E.SOUMISE:
        return _(
            "Votre inscription est envoyée à nos services : elle sera visible dans l'annuaire "
            "une fois validée."
        )
    return _("Votre inscription est enregistrée en brouillon : envoyez-la à la validation.")


@login_required
def mine(request):
    page = selectors.mine_page(user=request.user, page=request.GET.get("page"))
    return render(request, "annuaire/mine.html", {"page": page})


def _history(entry) -> list:
    labels = dict(EntryStatus.choices)
    history = list(entry_flow.history(entry))
    for change in history:
        change.label = labels.get(change.to_status, change.to_status)
    return history


@login_required
def manage(request, entry_id: int):
    found = selectors.managed_entry(user=request.user, entry_id=entry_id)
    return render(
        request,
        "annuaire/manage.html",
        {
            "entry": found,
            "history": _history(found),
            "can_edit": found.status in EDITABLE,
            "can_submit": found.status in SUBMITTABLE,
            "can_withdraw": found.status in WITHDRAWABLE,
            "missing": entry_flow.can(found, E.SOUMISE) if found.status in SUBMITTABLE else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, entry_id: int):
    found = selectors.managed_entry(user=request.user, entry_id=entry_id)
    if found.status not in EDITABLE:
        messages.error(request, _("Cette inscription ne peut plus être modifiée."))
        return redirect("annuaire:manage", entry_id=found.pk)
    form = EntryForm(form_data(request), initial=EntryForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.entry_update(
                entry=found,
                data=form.entry_data(),
                submit="soumettre" in request.POST,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if updated.status == E.SOUMISE:
                messages.success(request, _sent_message(updated))
            else:
                messages.success(request, _("Vos modifications sont enregistrées."))
            return redirect("annuaire:manage", entry_id=updated.pk)
    return render(
        request,
        "annuaire/entry_form.html",
        {"form": form, "structure": found.structure, "entry": found},
    )


@login_required
@require_POST
def submit(request, entry_id: int):
    found = selectors.managed_entry(user=request.user, entry_id=entry_id)
    if found.status == E.SOUMISE:  # the same button clicked twice
        messages.info(request, _("Cette inscription est déjà envoyée à la validation."))
        return redirect("annuaire:manage", entry_id=found.pk)
    try:
        services.entry_submit(entry=found, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _sent_message(found))
    return redirect("annuaire:manage", entry_id=found.pk)


@login_required
@require_POST
def withdraw(request, entry_id: int):
    found = selectors.managed_entry(user=request.user, entry_id=entry_id)
    if found.status == E.RETIREE:  # the same button clicked twice
        messages.info(request, _("Cette inscription est déjà retirée de l'annuaire."))
        return redirect("annuaire:manage", entry_id=found.pk)
    try:
        services.entry_withdraw(entry=found, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Votre inscription est retirée : elle n'est plus visible."))
    return redirect("annuaire:manage", entry_id=found.pk)
