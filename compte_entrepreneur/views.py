"""« Mon compte-entrepreneur » in the espace pro: balance, generations, history, drawings."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cnm_portal.dates import today
from cnm_portal.forms import add_service_errors, form_data, form_files
from compte_entrepreneur import selectors, services
from compte_entrepreneur.conditions import condition_results
from compte_entrepreneur.documents import notice_filename
from compte_entrepreneur.forms import DrawingForm, RegulariseForm
from compte_entrepreneur.workflow import DrawingStatus as D
from compte_entrepreneur.workflow import drawing_flow
from espace_pro.selectors import structure_for_user


@login_required
def compte(request, structure_id: int):
    context = selectors.compte_page(user=request.user, structure_id=structure_id, query=request.GET)
    return render(request, "compte_entrepreneur/compte.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def drawing_create(request, structure_id: int):
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    compte = selectors.compte_of(structure)
    if compte is None:
        raise Http404
    form = DrawingForm(form_data(request), form_files(request), initial={"token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drawing = services.drawing_request(
                structure=structure,
                actor=request.user,
                amount=data["amount"],
                use=data["use"],
                project=data["project"],
                commitment=data["commitment"],
                documents=form.documents(),
                token=data["token"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "duplicate":
                messages.info(request, _("Cette demande a déjà été envoyée."))
                return redirect("compte_entrepreneur:compte", structure_id=structure.pk)
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Demande de droit de tirage envoyée : le CNM en contrôle la régularité."),
            )
            return redirect(
                "compte_entrepreneur:drawing", structure_id=structure.pk, drawing_id=drawing.pk
            )
    conditions = condition_results(structure=structure, compte=compte, on=today())
    return render(
        request,
        "compte_entrepreneur/drawing_form.html",
        {
            "structure": structure,
            "compte": compte,
            "form": form,
            "conditions": conditions,
            "conditions_met": all(not errors for _label, errors in conditions),
            "pending": selectors.pending_drawings_total(compte),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def drawing(request, structure_id: int, drawing_id: int):
    drawing = selectors.drawing_for_user(
        user=request.user, structure_id=structure_id, drawing_id=drawing_id
    )
    form = RegulariseForm(form_data(request), form_files(request))
    if request.method == "POST":
        if drawing.status != D.REGULARISATION:
            raise Http404
        if form.is_valid():
            document = form.cleaned_data.get("document")
            try:
                services.drawing_regularise(
                    drawing=drawing,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                    documents=[document] if document else [],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Votre régularisation est transmise au CNM."))
                return redirect(
                    "compte_entrepreneur:drawing", structure_id=structure_id, drawing_id=drawing.pk
                )
    return render(
        request,
        "compte_entrepreneur/drawing.html",
        {
            "structure": drawing.compte.structure,
            "drawing": drawing,
            "form": form,
            "history": list(drawing_flow.history(drawing)),
        },
    )


@login_required
def generation_notice(request, structure_id: int, generation_id: int):
    generation = selectors.generation_for_user(
        user=request.user, structure_id=structure_id, generation_id=generation_id
    )
    if not generation.notice_pdf:
        raise Http404
    return FileResponse(
        generation.notice_pdf.open("rb"), as_attachment=True, filename=notice_filename(generation)
    )
