"""Instructor screens for affiliations: queue, documents, decisions, désaffiliation."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from affiliation import services
from affiliation.models import Affiliation, AffiliationDocument
from affiliation.workflow import AffiliationStatus
from cnm_portal.admin import StatusHistoryInline
from cnm_portal.dates import today


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


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


class DateForm(forms.Form):
    on = forms.DateField(
        label=_("Dernier jour d'affiliation"), widget=forms.DateInput(attrs={"type": "date"})
    )


TEXT_DECISIONS = {
    "incomplete": (
        _("Marquer incomplète et envoyer la relance"),
        _("Pièces ou informations manquantes (envoyées au demandeur)"),
        services.affiliation_mark_incomplete,
        "missing_items",
    ),
    "refuser": (
        _("Refuser la demande"),
        _("Motif du refus (figure sur la décision)"),
        services.affiliation_refuse,
        "reason",
    ),
    "annuler": (
        _("Annuler la demande"),
        _("Motif de l'annulation (par exemple : attestation de formation manquante)"),
        services.affiliation_cancel,
        "reason",
    ),
}


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
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
    search_fields = ["structure__name", "structure__numero_cnm", "structure__siret"]
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
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/valider/",
                view(self.validate_view),
                name="affiliation_affiliation_validate",
            ),
            path(
                "<int:pk>/decision/<str:decision>/",
                view(self.text_view),
                name="affiliation_affiliation_decision",
            ),
            path(
                "<int:pk>/desaffilier/",
                view(self.desaffiliation_view),
                name="affiliation_affiliation_desaffiliate",
            ),
            path(
                "<int:pk>/piece/<int:doc>/",
                view(self.document_view),
                name="affiliation_affiliation_document",
            ),
            *super().get_urls(),
        ]

    def _get(self, request, pk) -> Affiliation:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Affiliation.objects.select_related("structure"), pk=pk)

    def _back(self, obj):
        return redirect("admin:affiliation_affiliation_change", obj.pk)

    def _render(self, request, obj, title, form):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "original": obj,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/affiliation/decision.html", context)

    def validate_view(self, request, pk):
        obj = self._get(request, pk)
        if request.method != "POST":
            raise Http404
        try:
            services.affiliation_validate(affiliation=obj, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("Affiliation validée : la notification part par email."))
        return self._back(obj)

    def text_view(self, request, pk, decision):
        obj = self._get(request, pk)
        if decision not in TEXT_DECISIONS:
            raise Http404
        title, label, service, argument = TEXT_DECISIONS[decision]
        form = TextForm(request.POST or None)
        form.fields["text"].label = label
        if request.method == "POST" and form.is_valid():
            try:
                service(
                    affiliation=obj, actor=request.user, **{argument: form.cleaned_data["text"]}
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, _("Décision enregistrée ; la structure est prévenue par email.")
                )
                return self._back(obj)
        return self._render(request, obj, title, form)

    def desaffiliation_view(self, request, pk):
        obj = self._get(request, pk)
        form = DateForm(request.POST or None, initial={"on": today()})
        if request.method == "POST" and form.is_valid():
            try:
                services.affiliation_record_desaffiliation(
                    affiliation=obj, actor=request.user, on=form.cleaned_data["on"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Désaffiliation enregistrée."))
                return self._back(obj)
        return self._render(request, obj, _("Enregistrer la désaffiliation"), form)

    def document_view(self, request, pk, doc):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(AffiliationDocument, pk=doc, affiliation_id=pk)
        return FileResponse(document.file.open("rb"), filename=document.original_name)
