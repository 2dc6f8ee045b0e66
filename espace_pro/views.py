"""Thin views: a form, one service or selector, a template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cnm_portal.forms import add_service_errors, form_data, form_files
from espace_pro import rules, selectors, services
from espace_pro.choices import LegalForm, Procedure
from espace_pro.forms import (
    CodeConfirmForm,
    CodeSearchForm,
    CorrectionForm,
    InvitationForm,
    LegalFormChoiceForm,
    MoraleRequestForm,
    PersonnePhysiqueForm,
    RnaSearchForm,
    SiretSearchForm,
)
from espace_pro.hooks import structure_sections
from espace_pro.registry import RegistryUnavailable, get_registry
from espace_pro.workflow import AccessRequestStatus


def _client_address(request) -> str:
    """The client's IP address as allauth's rate limits see it (same proxy settings)."""
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)


@login_required
def home(request):
    context = selectors.espace_pro_overview(user=request.user)
    context["requests"] = list(selectors.access_requests_for_user(user=request.user)[:50])
    return render(request, "espace_pro/home.html", context)


@login_required
def request_choice(request):
    return render(request, "espace_pro/request_choice.html")


@login_required
@require_http_methods(["GET", "POST"])
def request_simplified(request):
    """Procédure simplifiée: numéro CNM + code → « Rechercher » → confirm the role."""
    # an empty POST is bound too, so it gets the errors rather than a blank form
    search = CodeSearchForm(form_data(request))
    context = {"form": search}
    if request.method == "POST" and search.is_valid():
        numero, code = search.cleaned_data["numero_cnm"], search.cleaned_data["code"]
        try:
            verified = services.activation_code_verify(
                user=request.user, numero_cnm=numero, code=code, address=_client_address(request)
            )
        except ValidationError as error:
            add_service_errors(search, error)
            return render(request, "espace_pro/request_simplified.html", context)
        confirming = "role" in request.POST
        confirm = CodeConfirmForm(
            request.POST if confirming else None, initial={"numero_cnm": numero, "code": code}
        )
        if confirming and confirm.is_valid():
            try:
                membership = services.membership_create_with_code(
                    user=request.user,
                    numero_cnm=numero,
                    code=code,
                    role=confirm.cleaned_data["role"],
                    address=_client_address(request),
                )
            except ValidationError as error:
                add_service_errors(search, error)
                return render(request, "espace_pro/request_simplified.html", context)
            messages.success(
                request,
                _("Vous avez désormais accès à l'espace professionnel de %(name)s.")
                % {"name": membership.structure.name},
            )
            return redirect("espace_pro:structure", structure_id=membership.structure_id)
        context.update(confirm=confirm, verified=verified)
    return render(request, "espace_pro/request_simplified.html", context)


SEARCH_FORMS = {"siret": SiretSearchForm, "rna": RnaSearchForm}


@login_required
def request_search(request, kind: str):
    """Sans numéro CNM: find the structure by SIRET or RNA in the registry."""
    if kind not in SEARCH_FORMS:
        raise Http404
    form = SEARCH_FORMS[kind](request.GET or None)
    results, unavailable, identifier = None, False, ""
    if form.is_bound and form.is_valid():
        identifier = form.cleaned_data[kind]
        registry = get_registry()
        try:
            results = (
                registry.search_siret(identifier)
                if kind == "siret"
                else registry.search_rna(identifier)
            )
        except RegistryUnavailable:
            unavailable = True
        else:
            if not results:
                form.add_error(
                    kind,
                    _("Aucun établissement ne correspond à ce numéro au répertoire : vérifiez-le."),
                )
    return render(
        request,
        "espace_pro/request_search.html",
        {
            "kind": kind,
            "form": form,
            "results": results,
            "unavailable": unavailable,
            "identifier": identifier,
            "other_kind": "rna" if kind == "siret" else "siret",
        },
    )


def _establishment(kind: str, identifier: str, siret: str):
    """(establishment or None, registry_unavailable)."""
    registry = get_registry()
    try:
        found = (
            registry.search_siret(identifier)
            if kind == "siret"
            else registry.search_rna(identifier)
        )
    except RegistryUnavailable:
        return None, True
    if siret:
        found = [e for e in found if e.siret == siret] or found
    return (found[0] if found else None), False


@login_required
@require_http_methods(["GET", "POST"])
def request_morale(request, kind: str, identifier: str):
    """The access-request form of a personne morale, pre-filled from the registry."""
    validate = {"siret": rules.validate_siret, "rna": rules.validate_rna}.get(kind)
    if validate is None:
        raise Http404
    try:
        identifier = validate(identifier)
    except ValidationError as error:
        raise Http404 from error
    establishment, unavailable = _establishment(kind, identifier, request.GET.get("siret", ""))
    if establishment is None and not unavailable:
        messages.error(request, _("Aucun établissement ne correspond à ce numéro au répertoire."))
        return redirect("espace_pro:request_search", kind=kind)
    if establishment is not None and establishment.is_closed:
        messages.error(
            request,
            _(
                "Cet établissement est fermé au répertoire SIRENE : il ne peut pas faire l'objet "
                "d'une demande d'accès."
            ),
        )
        return redirect(
            f"{reverse('espace_pro:request_search', kwargs={'kind': kind})}?{kind}={identifier}"
        )

    legal_form = (establishment.legal_form if establishment else "") or request.POST.get(
        "forme", request.GET.get("forme", "")
    )
    if legal_form not in LegalForm.values or legal_form == LegalForm.PERSONNE_PHYSIQUE:
        choice = LegalFormChoiceForm(request.GET if "forme" in request.GET else None)
        return render(
            request,
            "espace_pro/request_legal_form.html",
            {
                "choice": choice,
                "establishment": establishment,
                "unavailable": unavailable,
                "identifier": identifier,
                "kind": kind,
            },
        )
    initial = {}
    if establishment is not None:
        initial = {
            "name": establishment.name,
            "address": establishment.address,
            "postal_code": establishment.postal_code,
            "city": establishment.city,
        }
    form = MoraleRequestForm(
        form_data(request), form_files(request), legal_form=legal_form, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        siret = identifier if kind == "siret" else (establishment.siret if establishment else "")
        rna = identifier if kind == "rna" else (establishment.rna if establishment else "")
        data = services.RequestData(
            procedure=Procedure.SIRET if kind == "siret" else Procedure.RNA,
            legal_form=legal_form,
            siret=siret,
            rna=rna,
            **{
                k: form.cleaned_data[k]
                for k in ("name", "address", "address_complement", "postal_code", "city", "role")
            },
        )
        try:
            access_request = services.access_request_submit(
                user=request.user,
                data=data,
                documents=form.documents(),
                establishment=establishment,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre demande a été envoyée. Les services du CNM la traitent sous 2 jours ouvrés."
                ),
            )
            return redirect("espace_pro:request_detail", request_id=access_request.pk)
    return render(
        request,
        "espace_pro/request_morale.html",
        {
            "form": form,
            "establishment": establishment,
            "unavailable": unavailable,
            "identifier": identifier,
            "kind": kind,
            "legal_form": LegalForm(legal_form),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_personne_physique(request):
    form = PersonnePhysiqueForm(
        form_data(request),
        form_files(request),
        initial={"last_name": request.user.last_name, "first_names": request.user.first_name},
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        data = services.RequestData(
            procedure=Procedure.PERSONNE_PHYSIQUE,
            legal_form=LegalForm.PERSONNE_PHYSIQUE,
            name=f"{cleaned['first_names']} {cleaned['last_name'].upper()}",
            last_name=cleaned["last_name"],
            first_names=cleaned["first_names"],
            birth_date=cleaned["birth_date"],
            fiscal_residence_certified=cleaned["fiscal_residence_certified"],
            **{
                k: cleaned[k]
                for k in ("address", "address_complement", "postal_code", "city", "country")
            },
        )
        try:
            access_request = services.access_request_submit(
                user=request.user, data=data, documents=form.documents(), establishment=None
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre demande a été envoyée. Les services du CNM la traitent sous 2 jours ouvrés."
                ),
            )
            return redirect("espace_pro:request_detail", request_id=access_request.pk)
    return render(request, "espace_pro/request_personne_physique.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, request_id: int):
    access_request = selectors.access_request_for_user(user=request.user, request_id=request_id)
    correction = None
    if access_request.status == AccessRequestStatus.A_COMPLETER:
        posted = request.method == "POST"
        correction = CorrectionForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            legal_form=access_request.legal_form,
        )
        if request.method == "POST" and correction.is_valid():
            try:
                services.access_request_correct(
                    request=access_request, user=request.user, documents=correction.documents()
                )
            except ValidationError as error:
                add_service_errors(correction, error)
            else:
                messages.success(request, _("Votre justificatif corrigé a été envoyé au CNM."))
                return redirect("espace_pro:request_detail", request_id=access_request.pk)
    elif request.method == "POST":
        raise Http404
    from espace_pro.workflow import access_request_flow

    return render(
        request,
        "espace_pro/request_detail.html",
        {
            "access_request": access_request,
            "correction": correction,
            "history": list(access_request_flow.history(access_request)),
            "can_cancel": bool(
                access_request_flow.targets(access_request.status) & {AccessRequestStatus.ANNULEE}
            ),
        },
    )


@login_required
@require_POST
def request_cancel(request, request_id: int):
    access_request = selectors.access_request_for_user(user=request.user, request_id=request_id)
    try:
        services.access_request_cancel(request=access_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre demande a été annulée."))
    return redirect("espace_pro:request_detail", request_id=access_request.pk)


@login_required
def request_document(request, request_id: int, document_id: int):
    document = selectors.document_for_user(
        user=request.user, request_id=request_id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


@login_required
def structure(request, structure_id: int):
    structure = selectors.structure_page(user=request.user, structure_id=structure_id)
    return render(
        request,
        "espace_pro/structure.html",
        {
            "structure": structure,
            "invite_form": InvitationForm(),
            "sections": structure_sections(request, structure),
        },
    )


@login_required
@require_POST
def structure_invite(request, structure_id: int):
    structure = selectors.structure_page(user=request.user, structure_id=structure_id)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                structure=structure,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("espace_pro:structure", structure_id=structure.pk)
    return render(
        request,
        "espace_pro/structure.html",
        {
            "structure": structure,
            "invite_form": form,
            "sections": structure_sections(request, structure),
        },
    )


@login_required
@require_POST
def membership_remove(request, structure_id: int, membership_id: int):
    membership = selectors.membership_for_user(
        user=request.user, structure_id=structure_id, membership_id=membership_id
    )
    leaving = membership.user_id == request.user.pk
    services.membership_revoke(membership=membership, actor=request.user)
    if leaving:
        messages.success(request, _("Vous n'avez plus accès à cet espace professionnel."))
        return redirect("espace_pro:home")
    messages.success(
        request, _("L'accès de %(name)s a été retiré.") % {"name": membership.user.get_full_name()}
    )
    return redirect("espace_pro:structure", structure_id=structure_id)


@login_required
@require_POST
def invitation_cancel(request, structure_id: int, invitation_id: int):
    invitation = selectors.invitation_for_member(
        user=request.user, structure_id=structure_id, invitation_id=invitation_id
    )
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("L'invitation a été annulée."))
    return redirect("espace_pro:structure", structure_id=structure_id)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = selectors.invitation_by_token(token=token)
    if invitation.email.lower() != request.user.email.lower():
        return render(request, "espace_pro/invitation_wrong_account.html", status=404)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Vous avez désormais accès à l'espace professionnel de %(name)s.")
                % {"name": membership.structure.name},
            )
            return redirect("espace_pro:structure", structure_id=membership.structure_id)
    return render(request, "espace_pro/invitation_accept.html", {"invitation": invitation})
