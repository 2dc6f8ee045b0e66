from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from cnm_portal.models import AuditEntry, OutboxMessage, StatusChange


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "attempts", "created_at", "processed_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    @admin.action(description="Relancer le traitement maintenant")
    def retry_now(self, request, queryset):
        from cnm_portal.outbox import outbox_process

        done = 0
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.PENDING, attempts=0
            )
        for pk in queryset.values_list("pk", flat=True):
            done += outbox_process(pk)
        self.message_user(request, f"{done} message(s) traité(s).")

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(GenericTabularInline):
    """Add to any admin whose model has a workflow: the full history, read-only."""

    model = StatusChange
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor_label", "comment"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False
