from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from affiliation import selectors, services
from affiliation.forms import AffiliationForm, DesaffiliationForm
from affiliation.models import Affiliation
from affiliation.workflow import AffiliationStatus
from cnm_portal.dates import today
from cnm_portal.forms import add_service_errors
from espace_pro.selectors import structure_for_user


@login_required
def overview(request, structure_id: int):
    context = selectors.affiliation_page(user=request.user, structure_id=structure_id, on=today())
    context["desaffiliation_form"] = DesaffiliationForm()
    return render(request, "affiliation/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_form(request, structure_id: int):
    """Create, edit and send the demande d'affiliation (or complete it after a relance)."""
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    affiliation = selectors.open_request(structure=structure)
    if affiliation is not None and affiliation.status == AffiliationStatus.SOUMISE:
        messages.info(request, _("Votre demande est en cours d'instruction."))
        return redirect("affiliation:overview", structure_id=structure.pk)
    if affiliation is None:
        try:
            services._check_can_open(structure, today())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("affiliation:overview", structure_id=structure.pk)
    probe = affiliation or Affiliation(structure=structure, kind=services._kind_for(structure))
    initial = {}
    if affiliation is not None:
        initial = {
            field: getattr(affiliation, field)
            for field in (
                "commit_etabli_france",
                "commit_obligations",
                "commit_protocole_vss",
                "commit_licence",
                "commit_sibil",
                "live_show_activity",
                "licence_number",
                "licence_category",
                "licence_valid_until",
            )
        }
    posted = request.method == "POST"
    form = AffiliationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=initial,
        personne_physique=structure.is_personne_physique,
        attestation_required=services.attestation_required(probe),
    )
    if posted and form.is_valid():
        try:
            affiliation = services.affiliation_save_draft(
                structure=structure,
                actor=request.user,
                data=form.data_object(),
                documents=form.documents(),
                affiliation=affiliation,
            )
            if request.POST.get("action") == "submit":
                services.affiliation_submit(affiliation=affiliation, actor=request.user)
                messages.success(request, _("Votre demande d'affiliation a été envoyée au CNM."))
                return redirect("affiliation:overview", structure_id=structure.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Brouillon enregistré : vous pourrez l'envoyer plus tard."))
            return redirect("affiliation:request", structure_id=structure.pk)
    documents = list(affiliation.documents.all()) if affiliation else []
    return render(
        request,
        "affiliation/request_form.html",
        {
            "structure": structure,
            "affiliation": affiliation,
            "form": form,
            "documents": documents,
            "kind": probe.get_kind_display(),
        },
    )


@login_required
@require_POST
def desaffiliation(request, structure_id: int):
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    form = DesaffiliationForm(request.POST)
    if form.is_valid():
        try:
            services.affiliation_request_desaffiliation(
                structure=structure, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre demande de désaffiliation a été transmise au CNM."))
    else:
        messages.error(request, _("Cochez la case pour confirmer la demande de désaffiliation."))
    return redirect("affiliation:overview", structure_id=structure.pk)


@login_required
def decision_pdf(request, affiliation_id: int):
    affiliation = selectors.affiliation_for_user(user=request.user, affiliation_id=affiliation_id)
    if not affiliation.decision_pdf:
        raise Http404
    return FileResponse(
        affiliation.decision_pdf.open("rb"),
        as_attachment=True,
        filename=f"affiliation-{affiliation.structure.numero_cnm}-{affiliation.pk}.pdf",
    )


@login_required
def document(request, affiliation_id: int, document_id: int):
    doc = selectors.document_for_user(
        user=request.user, affiliation_id=affiliation_id, document_id=document_id
    )
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)
