"""Public pages of the aid programmes (no login): the catalogue, one page per programme, the
simulator and its JSON API (described by an OpenAPI document). Everything is generated from the
programme definitions; the amounts come from the same ``compute`` as the dossier."""

from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from aides import catalogue as cat
from aides import programmes, selectors
from aides.forms import FiguresMixin
from aides.programmes.base import MORALE, PHYSIQUE, Applicant, Programme
from aides.rules import affiliation_request_by
from cnm_portal.forms import DsfrFormMixin
from espace_pro.choices import LegalForm

MAX_API_BODY = 64 * 1024
EXAMPLE_AMOUNT = Decimal("10000.00")


def _programme_or_404(slug: str) -> Programme:
    try:
        return programmes.get_by_slug(slug)
    except KeyError:
        raise Http404("programme inconnu") from None


class SimulatorForm(FiguresMixin, DsfrFormMixin, forms.Form):
    """Every figure of a programme, built and checked exactly as in the dossier's steps."""

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_figures(programme.all_figures(), {})
        self.apply_dsfr()


class CatalogueFilterForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=120)
    demandeur = forms.ChoiceField(
        label="Qui peut demander", required=False, choices=cat.KIND_CHOICES
    )
    forme = forms.ChoiceField(
        label="Forme juridique",
        required=False,
        choices=[("", "Toutes les formes juridiques"), *LegalForm.choices],
    )
    ouvert = forms.BooleanField(label="Dépôt ouvert en ce moment", required=False)


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = cat.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = cat.Filters(
            query=data["q"],
            kind=data["demandeur"],
            legal_form=data["forme"],
            open_only=data["ouvert"],
        )
    sections, sessions = cat.catalogue(filters)
    count = sum(len(items) for _, items in sections)
    return render(
        request,
        "aides/public/catalogue.html",
        {"form": form, "sections": sections, "sessions": sessions, "count": count},
    )


@require_GET
def programme_detail(request, slug: str):
    programme = _programme_or_404(slug)
    sessions = selectors.next_sessions(article=programme.article)[:6]
    rows = [
        {"session": s, "affiliation_by": affiliation_request_by(s.deposit_deadline.date())}
        for s in sessions
    ]
    schedule_example = programme.payment_schedule(programme_example_amount(programme))
    return render(
        request,
        "aides/public/programme.html",
        {
            "programme": programme,
            "sessions": rows,
            "objective": [c for c in programme.criteria if c.objective],
            "judgement": [c for c in programme.criteria if not c.objective],
            "schedule_example": schedule_example,
            "example_amount": programme_example_amount(programme),
        },
    )


def programme_example_amount(programme: Programme) -> Decimal:
    """An amount above art. 5's 5 000 € to illustrate the split (the page says so)."""
    return EXAMPLE_AMOUNT


class ApplicantForm(DsfrFormMixin, forms.Form):
    """Who the simulation is for: the checks the portal makes from the database on a real
    dossier (kind, legal form, affiliation, licence) are asked here."""

    forme_juridique = forms.ChoiceField(
        label="Vous demandez au titre de", required=False, choices=[("", "—"), *LegalForm.choices]
    )
    affilie = forms.ChoiceField(
        label="Affiliation au CNM à la date du dépôt",
        required=False,
        choices=[("", "Je ne sais pas"), ("oui", "Affilié"), ("non", "Non affilié")],
    )
    licence = forms.ChoiceField(
        label="Licence d'entrepreneur de spectacles",
        required=False,
        choices=[("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")],
    )

    def applicant(self) -> Applicant:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return applicant_from(
            data.get("forme_juridique") or None, data.get("affilie"), data.get("licence")
        )


def _tristate(value) -> bool | None:
    if value in (True, "oui", "true", 1):
        return True
    if value in (False, "non", "false", 0):
        return False
    return None


def applicant_from(legal_form: str | None, affiliated, licence) -> Applicant:
    kind = None
    if legal_form:
        kind = PHYSIQUE if legal_form == LegalForm.PERSONNE_PHYSIQUE else MORALE
    return Applicant(
        kind=kind,
        legal_form=legal_form,
        affiliated=_tristate(affiliated),
        has_licence=_tristate(licence),
    )


