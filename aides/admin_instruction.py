"""The instruction in the admin (RGA art. 3): filters of the queues (choices from code, never a
``SELECT DISTINCT``), the buttons of the instruction moves (``INSTRUCTION_ACTIONS``), the
checklist action, the bulk « prendre en instruction », the exports, the instructor's home."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aides import programmes, services
from aides import selectors_instruction as queues
from aides.models import CommissionSession, Dossier
from aides.models_instruction import DossierExport, Instruction
from aides.rules_instruction import default_missing_items_deadline
from aides.services.computation import derived_figure_names
from aides.workflow import DossierStatus
from cnm_portal.admin import WorkflowAction
from cnm_portal.dates import today
from cnm_portal.money import MoneyField
from espace_pro.choices import LegalForm

S = DossierStatus


# --- filters (each delegates to the selector the exports use) --------------------------------


class _QueueFilter(admin.SimpleListFilter):
    def queryset(self, request, queryset):
        return queues.apply_filter(
            queryset, self.parameter_name, self.value() or "", user=request.user
        )


class ProgrammeFilter(_QueueFilter):
    title = _("programme")
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        return [(p.article, p.reference) for p in programmes.all()]


class SessionFilter(_QueueFilter):
    """Sessions of the chosen programme (or those whose commission is within a year): the
    sessions table is small, the dossiers table is not read."""

    title = _("session")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = CommissionSession.objects.order_by("-commission_date")
        programme = request.GET.get("programme")
        if programme:
            sessions = sessions.filter(programme=programme)
        else:
            sessions = sessions.filter(commission_date__gte=today().replace(year=today().year - 1))
        return [(str(s.pk), str(s)) for s in sessions[:60]]


class StatusFilter(_QueueFilter):
    title = _("file")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        first = [(s.value, s.label) for s in queues.QUEUE_STATUSES]
        return first + [(s.value, s.label) for s in S if s not in queues.QUEUE_STATUSES]


class AmountFilter(_QueueFilter):
    title = _("aide sollicitée")
    parameter_name = "montant"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _l, _h) in queues.AMOUNT_RANGES.items()]


class LegalFormFilter(_QueueFilter):
    title = _("forme juridique")
    parameter_name = "forme"

    def lookups(self, request, model_admin):
        return LegalForm.choices


class LateFilter(_QueueFilter):
    title = _("en retard")
    parameter_name = "retard"

    def lookups(self, request, model_admin):
        return [("oui", _("en retard"))]


class InstructorFilter(_QueueFilter):
    title = _("instructeur")
    parameter_name = "instructeur"

    def lookups(self, request, model_admin):
        return [("moi", _("mes dossiers")), ("aucun", _("non attribués"))]


QUEUE_FILTERS = [
    StatusFilter,
    ProgrammeFilter,
    SessionFilter,
    AmountFilter,
    LegalFormFilter,
    LateFilter,
    InstructorFilter,
]


# --- forms of the buttons ---------------------------------------------------------------------


class MissingItemsForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Pièces à fournir (liste du programme)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    figures = forms.MultipleChoiceField(
        label=_("Données à compléter ou corriger"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_items = forms.CharField(
        label=_("Autres informations demandées (réponse libre du demandeur)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label=_("Message au demandeur"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=_("À compléter au plus tard le (jour ouvré)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        kwargs.setdefault("initial", {"deadline": default_missing_items_deadline(today())})
        super().__init__(*args, **kwargs)
        programme = dossier.programme_definition
        self.fields["documents"].choices = [(d.code, d.label) for d in programme.documents]
        derived = derived_figure_names(programme)
        self.fields["figures"].choices = [
            (f.name, f.label) for f in programme.all_figures() if f.name not in derived
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif d'irrecevabilité (notifié au demandeur)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class EligibleForm(forms.Form):
    amount = MoneyField(label=_("Montant proposé à la commission"))
    comment = forms.CharField(
        label=_("Avis de l'instruction (lu par la commission)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    session = forms.ModelChoiceField(
        label=_("Session de commission"), queryset=CommissionSession.objects.none()
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        maximum = services.dossier_computation(dossier).amount
        kwargs.setdefault(
            "initial",
            {"session": dossier.session_id, "amount": dossier.montant_propose or maximum},
        )
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = queues.upcoming_sessions(dossier.programme) | (
            CommissionSession.objects.filter(pk=dossier.session_id)
        )
        self.fields["amount"].help_text = _(
            "Aide maximale recalculée (plafonds du programme, reste du plafond annuel, montant "
            "sollicité) : %(max)s €."
        ) % {"max": maximum}


MET_CHOICES = [("", _("à vérifier")), ("oui", _("conforme")), ("non", _("non conforme"))]


class ChecklistForm(forms.Form):
    """One choice and one note per line of the checklist."""

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = queues.checklist(dossier)
        for row in self.rows:
            auto = {True: _("rempli"), False: _("non rempli"), None: _("à apprécier")}[
                row.automatic
            ]
            initial = "" if row.item is None else ("oui" if row.item.met else "non")
            self.fields[f"met_{row.code}"] = forms.ChoiceField(
                label=f"{row.label} (art. {row.article})",
                choices=MET_CHOICES,
                required=False,
                initial=initial,
                help_text=_("Au dépôt : %(auto)s. %(message)s")
                % {"auto": auto, "message": row.message},
            )
            self.fields[f"note_{row.code}"] = forms.CharField(
                label=_("Observation"),
                required=False,
                max_length=500,
                initial=row.item.note if row.item else "",
            )


def checklist_ticks(data: dict) -> dict[str, tuple[bool | None, str]]:
    """``{code: (met, note)}`` from the cleaned data of :class:`ChecklistForm`."""
    return {
        key[4:]: (
            {"oui": True, "non": False}.get(value or ""),
            data.get(f"note_{key[4:]}") or "",
        )
        for key, value in data.items()
        if key.startswith("met_")
    }


def _dossier_kwargs(request, obj):
    return {"dossier": obj}


INSTRUCTION_ACTIONS = {
    (S.DEPOSE, S.EN_INSTRUCTION): WorkflowAction(
        label=_("Prendre en instruction"),
        handle=lambda request, obj, data: services.dossier_take(dossier=obj, actor=request.user),
        done=_("Dossier pris en instruction."),
    ),
    S.INCOMPLET: WorkflowAction(
        label=_("Demander des pièces ou informations"),
        form_class=MissingItemsForm,
        form_kwargs=_dossier_kwargs,
        handle=lambda request, obj, data: services.dossier_request_missing_items(
            dossier=obj, actor=request.user, **data
        ),
        done=_("Demande envoyée : le dossier est incomplet jusqu'à la réponse."),
    ),
    S.IRRECEVABLE: WorkflowAction(
        label=_("Déclarer irrecevable"),
        form_class=ReasonForm,
        handle=lambda request, obj, data: services.dossier_declare_irrecevable(
            dossier=obj, actor=request.user, reason=data["reason"]
        ),
        done=_("Dossier irrecevable : le motif est notifié par email."),
    ),
    S.ELIGIBLE: WorkflowAction(
        label=_("Déclarer éligible et proposer un montant"),
        form_class=EligibleForm,
        form_kwargs=_dossier_kwargs,
        handle=lambda request, obj, data: services.dossier_declare_eligible(
            dossier=obj, actor=request.user, **data
        ),
        done=_("Dossier éligible : prêt pour sa session de commission."),
    ),
}

INSTRUCTION_OBJECT_ACTIONS = {
    "grille": WorkflowAction(
        label=_("Remplir la grille d'instruction"),
        form_class=ChecklistForm,
        form_kwargs=_dossier_kwargs,
        statuses=frozenset({S.EN_INSTRUCTION, S.INCOMPLET}),
        handle=lambda request, obj, data: services.checklist_save(
            dossier=obj, actor=request.user, ticks=checklist_ticks(data)
        ),
        done=_("Grille d'instruction enregistrée."),
    ),
}


# --- admin actions of the list ------------------------------------------------------------


@admin.action(description=_("Prendre en instruction les dossiers déposés sélectionnés"))
def take_selected(modeladmin, request, queryset):
    skipped = queryset.exclude(status=S.DEPOSE).count()
    done, errors = services.dossiers_take(
        dossiers=list(queryset.filter(status=S.DEPOSE)[:500]), actor=request.user
    )
    modeladmin.message_user(request, _("%(n)d dossier(s) pris en instruction.") % {"n": done})
    if skipped:
        modeladmin.message_user(
            request,
            _("%(n)d dossier(s) ignoré(s) : ils ne sont pas au statut « Déposé ».")
            % {"n": skipped},
            messages.WARNING,
        )
    for error in errors:
        modeladmin.message_user(request, error, messages.ERROR)


def _export_params(request, queryset) -> dict:
    """The changelist's filters and search when « tout sélectionner » is used, else the ids."""
    if request.POST.get("select_across") == "1":
        return {k: v for k, v in request.GET.items() if k in (*queues.FILTER_PARAMS, "q")}
    return {"ids": [str(pk) for pk in queryset.values_list("pk", flat=True)[:10000]]}


