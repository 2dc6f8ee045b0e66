"""Staff screens: advisers, slots (one by one or « Créer des créneaux » in series, overlaps
refused), bookings with the buttons of the workflow table."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    ServiceFormAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.forms import add_service_errors, form_data
from cnm_portal.paginator import CappedCountPaginator
from rdv import selectors, services
from rdv.forms import CancelByCnmForm, RecordForm, SlotSeriesForm, TopicsModelForm
from rdv.models import Adviser, Booking, Slot
from rdv.workflow import HOLDING, B, booking_flow


class AdviserForm(TopicsModelForm):
    class Meta:
        model = Adviser
        fields = ["name", "email", "user", "permanence", "topics", "active"]


@admin.register(Adviser)
class AdviserAdmin(admin.ModelAdmin):
    form = AdviserForm
    list_display = ["name", "email", "permanence", "active"]
    list_filter = ["permanence", "active"]
    search_fields = ["name", "=email"]
    raw_id_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False  # an adviser with slots is kept (history); « actif » hides them


class SlotForm(TopicsModelForm):
    class Meta:
        model = Slot
        fields = ["adviser", "start", "duration", "mode", "location", "topics", "published"]

    def clean(self):
        data = super().clean()
        adviser, start, duration = data.get("adviser"), data.get("start"), data.get("duration")
        if self.instance.pk and self.instance.bookings.filter(status__in=HOLDING).exists():
            moved = any(
                data.get(name) != getattr(self.instance, name)
                for name in ("adviser", "start", "duration")
                if name in data
            )
            if moved:
                raise forms.ValidationError(services.BOOKED_SLOT_MESSAGE)
        if adviser and start and duration:
            conflicts = selectors.overlapping_slots(
                adviser=adviser, starts=[start], minutes=duration, exclude=self.instance.pk
            )
            if conflicts:
                self.add_error("start", services.overlap_error(conflicts))
        return data


class BookedFilter(admin.SimpleListFilter):
    title = _("réservation")
    parameter_name = "reserve"

    def lookups(self, request, model_admin):
        return [("oui", _("Réservé")), ("non", _("Libre"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(is_booked=True)
        if self.value() == "non":
            return queryset.filter(is_booked=False)
        return queryset


class WhenFilter(admin.SimpleListFilter):
    """Today, tomorrow, the next seven days, upcoming, past (on the slot's start)."""

    title = _("date")
    parameter_name = "quand"
    field = "start"

    def lookups(self, request, model_admin):
        return [
            ("aujourdhui", _("Aujourd'hui")),
            ("demain", _("Demain")),
            ("semaine", _("7 prochains jours")),
            ("a_venir", _("À venir")),
            ("passes", _("Passés")),
        ]

    def queryset(self, request, queryset):
        import datetime as dt

        from django.utils import timezone

        value = self.value()
        if not value:
            return queryset
        now = timezone.now()
        midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
        day = dt.timedelta(days=1)
        ranges = {
            "aujourdhui": (midnight, midnight + day),
            "demain": (midnight + day, midnight + 2 * day),
            "semaine": (now, now + 7 * day),
            "a_venir": (now, None),
            "passes": (None, now),
        }
        low, high = ranges.get(value, (None, None))
        if low is not None:
            queryset = queryset.filter(**{f"{self.field}__gte": low})
        if high is not None:
            queryset = queryset.filter(**{f"{self.field}__lt": high})
        return queryset


class BookingWhenFilter(WhenFilter):
    field = "slot__start"


@admin.register(Slot)
class SlotAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    form = SlotForm
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["start", "adviser", "duration", "mode", "published", "is_booked"]
    list_filter = [WhenFilter, "published", "mode", "adviser__permanence", BookedFilter]
    list_select_related = ["adviser"]
    search_fields = ["adviser__name", "=adviser__email"]
    date_hierarchy = None
    ordering = ["-start"]
    actions = ["publish", "unpublish"]
    change_list_template = "admin/rdv/slot/change_list.html"

    def get_queryset(self, request):
        held = Booking.objects.filter(slot=OuterRef("pk"), status__in=HOLDING)
        return super().get_queryset(request).annotate(is_booked=Exists(held))

    @admin.display(description=_("réservé"), boolean=True, ordering="is_booked")
    def is_booked(self, obj):
        return obj.is_booked

    def has_delete_permission(self, request, obj=None):
        return False  # unpublish instead: bookings keep their slot

    def save_model(self, request, obj, form, change):
        services.slot_save(slot=obj, actor=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(request.get_full_path())

    @admin.action(description=_("Publier les créneaux sélectionnés"))
    def publish(self, request, queryset):
        n = services.slot_set_published(slots=queryset, published=True, actor=request.user)
        self.message_user(request, _("%(n)s créneau(x) publié(s).") % {"n": n})

    @admin.action(description=_("Retirer de la publication"))
    def unpublish(self, request, queryset):
        n = services.slot_set_published(slots=queryset, published=False, actor=request.user)
        self.message_user(request, _("%(n)s créneau(x) retiré(s) de la publication.") % {"n": n})

    def get_urls(self):
        return [
            path(
                "creer-des-creneaux/",
                self.admin_site.admin_view(self.series_view),
                name="rdv_slot_series",
            ),
            *super().get_urls(),
        ]

    def series_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SlotSeriesForm(form_data(request))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                slots = services.slot_create_series(
                    adviser=data["adviser"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    weekdays=data["weekdays"],
                    times=data["times"],
                    duration=data["duration"],
                    mode=data["mode"],
                    topics=data["topics"],
                    location=data["location"],
                    published=data["published"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("%(n)s créneau(x) créé(s).") % {"n": len(slots)})
                return redirect(reverse("admin:rdv_slot_changelist"))
        return self.render_service_form(request, _("Créer des créneaux"), form)


def _cancel(request, booking, data):
    return services.booking_cancel(
        booking=booking, actor=request.user, by_cnm=True, reason=data["reason"]
    )


def _record(to):
    def handle(request, booking, data):
        return services.booking_record(
            booking=booking, to=to, actor=request.user, comment=data.get("comment", "")
        )

    return handle


@admin.register(Booking)
class BookingAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = booking_flow
    workflow_actions = {
        B.ANNULE_CNM: WorkflowAction(
            label=_("Annuler (CNM)"),
            form_class=CancelByCnmForm,
            handle=_cancel,
            done=_("Rendez-vous annulé : la personne et le conseiller sont prévenus."),
        ),
        B.EFFECTUE: WorkflowAction(
            label=_("Marquer effectué"), form_class=RecordForm, handle=_record(B.EFFECTUE)
        ),
        B.ABSENT: WorkflowAction(
            label=_("Marquer absent"), form_class=RecordForm, handle=_record(B.ABSENT)
        ),
    }
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["pk", "slot_start", "adviser", "user", "topic", "status", "reminded_at"]
    list_filter = [BookingWhenFilter, "status", "slot__adviser__permanence", "topic"]
    list_select_related = ["slot__adviser", "user"]
    search_fields = ["=user__email", "=pk", "slot__adviser__name"]
    inlines = [StatusHistoryInline]
    ordering = ["-slot__start"]

    @admin.display(description=_("date"), ordering="slot__start")
    def slot_start(self, obj):
        return obj.slot.start

    @admin.display(description=_("conseiller"))
    def adviser(self, obj):
        return obj.slot.adviser.name
