"""Staff screens: accounts, the ledger (read-only, never edited), generations, the yearly split
of the tax, drawing requests (buttons from the workflow table), transfers, location-gérance."""

import csv
from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    ServiceFormAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.dates import today
from cnm_portal.forms import add_service_errors, form_data, form_files
from cnm_portal.paginator import CappedCountPaginator
from compte_entrepreneur import rules, selectors, services
from compte_entrepreneur.forms import (
    CancelForm,
    GeranceEndForm,
    GeranceForm,
    RefusalForm,
    RegularisationForm,
    TransferForm,
)
from compte_entrepreneur.models import (
    Compte,
    Drawing,
    DrawingDocument,
    Entry,
    Generation,
    LocationGerance,
    TaxAllocation,
    Transfer,
)
from compte_entrepreneur.workflow import DrawingStatus as D
from compte_entrepreneur.workflow import TransferStatus as T
from compte_entrepreneur.workflow import drawing_flow, transfer_flow


def export_csv(modeladmin, request, queryset):
    """CSV export of the selected rows (the columns of the list)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{modeladmin.model._meta.model_name}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    fields = [f for f in modeladmin.list_display if f != "__str__"]
    writer.writerow(fields)
    for obj in queryset.iterator(chunk_size=2000):
        row = []
        for name in fields:
            if hasattr(obj, name):
                value = getattr(obj, name)
                row.append(value() if callable(value) else value)
            else:  # a column computed by the admin (numéro CNM…)
                row.append(getattr(modeladmin, name)(obj))
        writer.writerow(row)
    return response


export_csv.short_description = _("Exporter en CSV")


class ReadOnlyLedgerAdmin(admin.ModelAdmin):
    """Ledger rows are never added, edited or deleted by hand (append-only)."""

    actions = [export_csv]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LiveGenerationInline(admin.TabularInline):
    model = Generation
    fk_name = "compte"
    extra = 0
    can_delete = False
    fields = ["notified_on", "amount", "remaining", "valid_until", "warning_sent_on", "expired_on"]
    readonly_fields = fields
    verbose_name_plural = _("générations avec un reste disponible")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(remaining__gt=0)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Compte)
class CompteAdmin(ReadOnlyLedgerAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["structure", "numero_cnm", "balance", "opened_at"]
    list_select_related = ["structure"]
    search_fields = ["structure__name", "structure__numero_cnm", "structure__siret"]
    readonly_fields = ["structure", "balance", "opened_at", "entries_link"]
    fields = readonly_fields
    inlines = [LiveGenerationInline]

    @admin.display(description=_("numéro CNM"))
    def numero_cnm(self, obj):
        return obj.structure.numero_cnm

    @admin.display(description=_("écritures"))
    def entries_link(self, obj):
        url = reverse("admin:compte_entrepreneur_entry_changelist") + f"?compte__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Historique des écritures"))


@admin.register(Entry)
class EntryAdmin(ReadOnlyLedgerAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["created_at", "compte", "kind", "amount", "balance_after", "label", "source"]
    list_filter = ["kind"]
    list_select_related = ["compte__structure"]
    search_fields = ["source", "label", "compte__structure__name", "compte__structure__numero_cnm"]
    raw_id_fields = ["compte", "payment", "drawing", "transfer", "generation"]


class ExpiryFilter(admin.SimpleListFilter):
    title = _("échéance")
    parameter_name = "echeance"

    def lookups(self, request, model_admin):
        return [
            ("avertir", _("Expire dans les 90 jours")),
            ("vivantes", _("Avec un reste disponible")),
            ("perimees", _("Reste annulé (péremption)")),
        ]

    def queryset(self, request, queryset):
        on = today()
        if self.value() == "avertir":
            return queryset.filter(
                remaining__gt=0,
                valid_until__gte=on,
                valid_until__lte=on + timedelta(days=rules.EXPIRY_WARNING_DAYS),
            )
        if self.value() == "vivantes":
            return queryset.filter(remaining__gt=0)
        if self.value() == "perimees":
            return queryset.filter(expired_on__isnull=False)
        return queryset


@admin.register(Generation)
class GenerationAdmin(ReadOnlyLedgerAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "compte",
        "notified_on",
        "amount",
        "remaining",
        "valid_until",
        "warning_sent_on",
        "expired_on",
    ]
    list_filter = [ExpiryFilter]
    list_select_related = ["compte__structure"]
    search_fields = ["compte__structure__name", "compte__structure__numero_cnm"]
    raw_id_fields = ["compte", "payment", "origin"]


@admin.register(TaxAllocation)
class TaxAllocationAdmin(ReadOnlyLedgerAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "created_at",
        "structure",
        "year",
        "amount",
        "eligible",
        "credited",
        "support",
        "excluded",
        "taxation_office",
    ]
    list_filter = ["taxation_office"]
    list_select_related = ["structure"]
    search_fields = ["structure__name", "structure__numero_cnm"]
    raw_id_fields = ["payment", "structure"]
    change_list_template = "admin/compte_entrepreneur/taxallocation/change_list.html"

    def get_urls(self):
        return [
            path(
                "rapport/",
                self.admin_site.admin_view(self.report_view),
                name="compte_entrepreneur_taxallocation_report",
            ),
            *super().get_urls(),
        ]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = selectors.yearly_report()
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="repartition-taxe.csv"'
            response.write("\ufeff")
            writer = csv.writer(response, delimiter=";")
            writer.writerow(
                ["annee", "paye", "taxe_retenue", "credite_65", "soutien_35", "non_credite"]
            )
            for row in rows:
                writer.writerow(
                    [
                        row["year"],
                        row["amount"],
                        row["eligible"],
                        row["credited"],
                        row["support"],
                        row["excluded"],
                    ]
                )
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Répartition de la taxe perçue par année (article 45)"),
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/compte_entrepreneur/report.html", context)


# --- drawings ------------------------------------------------------------------------------


class DrawingQueueFilter(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("a_controler", _("À contrôler")),
            ("delai_depasse", _("Délai de régularisation dépassé")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "a_controler":
            return queryset.filter(status=D.DEPOSEE)
        if self.value() == "delai_depasse":
            return queryset.filter(status=D.REGULARISATION, regularisation_until__lt=today())
        return queryset


class DrawingDocumentInline(admin.TabularInline):
    model = DrawingDocument
    extra = 0
    can_delete = False
    fields = ["name", "uploaded_at", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fichier"))
    def download(self, obj):
        url = reverse("admin:compte_entrepreneur_drawing_document", args=[obj.drawing_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))


@admin.register(Drawing)
class DrawingAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "id",
        "compte",
        "amount",
        "use",
        "status",
        "requested_at",
        "regularisation_until",
    ]
    list_filter = [DrawingQueueFilter, "status", "use"]
    list_select_related = ["compte__structure"]
    search_fields = ["compte__structure__name", "compte__structure__numero_cnm"]
    readonly_fields = [
        "compte",
        "balance",
        "amount",
        "use",
        "project",
        "commitment",
        "status",
        "requested_by",
        "requested_at",
        "regularisation_request",
        "regularisation_until",
        "regularisation_answer",
        "refusal_reasons",
        "decided_at",
        "paid_on",
    ]
    fields = readonly_fields
    inlines = [DrawingDocumentInline, StatusHistoryInline]
    actions = [export_csv]
    workflow = drawing_flow
    workflow_actions = {
        D.VALIDEE: WorkflowAction(
            label=_("Valider et ordonner le paiement"),
            handle=lambda request, obj, data: services.drawing_validate(
                drawing=obj, actor=request.user
            ),
            done=_(
                "Droit de tirage validé : compte débité, virement transmis à l'agent comptable."
            ),
        ),
        D.REGULARISATION: WorkflowAction(
            label=_("Demander une régularisation"),
            form_class=RegularisationForm,
            handle=lambda request, obj, data: services.drawing_ask_regularisation(
                drawing=obj, actor=request.user, **data
            ),
            done=_("Régularisation demandée à la structure."),
        ),
        D.REFUSEE: WorkflowAction(
            label=_("Refuser (motivé)"),
            form_class=RefusalForm,
            handle=lambda request, obj, data: services.drawing_refuse(
                drawing=obj, actor=request.user, **data
            ),
            done=_("Refus notifié."),
        ),
    }

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    @admin.display(description=_("solde du compte"))
    def balance(self, obj):
        return obj.compte.balance

    def get_urls(self):
        return [
            path(
                "<int:pk>/justificatif/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="compte_entrepreneur_drawing_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, document_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(DrawingDocument, pk=document_id, drawing_id=pk)
        return FileResponse(document.file.open("rb"), filename=document.name)


# --- transfers -----------------------------------------------------------------------------


class ServiceAddAdminMixin(ServiceFormAdminMixin):
    """The add page is a form handed to one service (the conditions of art. 47 are checked
    there, nothing is saved when they are not met)."""

    add_form_class: type[forms.BaseForm]
    add_title = ""

    def create(self, request, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.add_form_class(form_data(request), form_files(request))
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.create(request, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("Enregistré."))
                return redirect(admin_urlname(self.model._meta, "change"), obj.pk)
        return self.render_service_form(request, self.add_title, form)


@admin.register(Transfer)
class TransferAdmin(WorkflowAdminMixin, ServiceAddAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "id",
        "kind",
        "from_structure",
        "to_structure",
        "effective_on",
        "notified_on",
        "status",
        "amount",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["from_structure", "to_structure"]
    search_fields = ["from_structure__name", "to_structure__name"]
    inlines = [StatusHistoryInline]
    actions = [export_csv]
    add_form_class = TransferForm
    add_title = _("Enregistrer un transfert d'activité (article 47)")
    workflow = transfer_flow
    workflow_actions = {
        T.EXECUTE: WorkflowAction(
            label=_("Exécuter maintenant"),
            handle=lambda request, obj, data: services.transfer_execute(
                transfer=obj, actor=request.user
            ),
            done=_("Solde transféré."),
        ),
        T.ANNULE: WorkflowAction(
            label=_("Annuler"),
            form_class=CancelForm,
            handle=lambda request, obj, data: services.transfer_cancel(
                transfer=obj, actor=request.user, **data
            ),
        ),
    }

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Transfer._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def create(self, request, data):
        data = dict(data)
        return services.transfer_record(actor=request.user, **data)


class GeranceTransferInline(admin.TabularInline):
    model = Transfer
    extra = 0
    can_delete = False
    fields = ["kind", "from_structure", "to_structure", "effective_on", "status", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LocationGerance)
class LocationGeranceAdmin(ServiceAddAdminMixin, admin.ModelAdmin):
    list_display = ["owner", "manager", "start_on", "end_on", "authorisation"]
    list_select_related = ["owner", "manager"]
    search_fields = ["owner__name", "manager__name", "authorisation"]
    inlines = [GeranceTransferInline]
    actions = [export_csv]
    add_form_class = GeranceForm
    add_title = _("Enregistrer une location-gérance (article 47)")
    change_form_template = "admin/compte_entrepreneur/locationgerance/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in LocationGerance._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def create(self, request, data):
        return services.location_gerance_record(actor=request.user, **data)

    def get_urls(self):
        return [
            path(
                "<int:pk>/fin/",
                self.admin_site.admin_view(self.end_view),
                name="compte_entrepreneur_locationgerance_end",
            ),
            *super().get_urls(),
        ]

    def end_view(self, request, pk):
        gerance = self.service_object(request, pk)
        if gerance.end_on is not None:
            raise Http404
        return self.service_form_view(
            request,
            pk,
            GeranceEndForm,
            _("Fin de la location-gérance"),
            lambda obj, data: services.location_gerance_end(
                gerance=obj, actor=request.user, **data
            ),
        )
