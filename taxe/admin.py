"""Tax service and accounting screens: queues, batch actions, CSV exports, bank statements."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import ActionOnlyAdminMixin, ServiceFormAdminMixin, StatusHistoryInline
from cnm_portal.dates import today
from cnm_portal.money import MoneyField
from cnm_portal.paginator import CappedCountPaginator
from espace_pro.models import Structure
from taxe import services
from taxe.choices import Category
from taxe.forms import BankStatementForm, HoldForm, PaymentForm, ReceiptForm
from taxe.models import (
    Declaration,
    LiquidationBatch,
    MiseEnDemeure,
    Notice,
    Payment,
    Rectification,
    Representation,
)
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N


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
        for field in fields:
            value = getattr(obj, field, "")
            row.append(value() if callable(value) else value)
        writer.writerow(row)
    return response


export_csv.short_description = _("Exporter en CSV")


class QueueFilter(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("a_liquider", _("À liquider")),
            ("en_revue", _("Retenues pour examen")),
            ("en_retard", _("Déposées en retard")),
            ("liquidation_depassee", _("Délai de 15 jours dépassé")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "a_liquider":
            return queryset.filter(status=D.DEPOSEE)
        if value == "en_revue":
            return queryset.filter(status=D.EN_REVUE)
        if value == "en_retard":
            return queryset.filter(is_late=True)
        if value == "liquidation_depassee":
            return queryset.filter(
                status__in=(D.DEPOSEE, D.EN_REVUE), liquidation_due_on__lt=today()
            )
        return queryset


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    can_delete = False
    fields = [
        "date",
        "venue",
        "city",
        "category",
        "astp_theatre",
        "educational",
        "ticketing",
        "base_ht",
        "taxability",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Declaration)
class DeclarationAdmin(ActionOnlyAdminMixin, ServiceFormAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    list_display = [
        "id",
        "spectacle",
        "structure",
        "status",
        "received_at",
        "is_late",
        "taxable_base",
        "tax_due",
        "liquidation_due_on",
    ]
    list_filter = [QueueFilter, "status", "is_late"]
    list_select_related = ["structure"]
    search_fields = ["spectacle", "structure__name", "structure__numero_cnm"]
    show_full_result_count = False
    inlines = [RepresentationInline, StatusHistoryInline]
    actions = ["liquidate_now", "release", export_csv]
    raw_id_fields = ["structure", "batch", "created_by"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/examen/",
                self.admin_site.admin_view(self.hold_view),
                name="taxe_declaration_hold",
            ),
            *super().get_urls(),
        ]

    def hold_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            HoldForm,
            _("Retenir pour examen"),
            lambda declaration, data: services.declaration_hold(
                declaration=declaration, actor=request.user, reason=data["reason"]
            ),
            done=_("Déclaration retenue pour examen : elle ne sera pas liquidée."),
        )

    @admin.action(description=_("Lancer la liquidation de toutes les déclarations déposées"))
    def liquidate_now(self, request, queryset):
        batch = services.liquidation_run(actor=request.user)
        self.message_user(
            request,
            _(
                "%(n)s déclaration(s) liquidée(s) ; %(i)s avis émis, %(h)s retenus sous le seuil, %(r)s libérés."
            )
            % {
                "n": batch.declarations,
                "i": batch.notices_issued,
                "h": batch.notices_held,
                "r": batch.notices_released,
            },
        )

    @admin.action(description=_("Remettre dans la file de liquidation (fin d'examen)"))
    def release(self, request, queryset):
        for declaration in queryset.filter(status=D.EN_REVUE):
            services.declaration_release(declaration=declaration, actor=request.user)


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
            from datetime import timedelta

            return queryset.filter(
                status=N.RELANCE, reminder_received_on__lte=on - timedelta(days=30)
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


@admin.register(Notice)
class NoticeAdmin(ActionOnlyAdminMixin, ServiceFormAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    list_display = [
        "number",
        "structure",
        "status",
        "tax_year",
        "principal",
        "majoration",
        "paid",
        "issued_on",
        "due_on",
        "reminder_received_on",
    ]
    list_filter = [NoticeQueueFilter, "status"]
    list_select_related = ["structure"]
    search_fields = ["number", "structure__name", "structure__numero_cnm"]
    show_full_result_count = False
    inlines = [PaymentInline, StatusHistoryInline]
    actions = ["send_reminders", "issue_titres", export_csv]
    raw_id_fields = ["structure", "declaration", "batch"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/paiement/", view(self.payment_view), name="taxe_notice_payment"),
            path("<int:pk>/reception-rappel/", view(self.receipt_view), name="taxe_notice_receipt"),
            *super().get_urls(),
        ]

    def payment_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            PaymentForm,
            _("Enregistrer un paiement"),
            lambda notice, data: services.payment_record(notice=notice, actor=request.user, **data),
        )

    def receipt_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            ReceiptForm,
            _("Réception de la lettre de rappel"),
            lambda notice, data: services.notice_record_reminder_receipt(
                notice=notice, actor=request.user, **data
            ),
        )

    @admin.action(description=_("Envoyer la lettre de rappel (majoration de 10 %%)"))
    def send_reminders(self, request, queryset):
        done = 0
        for notice in queryset.filter(status=N.A_PAYER, due_on__lt=today()):
            services.notice_send_reminder(notice=notice, actor=request.user)
            done += 1
        self.message_user(request, _("%(n)s lettre(s) de rappel préparée(s).") % {"n": done})

    @admin.action(description=_("Émettre le titre exécutoire (30 jours après réception du rappel)"))
    def issue_titres(self, request, queryset):
        done = 0
        for notice in queryset.filter(status=N.RELANCE):
            try:
                services.notice_issue_titre(notice=notice, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{notice.number} : {' '.join(error.messages)}", messages.WARNING
                )
        self.message_user(request, _("%(n)s titre(s) exécutoire(s) émis.") % {"n": done})


class SuspenseFilter(admin.SimpleListFilter):
    title = _("affectation")
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [("oui", _("En attente d'affectation (compte d'attente)"))]

    def queryset(self, request, queryset):
        return queryset.filter(notice__isnull=True) if self.value() == "oui" else queryset


@admin.register(Payment)
class PaymentAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    list_display = ["paid_on", "amount", "reference", "notice", "bank_line_id", "recorded_at"]
    list_filter = [SuspenseFilter]
    list_select_related = ["notice"]
    search_fields = ["reference", "bank_line_id", "notice__number"]
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
        """Assigning a suspended payment goes through the service (the notice's paid total)."""
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
        form = BankStatementForm(request.POST or None, request.FILES or None)
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


@admin.register(LiquidationBatch)
class LiquidationBatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "run_by",
        "declarations",
        "notices_issued",
        "notices_held",
        "notices_released",
    ]
    readonly_fields = [
        "started_at",
        "run_by",
        "declarations",
        "notices_issued",
        "notices_held",
        "notices_released",
    ]

    def has_add_permission(self, request):
        return False


