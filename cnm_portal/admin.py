from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

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


class ServiceFormAdminMixin:
    """Admin pages where an agent fills a small form that one service acts on (a payment, a
    receipt date, a reasoned answer…). The service raises ``ValidationError``: shown on the form,
    nothing changed."""

    service_form_template = "admin/service_form.html"

    def service_object(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model, pk=pk)

    def render_service_form(self, request, title, form, original=None):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "original": original,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, self.service_form_template, context)

    def service_form_view(self, request, pk, form_class, title, handle, *, done=None):
        obj = self.service_object(request, pk)
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                handle(obj, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, done or _("Enregistré."))
                return redirect(admin_urlname(self.model._meta, "change"), obj.pk)
        return self.render_service_form(request, title, form, obj)


class ActionOnlyAdminMixin:
    """Records that change only through services (workflow, payments…): the admin shows them
    read-only, never adds or deletes them; agents act through buttons and actions."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
