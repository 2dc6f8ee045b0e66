"""The catalogue (public), the inscription form and « Mes inscriptions » (cancel, PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structures_for_user
from formations import rules, selectors, services
from formations.choices import Parcours
from formations.documents import convocation_filename
from formations.forms import InscriptionForm, ModuleFilterForm
from formations.workflow import IS, SEATED, InscriptionStatus, inscription_flow

FILTERS = ("parcours", "format", "date_from", "date_to")


def index(request):
    bound = any(key in request.GET for key in FILTERS)
    form = ModuleFilterForm(request.GET if bound else None)
    filters, page = {}, None
    if not bound or form.is_valid():
        if bound:
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        page = selectors.modules_page(page=request.GET.get("page"), **filters)
        for module in page.object_list:
            module.next_sessions = [selectors.decorate(s) for s in module.next_sessions[:3]]
    query = urlencode({k: request.GET[k] for k in FILTERS if request.GET.get(k)})
    return render(
        request,
        "formations/index.html",
        {"form": form, "page": page, "query": query, "parcours": Parcours.choices},
    )


def module(request, slug: str):
    module = selectors.module_by_slug(slug=slug)
    sessions = [selectors.decorate(s) for s in module.next_sessions]
    mine = selectors.live_inscriptions_by_session(user=request.user, sessions=sessions)
    for session in sessions:
        session.mine = mine.get(session.pk)
    return render(request, "formations/module.html", {"module": module, "sessions": sessions})


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    session_id = (
        request.POST.get("session") if request.method == "POST" else request.GET.get("session")
    )
    session = selectors.open_session(session_id=session_id)
    if session is None:
        messages.error(request, _("Cette session n'est plus ouverte aux inscriptions."))
        return redirect("formations:index")
    mine = selectors.live_inscriptions_by_session(user=request.user, sessions=[session])
    if request.method == "GET" and session.pk in mine:
        messages.info(request, _("Vous êtes déjà inscrit(e) à cette session."))
        return redirect("formations:inscription", inscription_id=mine[session.pk].pk)
    structures = list(structures_for_user(user=request.user))
    form = InscriptionForm(form_data(request), session=session, structures=structures)
    if request.method == "POST" and form.is_valid():
        try:
            inscription = services.inscription_create(
                session_id=session.pk,
                user=request.user,
                structure=form.chosen_structure(),
                token=form.cleaned_data["token"],
                actor=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("closed", "duplicate"):
                messages.error(request, " ".join(error.messages))
                return redirect("formations:module", slug=session.module.slug)
            add_service_errors(form, error)
        else:
            if inscription.status == IS.EN_ATTENTE:
                messages.info(
                    request,
                    _(
                        "La session est complète : vous êtes inscrit(e) sur la liste d'attente. "
                        "Vous serez confirmé(e) automatiquement, par e-mail, si une place se libère."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Votre inscription est confirmée : votre convocation vous est envoyée par "
                        "e-mail."
                    ),
                )
            return redirect("formations:inscription", inscription_id=inscription.pk)
    return render(
        request,
        "formations/register.html",
        {"session": session, "module": session.module, "form": form},
    )


@login_required
def my_inscriptions(request):
    page = selectors.inscriptions_page(user=request.user, page=request.GET.get("page"))
    return render(request, "formations/my_inscriptions.html", {"page": page})


def _history(inscription) -> list:
    labels = dict(InscriptionStatus.choices)
    history = list(inscription_flow.history(inscription))
    for change in history:
        change.label = labels.get(change.to_status, change.to_status)
    return history


@login_required
def inscription(request, inscription_id: int):
    inscription = selectors.inscription_for_user(user=request.user, inscription_id=inscription_id)
    session = inscription.session
    now = timezone.now()
    if inscription.status == IS.CONFIRMEE:
        cancellable = rules.can_cancel(
            start=session.start, delay_days=session.cancellation_delay_days, now=now
        )
    else:
        cancellable = inscription.status == IS.EN_ATTENTE and session.start > now
    return render(
        request,
        "formations/inscription.html",
        {
            "inscription": inscription,
            "session": session,
            "module": session.module,
            "cancellable": cancellable,
            "rank": selectors.waiting_rank(inscription)
            if inscription.status == IS.EN_ATTENTE
            else None,
            "history": _history(inscription),
            "convocation_ready": bool(inscription.convocation_pdf) and inscription.status in SEATED,
        },
    )


@login_required
@require_POST
def cancel(request, inscription_id: int):
    inscription = selectors.inscription_for_user(user=request.user, inscription_id=inscription_id)
    try:
        services.inscription_cancel(inscription=inscription, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre inscription est annulée : un e-mail vous le confirme."))
    return redirect("formations:inscription", inscription_id=inscription.pk)


@login_required
def convocation(request, inscription_id: int):
    inscription = selectors.inscription_for_user(user=request.user, inscription_id=inscription_id)
    if not inscription.convocation_pdf or inscription.status not in SEATED:
        raise Http404  # not rendered yet, or no longer valid (cancelled)
    return FileResponse(
        inscription.convocation_pdf.open("rb"),
        as_attachment=True,
        filename=convocation_filename(inscription),
    )
