"""Staff screens: the validation queue of the directory, with the buttons of the workflow table
(publish, ask for a correction with a message, refuse with a reason)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from annuaire import services
from annuaire.forms import CommentForm, PublishForm
from annuaire.models import Entry
from annuaire.workflow import E, entry_flow
from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
    apply_to_each,
)
from cnm_portal.paginator import CappedCountPaginator


def _publish(request, entry, data):
    return services.entry_publish(entry=entry, actor=request.user, comment=data.get("comment", ""))


def _correction(request, entry, data):
    return services.entry_ask_correction(entry=entry, actor=request.user, comment=data["comment"])


def _refuse(request, entry, data):
    return services.entry_refuse(entry=entry, actor=request.user, reason=data["comment"])


@admin.register(Entry)
class EntryAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = entry_flow
    workflow_actions = {
        E.PUBLIEE: WorkflowAction(
            label=_("Publier"),
            form_class=PublishForm,
            handle=_publish,
            done=_("Inscription publiée : le membre est prévenu par e-mail."),
        ),
        E.A_CORRIGER: WorkflowAction(
            label=_("Demander une correction"),
            form_class=CommentForm,
            handle=_correction,
            done=_("Correction demandée : le membre est prévenu par e-mail."),
        ),
        E.REFUSEE: WorkflowAction(
            label=_("Refuser"),
            form_class=CommentForm,
            handle=_refuse,
            done=_("Inscription refusée : le membre est prévenu par e-mail."),
        ),
    }
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["name", "kind", "structure_number", "region", "status", "submitted_at"]
    list_filter = ["status", "kind", "region"]
    list_select_related = ["structure"]
    search_fields = ["name", "=structure__numero_cnm", "=person__email", "=pk"]
    ordering = ["status", "submitted_at", "pk"]
    inlines = [StatusHistoryInline]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["kind", "structure", "person", "status", "staff_comment"]}),
        (
            _("Fiche publique"),
            {
                "fields": [
                    "name",
                    "activity_list",
                    "region",
                    "city",
                    "email",
                    "phone",
                    "website",
                    "presentation",
                ]
            },
        ),
        (
            _("Dates"),
            {"fields": ["created_by", "created_at", "updated_at", "submitted_at", "published_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "activity_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("activity_rows")

    @admin.display(description=_("numéro CNM"), ordering="structure__numero_cnm")
    def structure_number(self, obj):
        return obj.structure.numero_cnm if obj.structure_id else "—"

    @admin.display(description=_("activités"))
    def activity_list(self, obj):
        return ", ".join(activity.label for activity in obj.activity_rows.all()) or "—"

    @admin.action(description=_("Publier les inscriptions sélectionnées"))
    def publish_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.filter(status=E.SOUMISE),
            lambda entry: services.entry_publish(entry=entry, actor=request.user),
            done=_("%(n)s inscription(s) publiée(s)."),
        )