def _export_action(fmt):
    def action(modeladmin, request, queryset):
        from aides.documents_instruction import export_request

        export = export_request(
            actor=request.user, format=fmt, params=_export_params(request, queryset)
        )
        return redirect("admin:aides_dossier_export", export.pk)

    action.__name__ = f"export_{fmt}"
    return admin.action(description=_("Exporter en %(f)s") % {"f": fmt.upper()})(action)


export_csv = _export_action("csv")
export_xlsx = _export_action("xlsx")


class ExportViewsMixin:
    """Views of DossierAdmin: start an export of the filtered list, follow its progress,
    download it. An export is read only by the person who asked for it."""

    def export_start_view(self, request):
        from aides.documents_instruction import export_request

        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        fmt = request.POST.get("format")
        if fmt not in DossierExport.Format.values:
            raise Http404
        params = {k: v for k, v in request.POST.items() if k in (*queues.FILTER_PARAMS, "q")}
        export = export_request(actor=request.user, format=fmt, params=params)
        return redirect("admin:aides_dossier_export", export.pk)

    def _export(self, request, pk) -> DossierExport:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(DossierExport, pk=pk, requested_by=request.user)

    def export_view(self, request, pk):
        export = self._export(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export des dossiers"),
            "export": export,
            "opts": self.model._meta,
            "running": export.status in (DossierExport.Status.EN_ATTENTE, "en_cours"),
        }
        return TemplateResponse(request, "aides/admin/export.html", context)

    def export_download_view(self, request, pk):
        export = self._export(request, pk)
        if export.status != DossierExport.Status.TERMINE or not export.file:
            raise Http404
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
        )


