"""Applicant pages of the payment side: filing the bilan, asking an extension of its deadline,
the RSE grid, downloads (bilan documents, reimbursement letter). Thin: a scoped selector reads,
one service writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aides import forms_paiement as forms
from aides import rse, selectors
from aides.models_paiement import RseClaim
from aides.selectors_paiement import bilan_document_for_user, bilan_for_user, remboursement_for_user
from aides.services import bilan as bilan_services
from aides.workflow_paiement import RseStatus
from cnm_portal.forms import add_service_errors, form_data, form_files


@login_required
@require_http_methods(["GET", "POST"])
def bilan_file(request, dossier_id: int):
    bilan = bilan_for_user(user=request.user, dossier_id=dossier_id)
    dossier = bilan.dossier
    claimed = RseClaim.objects.filter(dossier_id=dossier.pk, status=RseStatus.DECLAREE).exists()
    form = forms.BilanForm(
        form_data(request), form_files(request), dossier=dossier, rse_claimed=claimed
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bilan_services.bilan_file(
                bilan=bilan,
                expenses=form.expenses(),
                revenues=data.get("revenues"),
                comment=data.get("comment", ""),
                documents=[data["documents"]] if data.get("documents") else [],
                rse_documents=[data["rse_documents"]] if data.get("rse_documents") else [],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bilan déposé : le CNM l'examine."))
            return redirect("aides:dossier", dossier_id=dossier.pk)
    return render(
        request,
        "aides/paiement/bilan_form.html",
        {"dossier": dossier, "structure": dossier.structure, "bilan": bilan, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bilan_extension(request, dossier_id: int):
    bilan = bilan_for_user(user=request.user, dossier_id=dossier_id)
    form = forms.ExtensionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            bilan_services.bilan_extension_request(
                bilan=bilan,
                reason=form.cleaned_data["reason"],
                requested_until=form.cleaned_data["requested_until"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Demande de prorogation envoyée au CNM."))
            return redirect("aides:dossier", dossier_id=bilan.dossier_id)
    return render(
        request,
        "aides/paiement/extension_form.html",
        {
            "dossier": bilan.dossier,
            "structure": bilan.dossier.structure,
            "bilan": bilan,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rse_grid(request, dossier_id: int):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    if not dossier.programme_definition.rse_grid or not rse.grid_for(dossier.programme):
        raise Http404
    claim = RseClaim.objects.filter(dossier_id=dossier.pk).first()
    form = forms.RseGridForm(
        form_data(request),
        article=dossier.programme,
        initial={"codes": claim.claimed if claim else []},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bilan_services.rse_claim_save(
                dossier=dossier, codes=form.cleaned_data["codes"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Grille RSE enregistrée : joignez ses justificatifs avec le bilan.")
            )
            return redirect("aides:dossier", dossier_id=dossier.pk)
    return render(
        request,
        "aides/paiement/rse_form.html",
        {
            "dossier": dossier,
            "structure": dossier.structure,
            "form": form,
            "claim": claim,
            "points": rse.points(dossier.programme, claim.claimed) if claim else 0,
        },
    )


@login_required
def bilan_document(request, dossier_id: int, document_id: int):
    document = bilan_document_for_user(
        user=request.user, dossier_id=dossier_id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


@login_required
def remboursement_letter(request, dossier_id: int, remboursement_id: int):
    item = remboursement_for_user(
        user=request.user, dossier_id=dossier_id, remboursement_id=remboursement_id
    )
    if not item.letter:
        raise Http404
    return FileResponse(
        item.letter.open("rb"),
        as_attachment=True,
        filename=f"remboursement-{item.dossier_id}-{item.pk}.pdf",
    )