# --- control: rectifications and mises en demeure (art. 76 VIII) ---------------------------


class RectificationForm(forms.Form):
    corrected_base = MoneyField(label=_("Base rectifiée HT"))
    motive = forms.CharField(
        label=_("Insuffisance, inexactitude ou omission constatée"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Réponse motivée aux observations"), widget=forms.Textarea(attrs={"rows": 6})
    )


class MiseEnDemeureForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=_("Redevable"),
        queryset=Structure.objects.all(),
        widget=forms.NumberInput,
        help_text=_("Identifiant de la structure (voir la liste des structures)."),
    )
    spectacle = forms.CharField(label=_("Spectacle"), max_length=255)
    representation_date = forms.DateField(
        label=_("Date de la représentation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    venue = forms.CharField(label=_("Lieu"), max_length=255)
    city = forms.CharField(label=_("Commune"), max_length=120)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices)


class DeclarationIdForm(forms.Form):
    declaration = forms.IntegerField(label=_("N° de la déclaration déposée"))


class ComparablesForm(forms.Form):
    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comparables"] = forms.MultipleChoiceField(
            label=_("Représentations comparables retenues (la base est leur médiane)"),
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
        )


class RectificationQueue(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [("observations", _("Observations à traiter")), ("titres", _("Titres à émettre"))]

    def queryset(self, request, queryset):
        if self.value() == "observations":
            return queryset.filter(status="observations")
        if self.value() == "titres":
            return queryset.filter(status__in=("notifiee", "repondue"))
        return queryset


@admin.register(Rectification)
class RectificationAdmin(ActionOnlyAdminMixin, ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "declaration",
        "status",
        "extra_tax",
        "majoration",
        "notified_on",
        "received_on",
        "answer_received_on",
    ]
    list_filter = [RectificationQueue, "status"]
    list_select_related = ["declaration"]
    inlines = [StatusHistoryInline]
    raw_id_fields = ["declaration", "notice", "created_by"]
    actions = ["issue_titres"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reception/", view(self.receipt_view), name="taxe_rectification_receipt"),
            path(
                "<int:pk>/reception-reponse/",
                view(self.answer_receipt_view),
                name="taxe_rectification_answer_receipt",
            ),
            path("<int:pk>/repondre/", view(self.answer_view), name="taxe_rectification_answer"),
            *super().get_urls(),
        ]

    def receipt_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            ReceiptForm,
            _("Réception de la notification"),
            lambda obj, d: services.rectification_record_receipt(
                rectification=obj, actor=request.user, **d
            ),
        )

    def answer_receipt_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            ReceiptForm,
            _("Réception de la réponse motivée"),
            lambda obj, d: services.rectification_record_receipt(
                rectification=obj, actor=request.user, answer=True, **d
            ),
        )

    def answer_view(self, request, pk):
        return self.service_form_view(
            request,
            pk,
            TextForm,
            _("Répondre aux observations"),
            lambda obj, d: services.rectification_answer(
                rectification=obj, actor=request.user, text=d["text"]
            ),
        )

    @admin.action(description=_("Émettre le titre exécutoire (30 jours après réception)"))
    def issue_titres(self, request, queryset):
        for obj in queryset:
            try:
                services.rectification_issue_titre(rectification=obj, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{obj} : {' '.join(error.messages)}", messages.WARNING)


def rectify_view(admin_obj, request, pk):
    if not admin_obj.has_change_permission(request):
        raise PermissionDenied
    declaration = get_object_or_404(Declaration, pk=pk)
    form = RectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rectification = services.rectification_notify(
                declaration=declaration, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            admin_obj.message_user(request, _("Rectification notifiée (majoration de 10 %)."))
            return redirect("admin:taxe_rectification_change", rectification.pk)
    return admin_obj.render_service_form(
        request, _("Notifier une rectification"), form, declaration
    )


class MiseEnDemeureQueue(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("ar", _("Accusé de réception à saisir")),
            ("taxation", _("À taxer d'office (30 jours passés)")),
            ("titres", _("Titres à émettre")),
        ]

    def queryset(self, request, queryset):
        from datetime import timedelta

        on = today()
        if self.value() == "ar":
            return queryset.filter(status="envoyee", received_on__isnull=True)
        if self.value() == "taxation":
            return queryset.filter(status="envoyee", received_on__lt=on - timedelta(days=30))
        if self.value() == "titres":
            return queryset.filter(
                status="taxee",
                notification_received_on__lte=on - timedelta(days=30),
                notice__status=N.A_PAYER,
            )
        return queryset


@admin.register(MiseEnDemeure)
class MiseEnDemeureAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "structure",
        "spectacle",
        "representation_date",
        "status",
        "sent_on",
        "received_on",
        "base",
    ]
    list_filter = [MiseEnDemeureQueue, "status"]
    list_select_related = ["structure"]
    search_fields = ["spectacle", "structure__name", "structure__numero_cnm"]
    inlines = [StatusHistoryInline]
    raw_id_fields = ["structure", "declaration", "notice", "created_by"]
    actions = ["issue_titres"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in MiseEnDemeure._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("nouvelle/", view(self.create_view), name="taxe_miseendemeure_create"),
            path("<int:pk>/reception/", view(self.receipt_view), name="taxe_miseendemeure_receipt"),
            path(
                "<int:pk>/reception-notification/",
                view(self.notification_receipt_view),
                name="taxe_miseendemeure_notification_receipt",
            ),
            path(
                "<int:pk>/regulariser/",
                view(self.regularise_view),
                name="taxe_miseendemeure_regularise",
            ),
            path("<int:pk>/taxer/", view(self.taxation_view), name="taxe_miseendemeure_taxation"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:taxe_miseendemeure_create")

    def create_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MiseEnDemeureForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                med = services.mise_en_demeure_send(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("Mise en demeure préparée (courrier recommandé en PDF).")
                )
                return redirect("admin:taxe_miseendemeure_change", med.pk)
        return self.render_service_form(request, _("Mettre en demeure de déclarer"), form, None)

    def receipt_view(self, request, pk):
        def handle(obj, data):
            if data["received_on"] > today() or data["received_on"] < obj.sent_on:
                raise ValidationError(
                    _("La date de réception doit suivre l'envoi et ne pas être dans le futur.")
                )
            MiseEnDemeure.objects.filter(pk=obj.pk).update(received_on=data["received_on"])

        return self.service_form_view(
            request, pk, ReceiptForm, _("Réception de la mise en demeure"), handle
        )

    def notification_receipt_view(self, request, pk):
        def handle(obj, data):
            if data["received_on"] > today():
                raise ValidationError(_("La date de réception ne peut pas être dans le futur."))
            MiseEnDemeure.objects.filter(pk=obj.pk).update(
                notification_received_on=data["received_on"]
            )

        return self.service_form_view(
            request, pk, ReceiptForm, _("Réception de la notification des droits"), handle
        )

    def regularise_view(self, request, pk):
        def handle(obj, data):
            declaration = Declaration.objects.filter(pk=data["declaration"]).first()
            if declaration is None:
                raise ValidationError(_("Déclaration introuvable."))
            services.mise_en_demeure_regularise(
                med=obj, declaration=declaration, actor=request.user
            )

        return self.service_form_view(
            request, pk, DeclarationIdForm, _("Régularisation par une déclaration"), handle
        )

    def taxation_view(self, request, pk):
        obj = self.service_object(request, pk)
        proposed = services.comparable_representations(obj)
        choices = [
            (
                str(r.pk),
                f"{r.date:%d/%m/%Y} — {r.venue}, {r.city} — {r.base_ht} € ({r.declaration.structure.name})",
            )
            for r in proposed
        ]
        form = ComparablesForm(request.POST or None, choices=choices)
        if request.method == "POST" and form.is_valid():
            try:
                services.taxation_office_notify(
                    med=obj,
                    comparable_ids=[int(i) for i in form.cleaned_data["comparables"]],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Taxation d'office notifiée (majoration de 40 %)."))
                return redirect("admin:taxe_miseendemeure_change", pk)
        return self.render_service_form(request, _("Taxation d'office"), form, obj)

    @admin.action(
        description=_("Émettre le titre exécutoire (30 jours après réception de la notification)")
    )
    def issue_titres(self, request, queryset):
        for obj in queryset.filter(status="taxee"):
            try:
                services.taxation_office_issue_titre(med=obj, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{obj} : {' '.join(error.messages)}", messages.WARNING)
