"""Instructor screens for affiliations: queue, documents, decisions, désaffiliation."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from affiliation import services
from affiliation.models import Affiliation, AffiliationDocument
from affiliation.workflow import AffiliationStatus, affiliation_flow
from cnm_portal.admin import StatusHistoryInline, WorkflowAction, WorkflowAdminMixin
from cnm_portal.dates import today
from cnm_portal.paginator import CappedCountPaginator

S = AffiliationStatus


class ExpiringFilter(admin.SimpleListFilter):
    title = _("fin de validité")
    parameter_name = "echeance"

    def lookups(self, request, model_admin):
        return [
            ("15", _("dans 15 jours")),
            ("30", _("dans 30 jours")),
            ("60", _("dans 60 jours")),
            ("90", _("dans 90 jours")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"15", "30", "60", "90"}:
            on = today()
            return queryset.filter(
                status=AffiliationStatus.VALIDEE,
                valid_until__gte=on,
                valid_until__lte=on + timedelta(days=int(self.value())),
            )
        return queryset


class LicenceExpiringFilter(admin.SimpleListFilter):
    title = _("licence de spectacles")
    parameter_name = "licence"

    def lookups(self, request, model_admin):
        return [("expiree", _("expirée")), ("60", _("expire dans 60 jours"))]

    def queryset(self, request, queryset):
        on = today()
        if self.value() == "expiree":
            return queryset.filter(licence_valid_until__lt=on)
        if self.value() == "60":
            return queryset.filter(
                licence_valid_until__gte=on, licence_valid_until__lte=on + timedelta(days=60)
            )
        return queryset


class RelanceFilter(admin.SimpleListFilter):
    title = _("relance")
    parameter_name = "relance"

    def lookups(self, request, model_admin):
        return [("depassee", _("délai d'un mois dépassé"))]

    def queryset(self, request, queryset):
        if self.value() == "depassee":
            return queryset.filter(
                status=AffiliationStatus.INCOMPLETE, completion_deadline__lt=today()
            )
        return queryset


class DocumentInline(admin.TabularInline):
    model = AffiliationDocument
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "uploaded_at", "open_link"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def open_link(self, obj):
        url = reverse("admin:affiliation_affiliation_document", args=[obj.affiliation_id, obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Ouvrir"))


def _reason_field(label):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 6}))


class MissingItemsForm(forms.Form):
    missing_items = _reason_field(_("Pièces ou informations manquantes (envoyées au demandeur)"))


class RefusalForm(forms.Form):
    reason = _reason_field(_("Motif du refus (figure sur la décision)"))


class CancelForm(forms.Form):
    reason = _reason_field(
        _("Motif de l'annulation (par exemple : attestation de formation manquante)")
    )


class DesaffiliationForm(forms.Form):
    on = forms.DateField(
        label=_("Dernier jour d'affiliation"),
        help_text=_(
            "Toutes les affiliations de la structure prennent fin ce jour-là (un renouvellement "
            "validé pour plus tard ne prend pas effet) ; jamais après leur propre fin."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _calls(service):
    """A button's handler: ``service`` on this affiliation, the form's fields as arguments."""
    return lambda request, obj, data: service(affiliation=obj, actor=request.user, **data)


def _action(label, service, form_class=None, done=None, **options):
    return WorkflowAction(
        label=label, handle=_calls(service), form_class=form_class, done=done, **options
    )


CANCEL = _action(
    _("Annuler la demande"),
    services.affiliation_cancel,
    CancelForm,
    _("Demande annulée ; la structure est prévenue par email."),
)


@admin.register(Affiliation)
class AffiliationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = affiliation_flow
    # Sending, completing and expiring are the applicant's or the daily job's: no button; the
    # applicant's draft is theirs, the instructor cancels only requests sent to the CNM.
    workflow_actions = {
        S.VALIDEE: _action(
            _("Valider"),
            services.affiliation_validate,
            done=_("Affiliation validée : la notification part par email."),
        ),
        S.INCOMPLETE: _action(
            _("Incomplète : envoyer la relance"),
            services.affiliation_mark_incomplete,
            MissingItemsForm,
            _("Relance envoyée : la structure a un mois pour compléter."),
        ),
        S.REFUSEE: _action(
            _("Refuser la demande"),
            services.affiliation_refuse,
            RefusalForm,
            _("Refus enregistré : la décision part par email."),
        ),
        (S.SOUMISE, S.ANNULEE): CANCEL,
        (S.INCOMPLETE, S.ANNULEE): CANCEL,
        S.DESAFFILIEE: _action(
            _("Enregistrer la désaffiliation"),
            services.affiliation_record_desaffiliation,
            DesaffiliationForm,
            _("Désaffiliation enregistrée : la notification part par email."),
            form_kwargs=lambda request, obj: {"initial": {"on": today()}},
        ),
    }
    list_display = [
        "structure",
        "kind",
        "status",
        "submitted_at",
        "completion_deadline",
        "valid_until",
        "licence_valid_until",
        "desaffiliation_requested_at",
    ]
    list_filter = [
        "status",
        "kind",
        ExpiringFilter,
        RelanceFilter,
        LicenceExpiringFilter,
        "structure__legal_form",
    ]
    list_select_related = ["structure"]
    search_fields = ["structure__name", "=structure__numero_cnm", "=structure__siret"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    ordering = ["-submitted_at"]
    inlines = [DocumentInline, StatusHistoryInline]
    exclude = ["reminders_sent"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Affiliation._meta.fields if f.name != "reminders_sent"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/piece/<int:doc>/",
                self.admin_site.admin_view(self.document_view),
                name="affiliation_affiliation_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, doc):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(AffiliationDocument, pk=doc, affiliation_id=pk)
        return FileResponse(document.file.open("rb"), filename=document.original_name)
