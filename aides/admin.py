"""Staff screens: commission sessions and yearly envelopes (managed here), dossiers (read-only
until the instruction moves of issue 10, with the computation stored at deposit)."""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from aides.models import (
    BudgetLine,
    CommissionSession,
    Dossier,
    DossierDocument,
    Envelope,
    OtherPublicAid,
)
from aides.admin_paiement import PAYMENT_ACTIONS, PAYMENT_OBJECT_ACTIONS
from aides.admin_decision import (
    DECISION_ACTIONS,
    DECISION_OBJECT_ACTIONS,
    SessionDecisionAdminMixin,
)
from aides.workflow import dossier_flow
from cnm_portal.admin import ActionOnlyAdminMixin, StatusHistoryInline, WorkflowAdminMixin
from cnm_portal.paginator import CappedCountPaginator


@admin.register(CommissionSession)
class CommissionSessionAdmin(SessionDecisionAdminMixin, admin.ModelAdmin):
    list_display = [
        "label",
        "programme",
        "deposit_opens_at",
        "deposit_deadline",
        "commission_date",
        "min_analysis_days",
    ]
    list_filter = ["programme"]
    search_fields = ["label"]
    date_hierarchy = "commission_date"
    filter_horizontal = ["members"]
    readonly_fields = ["affiliation_request_by"]

    @admin.display(description=_("affiliation à demander avant le"))
    def affiliation_request_by(self, obj):
        if obj is None or obj.deposit_deadline is None:
            return "—"
        return obj.affiliation_request_by.strftime("%d/%m/%Y")


@admin.register(Envelope)
class EnvelopeAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "amount"]
    list_filter = ["year", "programme"]


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(_ReadOnlyInline):
    model = BudgetLine
    fields = ["kind", "category", "label", "amount"]
    readonly_fields = fields


class OtherPublicAidInline(_ReadOnlyInline):
    model = OtherPublicAid
    fields = ["funder", "status", "amount"]
    readonly_fields = fields


class DossierDocumentInline(_ReadOnlyInline):
    model = DossierDocument
    fields = ["code", "original_name", "uploaded_at", "download"]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:aides_dossier_document", args=[obj.dossier_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))


@admin.register(Dossier)
class DossierAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = dossier_flow
    workflow_actions = {**DECISION_ACTIONS, **PAYMENT_ACTIONS}
    object_actions = {**DECISION_OBJECT_ACTIONS, **PAYMENT_OBJECT_ACTIONS}
    list_display = [
        "number",
        "structure",
        "structure_numero",
        "programme",
        "session",
        "status",
        "deposited_at",
        "montant_maximum",
        "montant_attribue",
    ]
    list_filter = ["status", "programme", "session"]
    search_fields = ["number", "structure__name", "=structure__numero_cnm", "project_title"]
    list_select_related = ["structure", "session"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    inlines = [BudgetLineInline, OtherPublicAidInline, DossierDocumentInline, StatusHistoryInline]
    fieldsets = [
        (None, {"fields": ["number", "structure", "programme", "programme_version", "session"]}),
        (_("Statut"), {"fields": ["status", "status_before_suspension", "deposited_at"]}),
        (
            _("Projet et contact"),
            {
                "fields": [
                    "project_title",
                    "project_description",
                    "contact_name",
                    "contact_role",
                    "contact_email",
                    "contact_phone",
                    "address",
                    "postal_code",
                    "city",
                ]
            },
        ),
        (
            _("Au dépôt"),
            {
                "fields": [
                    "eligible",
                    "montant_maximum",
                    "montant_sollicite",
                    "computation_display",
                    "figures_display",
                    "recepisse_link",
                    "sworn_at",
                ]
            },
        ),
        (
            _("Instruction et décision"),
            {"fields": ["montant_propose", "montant_attribue", "decided_on", "bilan_due_on"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "computation_display",
            "figures_display",
            "recepisse_link",
        ]

    @admin.display(description=_("numéro CNM"), ordering="structure__numero_cnm")
    def structure_numero(self, obj):
        return obj.structure.numero_cnm

    @admin.display(description=_("calcul de l'aide maximale"))
    def computation_display(self, obj):
        if not obj.computation:
            return "—"
        schedule = []
        if obj.computation.get("amount"):
            schedule = obj.programme_definition.payment_schedule(Decimal(obj.computation["amount"]))
        return render_to_string(
            "aides/admin/computation.html",
            {"computation": obj.computation, "schedule": schedule},
        )

    @admin.display(description=_("données au dépôt"))
    def figures_display(self, obj):
        figures = obj.deposited_figures or obj.figures or {}
        if not figures:
            return "—"
        labels = {f.name: f.label for f in obj.programme_definition.all_figures()}
        return format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                "<tr><th>{}</th><td>{}</td></tr>",
                ((labels.get(k, k), v) for k, v in figures.items()),
            ),
        )

    @admin.display(description=_("récépissé de dépôt"))
    def recepisse_link(self, obj):
        if not obj.recepisse:
            return "—"
        url = reverse("admin:aides_dossier_recepisse", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger le récépissé"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/piece/<int:document_id>/",
                view(self.document_view),
                name="aides_dossier_document",
            ),
            path("<int:pk>/recepisse/", view(self.recepisse_view), name="aides_dossier_recepisse"),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, document_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(DossierDocument, pk=document_id, dossier_id=pk)
        return FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.original_name
        )

    def recepisse_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        dossier = get_object_or_404(Dossier, pk=pk)
        if not dossier.recepisse:
            raise PermissionDenied
        return FileResponse(
            dossier.recepisse.open("rb"),
            as_attachment=True,
            filename=f"recepisse-{dossier.number}.pdf",
        )
