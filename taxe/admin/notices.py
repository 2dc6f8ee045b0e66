"""Avis des sommes à payer and payments: queues, reminders, titres, bank statements."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    IndexedSearchMixin,
    ServiceFormAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
    apply_to_each,
)
from cnm_portal.dates import today
from cnm_portal.forms import form_data, form_files
from cnm_portal.paginator import CappedCountPaginator
from taxe import rules, services
from taxe.admin.common import export_csv
from taxe.forms import BankStatementForm, PaymentForm, ReceiptForm
from taxe.models import Notice, Payment
from taxe.workflow import NoticeStatus as N
from taxe.workflow import notice_flow


class NoticeQueueFilter(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("impayes", _("Impayés après la date limite")),
            ("ar_attendu", _("Rappels : accusé de réception à saisir")),
            ("titres", _("Titres à émettre")),
            ("retenus", _("Retenus sous le seuil de 80 €")),
        ]

    def queryset(self, request, queryset):
        value, on = self.value(), today()
        if value == "impayes":
            return queryset.filter(status=N.A_PAYER, due_on__lt=on)
        if value == "ar_attendu":
            return queryset.filter(status=N.RELANCE, reminder_received_on__isnull=True)
        if value == "titres":
            # rules.titre_date_after_reminder(received) <= on
            return queryset.filter(
                status=N.RELANCE, reminder_received_on__lte=on - timedelta(days=rules.REPLY_DAYS)
            )
        if value == "retenus":
            return queryset.filter(status=N.RETENU)
        return queryset


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ["paid_on", "amount", "reference", "bank_line_id", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def issue_titre(notice: Notice, actor) -> None:
    """The titre of a notice, through the service of its origin (reminder or control)."""
    if notice.kind == Notice.Kind.RECTIFICATION:
        services.rectification_issue_titre(rectification=notice.rectification, actor=actor)
    elif notice.kind == Notice.Kind.TAXATION_OFFICE:
        services.taxation_office_issue_titre(med=notice.mise_en_demeure, actor=actor)
    else:
        services.notice_issue_titre(notice=notice, actor=actor)


def _pay(request, notice, data):
    services.payment_record(notice=notice, actor=request.user, **data)


def _receipt(request, notice, data):
    services.notice_record_reminder_receipt(notice=notice, actor=request.user, **data)


@admin.register(Notice)
class NoticeAdmin(IndexedSearchMixin, ActionOnlyAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    list_display = [
        "number",
        "structure",
        "kind",
        "status",
        "tax_year",
        "principal",
        "majoration",
        "paid",
        "issued_on",
        "due_on",
        "reminder_received_on",
    ]
    list_filter = [NoticeQueueFilter, "status", "kind"]
    list_select_related = ["structure"]
    # indexed search (migrations taxe 0003 / espace_pro 0003_pages_indexes)
    exact_search = {"structure__numero_cnm": r"[A-Z]{1,3}\d{4,9}", "structure__siret": r"\d{14}"}
    prefix_search = ["number", "structure__numero_cnm"]
    text_search = ["structure__name"]
    search_help_text = _(
        "N° d'avis (ou son début), numéro CNM ou SIRET exact, début d'un numéro CNM, ou une "
        "partie du nom de la structure."
    )
    show_full_result_count = False
    inlines = [PaymentInline, StatusHistoryInline]
    actions = ["send_reminders", "issue_titres", export_csv]
    raw_id_fields = ["structure", "declaration", "batch"]

    workflow = notice_flow
    workflow_actions = {
        N.RELANCE: WorkflowAction(
            label=_("Envoyer la lettre de rappel (majoration de 10 %)"),
            handle=lambda request, notice, data: services.notice_send_reminder(
                notice=notice, actor=request.user
            ),
            done=_("Lettre de rappel préparée (courrier recommandé en PDF)."),
        ),
        N.TITRE: WorkflowAction(
            label=_("Émettre le titre exécutoire"),
            handle=lambda request, notice, data: issue_titre(notice, request.user),
            done=_("Titre exécutoire émis."),
        ),
    }
    object_actions = {
        "paiement": WorkflowAction(
            label=_("Enregistrer un paiement"),
            form_class=PaymentForm,
            handle=_pay,
            permission="taxe.add_payment",
            statuses=frozenset({N.RETENU, N.A_PAYER, N.RELANCE, N.TITRE}),
        ),
        "reception-rappel": WorkflowAction(
            label=_("Saisir la réception du rappel"),
            form_class=ReceiptForm,
            handle=_receipt,
            statuses=frozenset({N.RELANCE}),
        ),
    }

    @admin.action(description=_("Envoyer la lettre de rappel (majoration de 10 %%)"))
    def send_reminders(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.filter(status=N.A_PAYER, due_on__lt=today()),
            lambda notice: services.notice_send_reminder(notice=notice, actor=request.user),
            done=_("%(n)s lettre(s) de rappel préparée(s)."),
        )

    @admin.action(description=_("Émettre le titre exécutoire (délai de 30 jours écoulé)"))
    def issue_titres(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.filter(status__in=(N.A_PAYER, N.RELANCE)),
            lambda notice: issue_titre(notice, request.user),
            done=_("%(n)s titre(s) exécutoire(s) émis."),
        )


class SuspenseFilter(admin.SimpleListFilter):
    title = _("affectation")
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [("oui", _("En attente d'affectation (compte d'attente)"))]

    def queryset(self, request, queryset):
        return queryset.filter(notice__isnull=True) if self.value() == "oui" else queryset


@admin.register(Payment)
class PaymentAdmin(IndexedSearchMixin, ServiceFormAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    list_display = ["paid_on", "amount", "reference", "notice", "bank_line_id", "recorded_at"]
    list_filter = [SuspenseFilter]
    list_select_related = ["notice"]
    # indexed search (migration taxe 0003_pages_indexes)
    exact_search = {"bank_line_id": r"\S{1,64}"}
    prefix_search = ["notice__number"]
    text_search = ["reference"]
    search_help_text = _(
        "Identifiant de ligne bancaire exact, début d'un n° d'avis, ou une partie de la référence."
    )
    show_full_result_count = False
    raw_id_fields = ["notice", "recorded_by"]
    actions = [export_csv]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.notice_id is None:
            return [f.name for f in Payment._meta.fields if f.name != "notice"]
        return [f.name for f in Payment._meta.fields]

    def save_model(self, request, obj, form, change):
        """Assigning a suspended payment goes through the service (the notice's paid total);
        nothing else of a payment is ever written from the admin."""
        if change and "notice" in form.changed_data and obj.notice_id:
            notice = obj.notice
            obj.notice = None
            try:
                services.payment_assign(payment=obj, notice=notice, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    def get_urls(self):
        return [
            path(
                "releve/", self.admin_site.admin_view(self.import_view), name="taxe_payment_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BankStatementForm(form_data(request), form_files(request))
        if request.method == "POST" and form.is_valid():
            result = services.bank_statement_import(
                content=form.cleaned_data["file"].read(), actor=request.user
            )
            self.message_user(
                request,
                _(
                    "%(m)s paiement(s) rapproché(s), %(s)s en compte d'attente, %(d)s ligne(s) déjà importée(s)."
                )
                % {"m": result.matched, "s": result.suspense, "d": result.duplicates},
            )
            for error in result.errors:
                self.message_user(request, error, messages.WARNING)
            return redirect(reverse("admin:taxe_payment_changelist"))
        return self.render_service_form(request, _("Importer un relevé bancaire"), form)
