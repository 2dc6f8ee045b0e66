"""« Ma taxe »: declaring, coproduction signatures, notices and documents."""

import base64
import secrets
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cnm_portal.dates import today
from cnm_portal.forms import add_service_errors
from espace_pro.selectors import structure_for_user
from taxe import selectors, services
from taxe.csv_import import parse_representations_csv
from taxe.forms import CsvImportForm, DeclarationForm, RepresentationForm, SharesForm
from taxe.workflow import DeclarationStatus as D

IMPORT_SESSION_KEY = "taxe_csv_import"


@login_required
def overview(request, structure_id: int):
    context = selectors.tax_overview(
        user=request.user, structure_id=structure_id, query=request.GET
    )
    context["declaration_form"] = DeclarationForm()
    return render(request, "taxe/overview.html", context)


@login_required
@require_POST
def declaration_create(request, structure_id: int):
    structure = structure_for_user(user=request.user, structure_id=structure_id)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        context = selectors.tax_overview(
            user=request.user, structure_id=structure_id, query=request.GET
        )
        context["declaration_form"] = form
        return render(request, "taxe/overview.html", context)
    declaration = services.declaration_create(
        structure=structure, actor=request.user, spectacle=form.cleaned_data["spectacle"]
    )
    return redirect("taxe:declaration", structure_id=structure.pk, declaration_id=declaration.pk)


def _declaration_context(request, declaration, **forms) -> dict:
    shares = list(declaration.shares.all())
    initial = {}
    for i, share in enumerate(shares):
        initial[f"numero_{i}"] = share.structure.numero_cnm
        initial[f"share_{i}"] = share.share
    return {
        "declaration": declaration,
        "structure": declaration.structure,
        "representations": list(declaration.representations.all()),
        "shares": shares,
        "representation_form": forms.get("representation_form") or RepresentationForm(),
        "import_form": forms.get("import_form") or CsvImportForm(),
        "shares_form": forms.get("shares_form") or SharesForm(initial=initial),
        "import_report": forms.get("import_report"),
        "editable": declaration.status == D.BROUILLON,
        "history": list(services.declaration_flow.history(declaration)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def declaration(request, structure_id: int, declaration_id: int):
    declaration = selectors.declaration_for_user(
        user=request.user, structure_id=structure_id, declaration_id=declaration_id
    )
    if request.method == "GET":
        return render(request, "taxe/declaration.html", _declaration_context(request, declaration))
    action = request.POST.get("action")
    back = redirect("taxe:declaration", structure_id=structure_id, declaration_id=declaration.pk)
    try:
        if action == "representation":
            form = RepresentationForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "taxe/declaration.html",
                    _declaration_context(request, declaration, representation_form=form),
                )
            data = form.cleaned_data
            try:
                services.representation_add(
                    declaration=declaration,
                    actor=request.user,
                    data=services.RepresentationData(
                        date=data["date"],
                        venue=data["venue"],
                        city=data["city"],
                        category=data["category"],
                        astp_theatre=data["astp_theatre"],
                        educational=data["educational"],
                        ticketing=data["ticketing"] == "oui",
                        base_ht=data["base_ht"],
                        amount_ttc=data["amount_ttc"],
                        vat_rate=Decimal(data["vat_rate"]) if data["vat_rate"] else None,
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
                return render(
                    request,
                    "taxe/declaration.html",
                    _declaration_context(request, declaration, representation_form=form),
                )
            messages.success(request, _("Représentation ajoutée."))
        elif action == "delete":
            representation = declaration.representations.filter(
                pk=request.POST.get("representation")
            ).first()
            if representation is None:
                raise Http404
            services.representation_delete(representation=representation, actor=request.user)
            messages.success(request, _("Représentation supprimée."))
        elif action == "import":
            return _import(request, declaration)
        elif action == "import_confirm":
            return _import_confirm(request, declaration)
        elif action == "shares":
            return _shares(request, declaration)
        elif action == "withdraw_split":
            services.declaration_withdraw_split(declaration=declaration, actor=request.user)
            messages.success(
                request,
                _("Répartition retirée : la déclaration sera liquidée à votre seul nom."),
            )
        elif action == "submit":
            declaration = services.declaration_submit(declaration=declaration, actor=request.user)
            if declaration.status == D.COPRODUCTION:
                messages.success(
                    request,
                    _(
                        "Déclaration déposée : elle sera prise en compte quand chaque coproducteur aura signé la répartition."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Déclaration déposée. Le CNM la liquide sous 15 jours et vous adresse un avis des sommes à payer."
                    ),
                )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return back


def _import(request, declaration):
    form = CsvImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        content = form.cleaned_data["file"].read()
        rows, errors = parse_representations_csv(content, today=today())
        if not errors and rows:
            services.representations_import(declaration=declaration, actor=request.user, rows=rows)
            messages.success(request, _("%(n)s représentations importées.") % {"n": len(rows)})
            return redirect(
                "taxe:declaration",
                structure_id=declaration.structure_id,
                declaration_id=declaration.pk,
            )
        token = secrets.token_urlsafe(8)
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "declaration": declaration.pk,
            "content": base64.b64encode(content).decode(),
        }
        report = {"rows": len(rows), "errors": errors, "token": token}
    return render(
        request,
        "taxe/declaration.html",
        _declaration_context(request, declaration, import_form=form, import_report=report),
    )


def _import_confirm(request, declaration):
    """The declarant keeps the good lines of a file with bad ones (never silently)."""
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    if (
        pending.get("token") != request.POST.get("token")
        or pending.get("declaration") != declaration.pk
    ):
        messages.error(request, _("Cet import a expiré : déposez le fichier à nouveau."))
    else:
        rows, _errors = parse_representations_csv(
            base64.b64decode(pending["content"]), today=today()
        )
        services.representations_import(declaration=declaration, actor=request.user, rows=rows)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _("%(n)s représentations valides importées ; les lignes en erreur ont été écartées.")
            % {"n": len(rows)},
        )
    return redirect(
        "taxe:declaration", structure_id=declaration.structure_id, declaration_id=declaration.pk
    )


def _shares(request, declaration):
    form = SharesForm(request.POST)
    if form.is_valid():
        parties = []
        for numero, share in form.rows():
            structure = selectors.structure_by_numero(numero) if numero else None
            if structure is None or share is None:
                form.add_error(
                    None,
                    _("Numéro CNM inconnu ou part manquante : %(numero)s")
                    % {"numero": numero or "—"},
                )
                break
            parties.append((structure, share))
        else:
            try:
                services.declaration_set_shares(
                    declaration=declaration, actor=request.user, shares=parties
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Répartition enregistrée : chaque partie la signera depuis son espace après le dépôt."
                    ),
                )
                return redirect(
                    "taxe:declaration",
                    structure_id=declaration.structure_id,
                    declaration_id=declaration.pk,
                )
    return render(
        request,
        "taxe/declaration.html",
        _declaration_context(request, declaration, shares_form=form),
    )


