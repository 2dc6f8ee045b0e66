"""Staff screens of the shop: titles (the catalogue), orders with the buttons of the workflow
(mark paid, mark shipped / delivered, cancel), invoices read-only."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from boutique import services
from boutique.documents import invoice_filename
from boutique.forms import CancelForm, MarkPaidForm, ShipForm, TitleAdminForm
from boutique.models import Invoice, Order, OrderLine, Title
from boutique.workflow import OrderStatus as S
from boutique.workflow import order_flow
from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.paginator import CappedCountPaginator


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    form = TitleAdminForm
    list_display = ["name", "kind", "collection", "isbn", "price_ttc", "stock", "on_sale"]
    list_filter = ["kind", "collection", "on_sale"]
    search_fields = ["=isbn", "name", "=slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_editable = ["stock", "on_sale"]
    readonly_fields = ["current_file"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/fichier/",
                self.admin_site.admin_view(self.file_view),
                name="boutique_title_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """The digital file, for staff only (never a MEDIA URL)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        title = get_object_or_404(Title, pk=unquote(object_id))
        if not title.file:
            raise Http404
        return FileResponse(title.file.open("rb"), as_attachment=True, filename=f"{title.slug}.pdf")

    @admin.display(description=_("fichier enregistré"))
    def current_file(self, obj):
        if obj is None or not obj.file:
            return "—"
        url = reverse("admin:boutique_title_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger le PDF"))


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = [
        "label",
        "kind",
        "quantity",
        "unit_price_ttc",
        "vat_rate",
        "amount_ht",
        "amount_tva",
        "amount_ttc",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "created_at",
        "buyer",
        "billing_name",
        "payment_mode",
        "total_ttc",
        "status",
        "has_print",
        "invoice_number",
    ]
    list_filter = ["status", "payment_mode", "has_print"]
    list_select_related = ["user", "invoice"]
    search_fields = ["=reference", "=purchase_order_ref", "=user__email", "=invoice__number"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    inlines = [OrderLineInline, StatusHistoryInline]
    workflow = order_flow
    workflow_actions = {
        S.PAYEE: WorkflowAction(
            label=_("Marquer payée (émet la facture)"),
            form_class=MarkPaidForm,
            handle=lambda request, obj, data: services.order_mark_paid(
                order=obj, paid_on=data["paid_on"], note=data["note"], actor=request.user
            ),
            done=_("Paiement enregistré : la facture est émise et envoyée à l'acheteur."),
        ),
        S.EXPEDIEE: WorkflowAction(
            label=_("Marquer expédiée"),
            form_class=ShipForm,
            handle=lambda request, obj, data: services.order_mark_shipped(
                order=obj, tracking_number=data["tracking_number"], actor=request.user
            ),
            done=_("Commande expédiée : l'acheteur est prévenu."),
        ),
        S.ANNULEE: WorkflowAction(
            label=_("Annuler la commande"),
            form_class=CancelForm,
            handle=lambda request, obj, data: services.order_cancel(
                order=obj, reason=data["reason"], actor=request.user
            ),
            done=_("Commande annulée : le stock est rétabli, l'acheteur est prévenu."),
        ),
    }

    @admin.display(description=_("acheteur"), ordering="user__email")
    def buyer(self, obj):
        return obj.user.email

    @admin.display(description=_("facture"))
    def invoice_number(self, obj):
        invoice = getattr(obj, "invoice", None)
        return invoice.number if invoice else "—"


@admin.register(Invoice)
class InvoiceAdmin(ActionOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "issued_on",
        "order",
        "total_ht",
        "total_tva",
        "total_ttc",
        "pdf_link",
    ]
    list_select_related = ["order"]
    search_fields = ["=number", "=order__reference"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    exclude = ["pdf"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # the stored PDF is linked through the staff-only view, never its MEDIA URL
        return [name for name in super().get_readonly_fields(request, obj) if name != "pdf"] + [
            "pdf_link"
        ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="boutique_invoice_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice, pk=unquote(object_id))
        if not invoice.pdf:
            raise Http404
        return FileResponse(
            invoice.pdf.open("rb"), as_attachment=True, filename=invoice_filename(invoice)
        )

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return _("en préparation")
        url = reverse("admin:boutique_invoice_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))
