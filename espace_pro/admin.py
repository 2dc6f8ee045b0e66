"""Instructor screens: the access-request queue, structures, codes and letters."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import StatusHistoryInline, WorkflowAction, WorkflowAdminMixin
from cnm_portal.dates import today
from cnm_portal.paginator import CappedCountPaginator
from espace_pro import services
from espace_pro.models import (
    AccessRequest,
    AccessRequestDocument,
    ActivationCode,
    Invitation,
    Membership,
    Structure,
)
from espace_pro.workflow import OPEN_STATUSES, AccessRequestStatus, access_request_flow

S = AccessRequestStatus


class DelayFilter(admin.SimpleListFilter):
    title = _("délai de 2 jours ouvrés")
    parameter_name = "delai"

    def lookups(self, request, model_admin):
        return [("retard", _("En retard")), ("aujourdhui", _("À traiter aujourd'hui"))]

    def queryset(self, request, queryset):
        if self.value() == "retard":
            return queryset.filter(status__in=OPEN_STATUSES, due_date__lt=today())
        if self.value() == "aujourdhui":
            return queryset.filter(status__in=OPEN_STATUSES, due_date=today())
        return queryset


class DocumentInline(admin.TabularInline):
    model = AccessRequestDocument
    extra = 0
    can_delete = False
    fields = ["doc_type", "original_name", "size", "uploaded_at", "open_link"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def open_link(self, obj):
        url = reverse("admin:espace_pro_accessrequest_document", args=[obj.request_id, obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Ouvrir"))


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé au demandeur)"), widget=forms.Textarea(attrs={"rows": 5})
    )


class CorrectionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Justificatif à corriger et pourquoi (envoyé au demandeur)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _calls(service):
    """A button's handler: ``service`` on this request, the form's fields as arguments."""
    return lambda request, obj, data: service(request=obj, actor=request.user, **data)


def _refresh_registry(request, obj, data):
    if not services.access_request_refresh_registry(request=obj, actor=request.user):
        raise ValidationError(_("Le répertoire ne répond pas ou ne connaît pas ce numéro."))


def _registry_reasons(obj):
    if not (obj.siret or obj.rna):
        yield _("La demande ne porte ni SIRET ni RNA.")


@admin.register(AccessRequest)
class AccessRequestAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = access_request_flow
    # The applicant's own moves (withdrawing, sending the corrected document) have no button.
    workflow_actions = {
        to: WorkflowAction(label=label, handle=_calls(service), form_class=form, done=done)
        for to, label, service, form, done in [
            (S.ACCEPTEE, _("Accepter"), services.access_request_approve, None, _("Demande acceptée ; le demandeur est prévenu par email.")),
            (S.REFUSEE, _("Refuser"), services.access_request_refuse, RefusalForm, _("Décision enregistrée ; le demandeur est prévenu par email.")),
            (S.A_COMPLETER, _("Demander un justificatif corrigé"), services.access_request_ask_document, CorrectionRequestForm, _("Demande de correction envoyée au demandeur.")),
        ]
    }  # fmt: skip
    object_actions = {
        "repertoire": WorkflowAction(
            label=_("Actualiser depuis le répertoire"),
            handle=_refresh_registry,
            statuses=frozenset(S.values),
            reasons=_registry_reasons,
            done=_("Données du répertoire mises à jour."),
        )
    }
    list_display = [
        "id",
        "name",
        "procedure",
        "legal_form",
        "status",
        "submitted_at",
        "due_date",
        "late",
        "registry_flag",
        "user",
    ]
    list_filter = ["status", "procedure", DelayFilter, "legal_form"]
    list_select_related = ["user"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    search_fields = ["name", "siret", "rna", "user__email", "user__last_name"]
    date_hierarchy = "submitted_at"
    ordering = ["due_date", "submitted_at"]
    inlines = [DocumentInline, StatusHistoryInline]
    actions = ["approve_selected"]
    readonly_fields = [
        "user",
        "procedure",
        "status",
        "structure",
        "legal_form",
        "name",
        "siret",
        "rna",
        "role",
        "address",
        "address_complement",
        "postal_code",
        "city",
        "country",
        "last_name",
        "first_names",
        "birth_date",
        "fiscal_residence_certified",
        "fiscal_residence_year",
        "registry_summary",
        "registry_checked_at",
        "submitted_at",
        "due_date",
        "processed_at",
        "processed_by",
        "instructor_message",
    ]
    exclude = ["registry_data"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("en retard"))
    def late(self, obj):
        return obj.status in OPEN_STATUSES and obj.due_date < today()

    @admin.display(boolean=True, description=_("répertoire"))
    def registry_flag(self, obj):
        return bool(obj.registry_data) if obj.procedure in ("siret", "rna") else None

    @admin.display(description=_("données du répertoire"))
    def registry_summary(self, obj):
        if not obj.registry_data:
            return (
                _("Manquantes : le répertoire ne répondait pas lors de l'envoi.")
                if obj.registry_missing
                else "—"
            )
        data = obj.registry_data
        return format_html(
            "{}<br>SIRET {} — RNA {} — catégorie {}<br>{} {} {} — état {}",
            data.get("name"),
            data.get("siret") or "—",
            data.get("rna") or "—",
            data.get("nature_juridique") or "—",
            data.get("address"),
            data.get("postal_code"),
            data.get("city"),
            data.get("etat"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/justificatif/<int:doc>/",
                self.admin_site.admin_view(self.document_view),
                name="espace_pro_accessrequest_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, doc):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(AccessRequestDocument, pk=doc, request_id=pk)
        return FileResponse(document.file.open("rb"), filename=document.original_name)

    @admin.action(description=_("Accepter les demandes sélectionnées"))
    def approve_selected(self, request, queryset):
        done = 0
        for obj in queryset.filter(status=S.EN_ATTENTE):
            try:
                services.access_request_approve(request=obj, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{obj} : {' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, _("%(n)s demande(s) acceptée(s).") % {"n": done})


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "via", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ActivationCodeInline(admin.TabularInline):
    model = ActivationCode
    extra = 0
    fields = ["created_at", "expires_at", "used_at", "used_by", "revoked_at", "letter_link"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("courrier"))
    def letter_link(self, obj):
        if not obj.letter:
            return _("en préparation")
        url = reverse("admin:espace_pro_structure_letter", args=[obj.structure_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger le PDF"))


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["numero_cnm", "name", "legal_form", "siret", "rna", "city", "created_at"]
    list_filter = ["legal_form"]
    search_fields = ["=numero_cnm", "name", "=siret", "=rna", "=siren"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    readonly_fields = ["numero_cnm", "created_at"]
    inlines = [MembershipInline, ActivationCodeInline]
    actions = ["issue_letters"]

    def has_add_permission(self, request):
        return False  # structures are opened by an approved access request (numéro CNM, code)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/courrier/<int:code>/",
                self.admin_site.admin_view(self.letter_view),
                name="espace_pro_structure_letter",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk, code):
        if not self.has_view_permission(request):
            raise PermissionDenied
        activation = get_object_or_404(ActivationCode, pk=code, structure_id=pk)
        if not activation.letter:
            raise Http404
        return FileResponse(
            activation.letter.open("rb"),
            as_attachment=True,
            filename=f"courrier-code-activation-{activation.structure.numero_cnm}.pdf",
        )

    @admin.action(description=_("Générer un nouveau code d'activation et son courrier"))
    def issue_letters(self, request, queryset):
        for structure in queryset:
            services.activation_letter_request(structure=structure, actor=request.user)
        self.message_user(
            request,
            _(
                "Nouveaux codes demandés : l'ancien code de chaque structure ne fonctionne plus ; "
                "les courriers sont disponibles sur la fiche de la structure."
            ),
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "role", "via", "created_at"]
    list_filter = ["via"]
    list_select_related = ["user", "structure"]
    search_fields = ["user__email", "structure__name", "=structure__numero_cnm"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    readonly_fields = ["user", "structure", "role", "via", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "structure",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["structure"]
    search_fields = ["email", "structure__name"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    exclude = ["token"]
    readonly_fields = [
        "structure",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False