@login_required
@require_POST
def share_sign(request, structure_id: int, share_id: int):
    share = selectors.share_for_user(
        user=request.user, structure_id=structure_id, share_id=share_id
    )
    try:
        services.share_sign(share=share, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vous avez signé la répartition de la taxe."))
    return redirect("taxe:overview", structure_id=structure_id)


@login_required
@require_POST
def share_refuse(request, structure_id: int, share_id: int):
    share = selectors.share_for_user(
        user=request.user, structure_id=structure_id, share_id=share_id
    )
    try:
        services.share_refuse(
            share=share, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Vous avez refusé la répartition : le déclarant en est informé.")
        )
    return redirect("taxe:overview", structure_id=structure_id)


@login_required
def notice_document(request, structure_id: int, notice_id: int, kind: str):
    notice = selectors.notice_for_user(
        user=request.user, structure_id=structure_id, notice_id=notice_id
    )
    field = {"avis": notice.pdf, "rappel": notice.reminder_pdf, "titre": notice.titre_pdf}.get(kind)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{kind}-{notice.number}.pdf"
    )


@login_required
@require_POST
def rectification_observe(request, structure_id: int, rectification_id: int):
    rectification = selectors.rectification_for_user(
        user=request.user, structure_id=structure_id, rectification_id=rectification_id
    )
    try:
        services.rectification_observe(
            rectification=rectification, text=request.POST.get("text", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Vos observations ont été transmises au CNM, qui vous adressera une réponse motivée."
            ),
        )
    return redirect("taxe:overview", structure_id=structure_id)
