"""Staff screen of the ads: the moderation queue (« Soumise à la modération », the oldest
first) with the buttons of the workflow table: publish, ask for a change, refuse."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from annonces import services
from annonces.forms import ChangesForm, PublishForm, RefuseForm
from annonces.models import JobAd
from annonces.workflow import A, ad_flow
from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.paginator import CappedCountPaginator


def _publish(request, ad, data):
    return services.ad_publish(ad=ad, actor=request.user, comment=data.get("comment", ""))


def _changes(request, ad, data):
    return services.ad_request_changes(ad=ad, actor=request.user, comment=data["comment"])


def _refuse(request, ad, data):
    return services.ad_refuse(ad=ad, actor=request.user, reason=data["reason"])


@admin.register(JobAd)
class JobAdAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = ad_flow
    workflow_actions = {
        A.PUBLIEE: WorkflowAction(
            label=_("Publier"),
            form_class=PublishForm,
            handle=_publish,
            done=_("Annonce publiée : l'auteur est prévenu par e-mail."),
        ),
        A.A_MODIFIER: WorkflowAction(
            label=_("Demander une modification"),
            form_class=ChangesForm,
            handle=_changes,
            done=_("Demande de modification envoyée à l'auteur."),
        ),
        A.REFUSEE: WorkflowAction(
            label=_("Refuser"),
            form_class=RefuseForm,
            handle=_refuse,
            done=_("Annonce refusée : l'auteur reçoit le motif par e-mail."),
        ),
    }
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "pk",
        "title",
        "employer_name",
        "contract_type",
        "region",
        "status",
        "submitted_at",
        "closing_date",
    ]
    list_display_links = ["pk", "title"]
    list_filter = ["status", "contract_type", "region", "family"]
    list_select_related = ["for_structure", "user"]
    search_fields = ["=pk", "=user__email", "=contact_email", "title"]
    inlines = [StatusHistoryInline]
    ordering = ["-submitted_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["status", "title", "user", "for_structure", "moderation_comment"]}),
        (
            _("Poste"),
            {
                "fields": [
                    "contract_type",
                    "family",
                    "city",
                    "region",
                    "remote",
                    "start_date",
                    "closing_date",
                    "description",
                ]
            },
        ),
        (
            _("Contact"),
            {"fields": ["contact_name", "contact_email", "contact_phone", "application_url"]},
        ),
        (_("Dates"), {"fields": ["created_at", "submitted_at", "published_at"]}),
    ]

    @admin.display(description=_("employeur"))
    def employer_name(self, obj):
        return obj.employer
