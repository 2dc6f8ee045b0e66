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

from aides import selectors_instruction
from aides.admin_decision import (
    DECISION_ACTIONS,
    DECISION_OBJECT_ACTIONS,
    SessionDecisionAdminMixin,
)
from aides.admin_instruction import (
    INSTRUCTION_ACTIONS,
    INSTRUCTION_OBJECT_ACTIONS,
    QUEUE_FILTERS,
    ExportViewsMixin,
    export_csv,
    export_xlsx,
    take_selected,
)
from aides.admin_paiement import PAYMENT_ACTIONS, PAYMENT_OBJECT_ACTIONS
from aides.models import (
    BudgetLine,
    ChecklistItem,
    CommissionSession,
    Dossier,
    DossierDocument,
    Envelope,
    MissingItemsRequest,
    OtherPublicAid,
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


class MissingItemsRequestInline(_ReadOnlyInline):
    model = MissingItemsRequest
    fields = [
        "requested_at",
        "requested_by",
        "items_display",
        "deadline",
        "outcome",
        "answer",
        "answered_at",
    ]
    readonly_fields = fields
    verbose_name_plural = _("demandes de pièces ou d'informations (art. 3)")

    @admin.display(description=_("éléments demandés"))
    def items_display(self, obj):
        programme = obj.dossier.programme_definition
        labels = {d.code: d.label for d in programme.documents}
        figures = {f.name: f.label for f in programme.all_figures()}
        items = [
            *(
                f"{labels.get(c, c)}{' ✓' if c in obj.provided_documents else ''}"
                for c in obj.documents
            ),
            *(
                f"{figures.get(n, n)}{' ✓' if n in obj.provided_figures else ''}"
                for n in obj.figures
            ),
        ]
        if obj.other_items:
            items.append(obj.other_items)
        return format_html_join("", "<div>{}</div>", ((item,) for item in items))


class ChecklistItemInline(_ReadOnlyInline):
    model = ChecklistItem
    fields = ["label", "article", "met", "note", "checked_by", "checked_at"]
    readonly_fields = fields
    verbose_name_plural = _("grille d'instruction : points validés (qui, quand)")


@admin.register(Dossier)
class DossierAdmin(ExportViewsMixin, WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = dossier_flow
    workflow_actions = {**INSTRUCTION_ACTIONS, **DECISION_ACTIONS, **PAYMENT_ACTIONS}
    object_actions = {
        **INSTRUCTION_OBJECT_ACTIONS,
        **DECISION_OBJECT_ACTIONS,
        **PAYMENT_OBJECT_ACTIONS,
    }
    change_list_template = "aides/admin/dossier_change_list.html"
    list_display = [
        "number",
        "structure",
        "structure_numero",
        "programme",
        "session",
        "status",
        "deposited_at",
        "montant_sollicite",
        "montant_propose",
        "missing_items_deadline",
        "instructor",
    ]
    list_filter = QUEUE_FILTERS
    # The search itself is ``selectors_instruction.search`` (see get_search_results).
    search_fields = ["number"]
    search_help_text = _(
        "Numéro de dossier (AID-…, début accepté), numéro CNM (CNM…, début accepté) ou nom de "
        "la structure."
    )
    list_select_related = ["structure", "session", "instructor"]
    actions = [take_selected, export_csv, export_xlsx]
    paginator = CappedCountPaginator
    show_full_result_count = False
    inlines = [
        BudgetLineInline,
        OtherPublicAidInline,
        DossierDocumentInline,
        MissingItemsRequestInline,
        ChecklistItemInline,
        StatusHistoryInline,
    ]
    fieldsets = [
        (None, {"fields": ["number", "structure", "programme", "programme_version", "session"]}),
        (_("Statut"), {"fields": ["status", "status_before_suspension", "deposited_at"]}),
        (
            _("Instruction"),
            {
                "fields": [
                    "instructor",
                    "missing_items_deadline",
                    "checklist_display",
                    "maximum_now_display",
                    "recommendation",
                    "irrecevabilite_reason",
                ]
            },
        ),
        (
            _("Structure : affiliation et autres aides"),
            {"fields": ["affiliation_display", "other_dossiers_display"]},
        ),
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
            "checklist_display",
            "maximum_now_display",
            "affiliation_display",
            "other_dossiers_display",
        ]

    def get_search_results(self, request, queryset, search_term):
        return selectors_instruction.search(queryset, search_term), False

    @admin.display(description=_("grille d'instruction"))
    def checklist_display(self, obj):
        return render_to_string(
            "aides/admin/checklist.html", {"rows": selectors_instruction.checklist(obj)}
        )

    @admin.display(description=_("aide maximale recalculée aujourd'hui"))
    def maximum_now_display(self, obj):
        from aides.services import dossier_computation
        from cnm_portal.money import format_euros

        if obj.status == "brouillon":
            return "—"
        computation = dossier_computation(obj)
        text = format_euros(computation.amount)
        if computation.errors:
            return format_html("{} — {}", text, " ".join(computation.errors))
        return text

    @admin.display(description=_("affiliation"))
    def affiliation_display(self, obj):
        from affiliation.selectors import current_affiliation
        from cnm_portal.dates import today

        current = current_affiliation(structure=obj.structure, on=today())
        if current is None:
            return _("Non affiliée à ce jour.")
        url = reverse("admin:affiliation_affiliation_change", args=[current.pk])
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("Affiliée du %(start)s au %(end)s")
            % {
                "start": current.valid_from.strftime("%d/%m/%Y"),
                "end": current.valid_until.strftime("%d/%m/%Y"),
            },
        )

    @admin.display(description=_("autres dossiers de la structure"))
    def other_dossiers_display(self, obj):
        others = selectors_instruction.other_dossiers(obj)
        if not others:
            return _("Aucun autre dossier déposé.")
        return render_to_string("aides/admin/other_dossiers.html", {"dossiers": others})

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
            path("exports/", view(self.export_start_view), name="aides_dossier_export_start"),
            path("exports/<int:pk>/", view(self.export_view), name="aides_dossier_export"),
            path(
                "exports/<int:pk>/fichier/",
                view(self.export_download_view),
                name="aides_dossier_export_download",
            ),
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
