"""Commission members' pages (RGA art. 4): « Mes commissions », a session's dossiers with the
instructor's recommendation and the totals against the envelope, a dossier's summary, budget
and documents with the avis form, the declaration of a conflict of interest. Every read goes
through ``aides.selectors_commission`` (scoped to the member, never a dossier in conflict)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aides import selectors_commission as sel
from aides.forms_commission import AvisForm, ConflictForm
from aides.models import BudgetLine, Decision
from aides.selectors import dossier_page
from aides.services import commission as services
from aides.services.computation import budget_totals
from cnm_portal.forms import add_service_errors, form_data


def _member_only(request) -> None:
    if not sel.is_commission_member(request.user):
        raise Http404


@login_required
def sessions(request):
    """« Mes commissions »: the sessions the member sits in."""
    _member_only(request)
    page = sel.member_sessions_page(user=request.user, page=request.GET.get("page"))
    return render(request, "aides/commission/sessions.html", {"page": page})


@login_required
def session_detail(request, session_id: int):
    session = sel.session_for_member(user=request.user, session_id=session_id)
    context = sel.session_page(user=request.user, session=session, page=request.GET.get("page"))
    return render(request, "aides/commission/session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_detail(request, session_id: int, dossier_id: int):
    dossier = sel.dossier_for_member(
        user=request.user, session_id=session_id, dossier_id=dossier_id
    )
    session = dossier.session
    criteria = dossier.programme_definition.appreciation
    own = sel.own_avis(user=request.user, dossier=dossier)
    form = None
    if own is None:
        form = AvisForm(form_data(request), criteria=criteria)
        if request.method == "POST" and form.is_valid():
            try:
                services.avis_give(
                    session=session,
                    dossier=dossier,
                    member=request.user,
                    kind=form.cleaned_data["kind"],
                    amount=form.cleaned_data["amount"],
                    motivation=form.cleaned_data["motivation"],
                    scores=form.scores(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Votre avis est enregistré."))
                return redirect("aides:commission_dossier", session.pk, dossier.pk)
    elif request.method == "POST":
        messages.error(request, _("Vous avez déjà donné votre avis sur ce dossier."))
        return redirect("aides:commission_dossier", session.pk, dossier.pk)
    full = dossier_page(dossier=dossier)
    lines = list(full.budget_lines.all())
    aids = list(full.other_aids.all())
    context = {
        "session": session,
        "dossier": full,
        "structure": full.structure,
        "programme": full.programme_definition,
        "expenses": [line for line in lines if line.kind == BudgetLine.Kind.DEPENSE],
        "revenues": [line for line in lines if line.kind == BudgetLine.Kind.RECETTE],
        "aids": aids,
        "totals": budget_totals(full, lines=lines, aids=aids),
        "documents": list(full.documents.all()),
        "computation": full.computation or {},
        "comment": full.recommendation,
        "own": own,
        "all_avis": sel.visible_avis(user=request.user, dossier=full),
        "form": form,
        "criteria": criteria,
    }
    return render(request, "aides/commission/dossier.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conflict_declare(request, session_id: int, dossier_id: int):
    dossier = sel.dossier_for_member(
        user=request.user, session_id=session_id, dossier_id=dossier_id
    )
    form = ConflictForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(
                session=dossier.session,
                dossier=dossier,
                member=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Votre conflit d'intérêts est enregistré : vous vous abstenez sur ce dossier."),
            )
            return redirect("aides:commission_session", dossier.session_id)
    return render(
        request,
        "aides/commission/conflict.html",
        {"dossier": dossier, "session": dossier.session, "form": form},
    )


@login_required
def document_download(request, session_id: int, dossier_id: int, document_id: int):
    document = sel.document_for_member(
        user=request.user, session_id=session_id, dossier_id=dossier_id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


@login_required
def decision_letter(request, dossier_id: int, decision_id: int):
    """The applicant's copy of a notification letter (members of the structure only)."""
    decision = get_object_or_404(
        Decision.objects.filter(
            dossier_id=dossier_id, dossier__structure__memberships__user=request.user
        ).exclude(letter=""),
        pk=decision_id,
    )
    return FileResponse(
        decision.letter.open("rb"),
        as_attachment=True,
        filename=f"decision-{decision.dossier.number}.pdf",
    )
