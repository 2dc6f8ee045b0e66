"""Staff screen of the alerts: read-only, to answer a person who asks why they got (or did not
get) an e-mail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from alertes.models import AlertDelivery, JobAlert
from cnm_portal.admin import ActionOnlyAdminMixin
from cnm_portal.paginator import CappedCountPaginator


class DeliveryInline(admin.TabularInline):
    model = AlertDelivery
    fields = ["sent_on", "ad"]
    readonly_fields = ["sent_on", "ad"]
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-sent_on", "-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ad")


@admin.register(JobAlert)
class JobAlertAdmin(ActionOnlyAdminMixin, admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["user", "active", "keywords", "criteria", "last_sent_on", "updated_at"]
    list_filter = ["active"]
    list_select_related = ["user"]
    search_fields = ["=user__email"]
    inlines = [DeliveryInline]
    ordering = ["-updated_at"]

    def has_change_permission(self, request, obj=None):
        return False  # the person sets their alert; staff only read it

    @admin.display(description=_("critères"))
    def criteria(self, obj):
        return ", ".join(obj.contract_labels + obj.region_labels + obj.family_labels)