# --- the instructor's home --------------------------------------------------------------------


@admin.register(Instruction)
class InstructionHomeAdmin(admin.ModelAdmin):
    """« Accueil de l'instruction »: what waits on the instructors, late ones first."""

    def has_view_permission(self, request, obj=None):
        # The home's own permission (granted to the instructors), not any reader of dossiers.
        return request.user.has_perm("aides.view_instruction")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        on = today()
        rows = queues.home_rows(on=on)
        base = reverse("admin:aides_dossier_changelist")
        programme_titles = {p.article: p.reference for p in programmes.all()}
        for row in rows:
            query = f"?programme={row.programme}&session={row.session.pk}"
            row.programme_label = programme_titles.get(row.programme, row.programme)
            row.links = [
                (S(status).label, row.counts.get(status, 0), f"{base}{query}&statut={status}")
                for status in queues.HOME_STATUSES
            ]
            row.late_url = f"{base}{query}&retard=oui"
        totals = {
            status: sum(r.counts.get(status, 0) for r in rows) for status in queues.HOME_STATUSES
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Accueil de l'instruction"),
            "opts": self.model._meta,
            "rows": rows,
            "totals": [
                (S(status).label, totals[status], f"{base}?statut={status}")
                for status in queues.HOME_STATUSES
            ],
            "late_total": sum(r.late for r in rows),
            "late_url": f"{base}?retard=oui",
            "mine_url": f"{base}?instructeur=moi",
            "extra_items": [(item.label, item.count(), item.url()) for item in queues.home_items()],
            "on": on,
        }
        return TemplateResponse(request, "aides/admin/instruction_home.html", context)


# --- what the payments part puts on the home (its models: aides.models_paiement) -------------


def _count(model_name: str, status: str):
    def count() -> int:
        from django.apps import apps

        return apps.get_model("aides", model_name).objects.filter(status=status).count()

    return count


def _url(model_name: str, status: str):
    return lambda: reverse(f"admin:aides_{model_name}_changelist") + f"?status__exact={status}"


queues.register_home_item(
    queues.HomeItem(
        "bilans", _("Bilans déposés à vérifier"), _count("bilan", "depose"), _url("bilan", "depose")
    )
)
queues.register_home_item(
    queues.HomeItem(
        "versements",
        _("Versements dus (à ordonner)"),
        _count("versement", "prevu"),
        _url("versement", "prevu"),
    )
)
