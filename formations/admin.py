"""Staff screens: modules with their sessions inline, sessions with seats taken / free and
their inscriptions (buttons of the workflow table, attendance list as CSV), inscriptions."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.paginator import CappedCountPaginator
from formations import rules, selectors, services
from formations.forms import CancelForm, ModuleAdminForm, RecordForm, SessionAdminForm
from formations.models import Inscription, Module, Session
from formations.workflow import IS, SEATED, S, inscription_flow, session_flow


class SaveThroughServiceMixin:
    """Saves go through ``services.session_save``; its refusals come back on the form."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(request.get_full_path())


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionAdminForm
    fields = ["start", "end", "online", "place", "link", "seats", "cancellation_delay_days"]
    extra = 0
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=S.OUVERTE).order_by("start")


@admin.register(Module)
class ModuleAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    form = ModuleAdminForm
    list_display = ["title", "parcours", "format", "duration_hours", "price", "published"]
    list_filter = ["parcours", "format", "published"]
    search_fields = ["title", "=slug"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SessionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # « publié » hides a module; its sessions and inscriptions stay

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        for session in formset.save(commit=False):
            services.session_save(session=session, actor=request.user)
        formset.save_m2m()


class InscriptionInline(admin.TabularInline):
    model = Inscription
    fields = ["person", "for_structure", "status", "created_at", "reminded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "for_structure")

    @admin.display(description=_("personne"))
    def person(self, obj):
        return f"{obj.user.get_full_name()} <{obj.user.email}>"


def _cancel_session(request, session, data):
    return services.session_cancel(session=session, actor=request.user, reason=data["reason"])


@admin.register(Session)
class SessionAdmin(WorkflowAdminMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    form = SessionAdminForm
    workflow = session_flow
    workflow_actions = {
        S.ANNULEE: WorkflowAction(
            label=_("Annuler la session"),
            form_class=CancelForm,
            handle=_cancel_session,
            done=_("Session annulée : chaque personne inscrite ou en attente est prévenue."),
        ),
    }
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "start",
        "module",
        "where",
        "seats",
        "taken",
        "free",
        "waiting",
        "status",
        "attendance_csv",
    ]
    list_filter = ["status", "module__parcours", "online"]
    list_select_related = ["module"]
    search_fields = ["module__title", "=pk"]
    ordering = ["-start"]
    readonly_fields = ["status", "cancel_reason"]
    inlines = [InscriptionInline, StatusHistoryInline]
    autocomplete_fields = ["module"]

    def get_fields(self, request, obj=None):
        fields = list(SessionAdminForm.Meta.fields)
        return [*fields, "status", "cancel_reason"] if obj else fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_taken=Count("inscriptions", filter=Q(inscriptions__status__in=SEATED)),
                n_waiting=Count("inscriptions", filter=Q(inscriptions__status=IS.EN_ATTENTE)),
            )
        )

    @admin.display(description=_("lieu"))
    def where(self, obj):
        return obj.where

    @admin.display(description=_("inscrits"), ordering="n_taken")
    def taken(self, obj):
        return obj.n_taken

    @admin.display(description=_("places libres"))
    def free(self, obj):
        return rules.seats_left(seats=obj.seats, taken=obj.n_taken)

    @admin.display(description=_("en attente"), ordering="n_waiting")
    def waiting(self, obj):
        return obj.n_waiting

    @admin.display(description=_("émargement"))
    def attendance_csv(self, obj):
        url = reverse("admin:formations_session_attendance", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Liste (CSV)"))

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: every person is told

    def save_model(self, request, obj, form, change):
        services.session_save(session=obj, actor=request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/emargement.csv",
                self.admin_site.admin_view(self.attendance_view),
                name="formations_session_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request, object_id: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(
            Session.objects.select_related("module"),
            pk=int(object_id) if object_id.isdigit() else 0,
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        local = timezone.localtime(session.start)
        response["Content-Disposition"] = (
            f'attachment; filename="emargement-session-{session.pk}-{local:%Y-%m-%d}.csv"'
        )
        response.write("\ufeff")  # Excel opens UTF-8 with the BOM
        writer = csv.writer(response, delimiter=";")
        writer.writerow([session.module.title, f"{local:%d/%m/%Y %H:%M}", session.where])
        writer.writerow(["Nom", "Prénom", "E-mail", "Structure", "Statut", "Signature"])
        for inscription in selectors.attendance(session):
            writer.writerow(
                [
                    inscription.user.last_name.upper(),
                    inscription.user.first_name,
                    inscription.user.email,
                    inscription.for_structure.name if inscription.for_structure else "",
                    inscription.get_status_display(),
                    "",
                ]
            )
        return response


def _cancel_inscription(request, inscription, data):
    return services.inscription_cancel(
        inscription=inscription, actor=request.user, by_cnm=True, reason=data["reason"]
    )


def _record(to):
    def handle(request, inscription, data):
        return services.inscription_record(
            inscription=inscription, to=to, actor=request.user, comment=data.get("comment", "")
        )

    return handle


@admin.register(Inscription)
class InscriptionAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    workflow = inscription_flow
    workflow_actions = {
        IS.ANNULEE_CNM: WorkflowAction(
            label=_("Annuler l'inscription (CNM)"),
            form_class=CancelForm,
            handle=_cancel_inscription,
            done=_("Inscription annulée : la personne est prévenue (la liste d'attente avance)."),
        ),
        IS.PRESENTE: WorkflowAction(
            label=_("Marquer présente"), form_class=RecordForm, handle=_record(IS.PRESENTE)
        ),
        IS.ABSENTE: WorkflowAction(
            label=_("Marquer absente"), form_class=RecordForm, handle=_record(IS.ABSENTE)
        ),
    }
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["pk", "session_start", "module", "user", "for_structure", "status"]
    list_filter = ["status", "session__module__parcours"]
    list_select_related = ["session__module", "user", "for_structure"]
    search_fields = ["=user__email", "=pk", "=session__pk"]
    ordering = ["-created_at"]
    fields = [
        "session",
        "user",
        "for_structure",
        "status",
        "confirmed_at",
        "reminded_at",
        "cancel_reason",
        "convocation_pdf",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [StatusHistoryInline]

    def has_add_permission(self, request):
        return False  # a person registers on the portal

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("session"), ordering="session__start")
    def session_start(self, obj):
        return obj.session.start

    @admin.display(description=_("module"))
    def module(self, obj):
        return obj.session.module.title