@require_GET
def simulator_index(request):
    return render(
        request, "aides/public/simulator_index.html", {"sections": programmes.by_section()}
    )


@require_GET
def simulator(request, slug: str):
    programme = _programme_or_404(slug)
    submitted = "calculer" in request.GET
    form = SimulatorForm(request.GET if submitted else None, programme=programme)
    applicant_form = ApplicantForm(request.GET if submitted else None)
    result = schedule = None
    if submitted and form.is_valid() and applicant_form.is_valid():
        result = programme.compute(form.figure_values(), applicant=applicant_form.applicant())
        schedule = programme.payment_schedule(result.amount)
    return render(
        request,
        "aides/public/simulator.html",
        {
            "programme": programme,
            "form": form,
            "applicant_form": applicant_form,
            "result": result,
            "schedule": schedule,
        },
    )


# --- JSON API ---------------------------------------------------------------------------------


def _json_error(status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def programme_summary(programme: Programme, request) -> dict:
    return {
        "article": programme.article,
        "titre": programme.title,
        "section": programme.section.title,
        "version": programme.version,
        "clos": programme.closed,
        "demandeurs": sorted(programme.applicant_kinds),
        "formes_juridiques": sorted(programme.legal_forms) if programme.legal_forms else None,
        "page": request.build_absolute_uri(
            reverse("aides_public:programme", args=[programme.slug])
        ),
        "simulation": request.build_absolute_uri(
            reverse("aides_public:api_simulate", args=[programme.slug])
        ),
        "donnees": [
            {
                "nom": f.name,
                "libelle": f.label,
                "type": f.kind,
                "obligatoire": f.required,
                **({"choix": [code for code, _ in f.choices]} if f.choices else {}),
            }
            for f in programme.all_figures()
        ],
    }


@require_GET
def api_programmes(request):
    return JsonResponse(
        {"programmes": [programme_summary(p, request) for p in programmes.all()]},
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt  # a read-only computation for partners: no session, nothing written
def api_simulate(request, slug: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        programme = programmes.get_by_slug(slug)
    except KeyError:
        return _json_error(404, "Programme inconnu.")
    if len(request.body) > MAX_API_BODY:
        return _json_error(413, "Requête trop volumineuse.")
    try:
        body = json.loads(request.body.decode("utf-8"), parse_float=str)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(400, "Le corps de la requête doit être un document JSON valide.")
    if not isinstance(body, dict) or not isinstance(body.get("donnees", {}), dict):
        return _json_error(400, "« donnees » doit être un objet JSON (nom de la donnée → valeur).")
    demandeur = body.get("demandeur") or {}
    if not isinstance(demandeur, dict):
        return _json_error(400, "« demandeur » doit être un objet JSON.")
    legal_form = demandeur.get("forme_juridique")
    if legal_form not in (None, "", *LegalForm.values):
        return _json_error(400, "Forme juridique inconnue.", formes=list(LegalForm.values))
    unknown = sorted(set(body.get("donnees", {})) - {f.name for f in programme.all_figures()})
    figures = {
        k: (str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v)
        for k, v in body.get("donnees", {}).items()
    }
    result = programme.compute(
        figures,
        applicant=applicant_from(
            legal_form or None, demandeur.get("affilie"), demandeur.get("licence")
        ),
    )
    payload = result.as_dict()
    payload["programme"] = {"article": programme.article, "version": programme.version}
    payload["echeancier"] = [
        {"libelle": i.label, "montant": str(i.amount), "declencheur": i.trigger}
        for i in programme.payment_schedule(result.amount)
    ]
    if unknown:
        payload["donnees_ignorees"] = unknown
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request):
    from aides.openapi import document

    return JsonResponse(document(request), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_doc(request):
    example = programmes.get("16") if "16" in {p.article for p in programmes.all()} else None
    return render(
        request,
        "aides/public/api.html",
        {"programmes": programmes.all(), "example": example},
    )
