"""The accounting agent's screens: orders to pay, lots de virements (SEPA file, CSV, payment),
bank details on file. Every change goes through a service."""

from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.forms import add_service_errors
from cnm_portal.money import format_euros
from cnm_portal.paginator import CappedCountPaginator
from virements import hooks, rules, services
from virements.forms import ExecutionDateForm, PaidOnForm, ReasonForm
from virements.models import BankAccount, PaymentBatch, PaymentOrder
from virements.selectors import batch_orders
from virements.workflow import BatchStatus as B
from virements.workflow import OrderStatus as O
from virements.workflow import batch_flow, order_flow

BATCH_PAGE_ORDERS = 100


class SourceTypeFilter(admin.SimpleListFilter):
    """The kinds of paid objects are those whose app registered a hook (aid versements, droits
    de tirage): listed without scanning the orders table."""

    title = _("objet payé")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        labels = sorted(set(hooks._paid_hooks) | set(hooks._cancelled_hooks))
        choices = []
        for label in labels:
            app_label, model = label.split(".", 1)
            try:
                content_type = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist:
                continue
            model_class = content_type.model_class()
            name = model_class._meta.verbose_name if model_class else label
            choices.append((str(content_type.pk), str(name).capitalize()))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(source_type_id=int(value))
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """What the accounting agent works from: orders ready for a lot, and those waiting for the
    structure's bank details (to chase)."""

    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("payables", _("À payer, coordonnées bancaires connues")),
            ("sans_rib", _("À payer, coordonnées bancaires manquantes")),
        ]

    def queryset(self, request, queryset):
        has_account = Exists(
            BankAccount.objects.filter(structure=OuterRef("structure"), replaced_at__isnull=True)
        )
        if self.value() == "payables":
            return queryset.filter(has_account, status=O.A_PAYER)
        if self.value() == "sans_rib":
            return queryset.filter(~has_account, status=O.A_PAYER)
        return queryset


def _change_link(obj) -> str:
    try:
        url = reverse(admin_urlname(obj._meta, "change"), args=[obj.pk])
    except NoReverseMatch:
        return str(obj)
    return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(PaymentOrder)
class PaymentOrderAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "id",
        "structure",
        "amount",
        "label",
        "status",
        "source_type",
        "batch",
        "execution_date",
        "paid_on",
        "created_at",
    ]
    list_filter = [
        QueueFilter,
        "status",
        SourceTypeFilter,
        ("batch__execution_date", admin.DateFieldListFilter),
        ("paid_on", admin.DateFieldListFilter),
    ]
    list_select_related = ["structure", "batch", "source_type"]
    search_fields = ["structure__name", "=structure__numero_cnm", "=batch__reference", "label"]
    inlines = [StatusHistoryInline]
    actions = ["create_batch"]
    fields = [
        "structure",
        "amount",
        "label",
        "status",
        "source_link",
        "batch",
        "paid_on",
        "holder",
        "iban_display",
        "bic",
        "created_by",
        "created_at",
        "cancel_reason",
    ]

    workflow = order_flow
    workflow_actions = {
        O.ANNULE: WorkflowAction(
            label=_("Annuler l'ordre de virement"),
            form_class=ReasonForm,
            handle=lambda request, order, data: services.payment_order_cancel(
                order=order, actor=request.user, reason=data["reason"]
            ),
            done=_("Ordre de virement annulé."),
        ),
    }

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "source_link", "iban_display"]

    @admin.display(description=_("exécution"), ordering="batch__execution_date")
    def execution_date(self, order):
        return order.batch.execution_date if order.batch else None

    @admin.display(description=_("objet payé"))
    def source_link(self, order):
        source = order.source
        if source is None:
            return format_html("{} n° {}", order.source_type, order.source_id)
        return _change_link(source)

    @admin.display(description=_("IBAN payé"))
    def iban_display(self, order):
        return rules.format_iban(order.iban) if order.iban else "—"

    @admin.action(description=_("Créer un lot de virements"), permissions=["change"])
    def create_batch(self, request, queryset):
        """Asks the execution date, then puts the selected orders into a new lot."""
        posted = "apply" in request.POST
        form = ExecutionDateForm(request.POST if posted else None)
        if posted and form.is_valid():
            try:
                batch = services.payment_batch_create(
                    orders=PaymentOrder.objects.filter(pk__in=queryset.values("pk")).only("pk"),
                    execution_date=form.cleaned_data["execution_date"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    _("Lot %(ref)s créé : %(n)s virement(s), %(total)s.")
                    % {
                        "ref": batch.reference,
                        "n": batch.count,
                        "total": format_euros(batch.total),
                    },
                    messages.SUCCESS,
                )
                return redirect("admin:virements_paymentbatch_change", batch.pk)
        preview = list(queryset.select_related("structure").order_by("pk")[:BATCH_PAGE_ORDERS])
        totals = queryset.aggregate(count=Count("pk"), total=Sum("amount"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Créer un lot de virements"),
            "opts": self.model._meta,
            "form": form,
            "orders": preview,
            "count": totals["count"],
            "total": totals["total"] or Decimal("0.00"),
            "more": max(0, totals["count"] - len(preview)),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/virements/create_batch.html", context)


@admin.register(PaymentBatch)
class PaymentBatchAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "status",
        "execution_date",
        "count",
        "total",
        "created_by",
        "exported_at",
        "paid_on",
    ]
    list_filter = ["status", ("execution_date", admin.DateFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["=reference"]
    inlines = [StatusHistoryInline]
    fields = [
        "reference",
        "status",
        "execution_date",
        "count",
        "total",
        "downloads",
        "created_by",
        "created_at",
        "exported_at",
        "paid_on",
        "cancel_reason",
        "orders_table",
    ]

    workflow = batch_flow
    workflow_actions = {
        B.EXPORTE: WorkflowAction(
            label=_("Produire le fichier SEPA"),
            handle=lambda request, batch, data: services.payment_batch_export(
                batch=batch, actor=request.user
            ),
            done=_(
                "Fichier SEPA et CSV produits : téléchargez-les et transmettez-les à la banque."
            ),
        ),
        B.PAYE: WorkflowAction(
            label=_("Marquer payé"),
            form_class=PaidOnForm,
            handle=lambda request, batch, data: services.payment_batch_mark_paid(
                batch=batch, actor=request.user, paid_on=data["paid_on"]
            ),
            done=_("Lot marqué payé : chaque virement est enregistré payé."),
        ),
        B.ANNULE: WorkflowAction(
            label=_("Annuler le lot"),
            form_class=ReasonForm,
            handle=lambda request, batch, data: services.payment_batch_cancel(
                batch=batch, actor=request.user, reason=data["reason"]
            ),
            done=_("Lot annulé : ses virements sont de nouveau à payer."),
        ),
    }

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "downloads", "orders_table"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/sepa/", view(self.sepa_view), name="virements_paymentbatch_sepa"),
            path("<int:pk>/csv/", view(self.csv_view), name="virements_paymentbatch_csv"),
            *super().get_urls(),
        ]

    def _download(self, request, pk, field: str, extension: str, content_type: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(PaymentBatch, pk=pk)
        file = getattr(batch, field)
        if not file:
            raise Http404
        return FileResponse(
            file.open("rb"),
            as_attachment=True,
            filename=f"{batch.reference}.{extension}",
            content_type=content_type,
        )

    def sepa_view(self, request, pk):
        return self._download(request, pk, "sepa_file", "xml", "application/xml")

    def csv_view(self, request, pk):
        return self._download(request, pk, "csv_file", "csv", "text/csv; charset=utf-8")

    @admin.display(description=_("fichiers"))
    def downloads(self, batch):
        links = []
        if batch.sepa_file:
            links.append(
                (
                    reverse("admin:virements_paymentbatch_sepa", args=[batch.pk]),
                    _("Fichier SEPA (pain.001)"),
                )
            )
        if batch.csv_file:
            links.append((reverse("admin:virements_paymentbatch_csv", args=[batch.pk]), _("CSV")))
        if not links:
            return _("Produits à l'export du lot.")
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("virements du lot"))
    def orders_table(self, batch):
        orders = list(batch_orders(batch=batch)[:BATCH_PAGE_ORDERS])
        if not orders:
            return _("Aucun virement (un lot annulé rend ses virements à payer).")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    _change_link(o),
                    o.structure,
                    o.holder,
                    rules.format_iban(o.iban),
                    o.get_status_display(),
                    format_euros(o.amount),
                )
                for o in orders
            ),
        )
        more = ""
        if batch.count > len(orders):
            url = reverse("admin:virements_paymentorder_changelist") + f"?q={batch.reference}"
            more = format_html(
                '<p><a href="{}">{}</a></p>', url, _("Voir tous les virements du lot")
            )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>{}",
            _("Ordre"),
            _("Bénéficiaire"),
            _("Titulaire"),
            _("IBAN"),
            _("Statut"),
            _("Montant"),
            rows,
            more,
        )


class CurrentFilter(admin.SimpleListFilter):
    title = _("en vigueur")
    parameter_name = "actuel"

    def lookups(self, request, model_admin):
        return [("oui", _("Coordonnées en vigueur")), ("non", _("Remplacées"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(replaced_at__isnull=True)
        if self.value() == "non":
            return queryset.filter(replaced_at__isnull=False)
        return queryset


@admin.register(BankAccount)
class BankAccountAdmin(ActionOnlyAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["structure", "holder", "masked_iban", "bic", "created_at", "replaced_at"]
    list_filter = [CurrentFilter]
    list_select_related = ["structure"]
    search_fields = ["structure__name", "=structure__numero_cnm", "holder"]
    fields = [
        "structure",
        "holder",
        "iban_display",
        "bic",
        "bank_name",
        "rib_link",
        "created_by",
        "created_at",
        "replaced_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "iban_display", "bank_name", "rib_link"]

    def has_change_permission(self, request, obj=None):
        return False  # bank details are entered by the structure; staff read them

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/rib/", view(self.rib_view), name="virements_bankaccount_rib"),
            *super().get_urls(),
        ]

    def rib_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        account = get_object_or_404(BankAccount, pk=pk)
        return FileResponse(
            account.rib.open("rb"), as_attachment=True, filename=account.rib.name.rsplit("/", 1)[-1]
        )

    @admin.display(description=_("IBAN"))
    def masked_iban(self, account):
        return account.masked_iban

    @admin.display(description=_("IBAN"))
    def iban_display(self, account):
        return rules.format_iban(account.iban)

    @admin.display(description=_("banque"))
    def bank_name(self, account):
        return rules.bank_name(account.bic) or "—"

    @admin.display(description=_("RIB"))
    def rib_link(self, account):
        if not account.rib:
            return "—"
        url = reverse("admin:virements_bankaccount_rib", args=[account.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger le RIB déposé"))
