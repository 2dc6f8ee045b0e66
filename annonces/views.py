"""Public list and page of the ads; « Mes annonces » (write, edit, submit, withdraw,
republish)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from annonces import selectors, services
from annonces.forms import AdForm, AdSearchForm
from annonces.workflow import EDITABLE, A, AdStatus, ad_flow
from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structures_for_user

FILTERS = ("q", "contract_type", "region", "family")


def index(request):
    """« Consulter une annonce »: open to everyone, search and filters in the query string."""
    bound = any(key in request.GET for key in FILTERS)
    form = AdSearchForm(request.GET if bound else None)
    filters: dict = {}
    page = None
    if not bound or form.is_valid():
        if bound:
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        page = selectors.public_page(page=request.GET.get("page"), **filters)
    return render(
        request,
        "annonces/index.html",
        {"form": form, "page": page, "query": urlencode(filters)},
    )


def detail(request, ref: str):
    ad = selectors.public_ad(ref=ref)
    if ref != ad.ref:
        return redirect("annonces:detail", ref=ad.ref, permanent=True)
    return render(request, "annonces/detail.html", {"ad": ad})


@login_required
def mine(request):
    page = selectors.mine_page(user=request.user, page=request.GET.get("page"))
    return render(request, "annonces/mine.html", {"page": page})


def _render_form(request, form, ad=None):
    return render(request, "annonces/form.html", {"form": form, "ad": ad})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = AdForm(form_data(request), structures=list(structures_for_user(user=request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            ad = services.ad_create(
                user=request.user,
                data=form.ad_data(),
                structure=form.chosen_structure(),
                token=form.cleaned_data["token"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre annonce est enregistrée en brouillon : relisez-la puis soumettez-la au "
                    "CNM."
                ),
            )
            return redirect("annonces:ad", ad_id=ad.pk)
    return _render_form(request, form)


def _history(ad) -> list:
    labels = dict(AdStatus.choices)
    history = list(ad_flow.history(ad))
    for change in history:
        change.label = labels.get(change.to_status, change.to_status)
    return history


@login_required
def ad(request, ad_id: int):
    ad = selectors.ad_for_user(user=request.user, ad_id=ad_id)
    return render(
        request,
        "annonces/ad.html",
        {
            "ad": ad,
            "history": _history(ad),
            "editable": ad.status in EDITABLE,
            "can_submit": ad_flow.allows(ad.status, A.SOUMISE) and ad.status != A.PUBLIEE,
            "submit_errors": ad_flow.can(ad, A.SOUMISE) if ad.status != A.PUBLIEE else [],
            "can_withdraw": ad_flow.allows(ad.status, A.RETIREE),
            "republish": ad.status in (A.RETIREE, A.CLOTUREE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, ad_id: int):
    ad = selectors.ad_for_user(user=request.user, ad_id=ad_id)
    if ad.status not in EDITABLE:
        messages.error(
            request, _("L'annonce est en cours de modération : elle ne peut pas être modifiée.")
        )
        return redirect("annonces:ad", ad_id=ad.pk)
    form = AdForm(
        form_data(request),
        structures=list(structures_for_user(user=request.user)),
        initial=AdForm.initial_from(ad),
    )
    if request.method == "POST" and form.is_valid():
        was_published = ad.status == A.PUBLIEE
        try:
            ad = services.ad_update(
                ad=ad, data=form.ad_data(), structure=form.chosen_structure(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if was_published:
                messages.success(
                    request,
                    _(
                        "Vos modifications sont soumises au CNM : l'annonce reparaîtra une fois "
                        "validée."
                    ),
                )
            else:
                messages.success(request, _("Votre annonce est modifiée."))
            return redirect("annonces:ad", ad_id=ad.pk)
    return _render_form(request, form, ad)


@login_required
@require_POST
def submit(request, ad_id: int):
    """Submit a draft or a corrected ad, or republish a withdrawn or closed one."""
    ad = selectors.ad_for_user(user=request.user, ad_id=ad_id)
    if ad.status == A.SOUMISE:
        messages.info(request, _("Votre annonce est déjà soumise au CNM."))
        return redirect("annonces:ad", ad_id=ad.pk)
    if ad.status == A.PUBLIEE:
        messages.info(request, _("Votre annonce est déjà publiée."))
        return redirect("annonces:ad", ad_id=ad.pk)
    try:
        services.ad_submit(ad=ad, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Votre annonce est soumise au CNM, qui la valide avant sa mise en ligne."),
        )
    return redirect("annonces:ad", ad_id=ad.pk)


@login_required
@require_POST
def withdraw(request, ad_id: int):
    ad = selectors.ad_for_user(user=request.user, ad_id=ad_id)
    if ad.status == A.RETIREE:
        messages.info(request, _("Votre annonce est déjà retirée."))
        return redirect("annonces:ad", ad_id=ad.pk)
    try:
        services.ad_withdraw(ad=ad, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre annonce est retirée : elle n'est plus en ligne."))
    return redirect("annonces:ad", ad_id=ad.pk)
