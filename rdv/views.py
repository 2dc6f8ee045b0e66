"""« Prendre un RDV CNM », the booking form and « Mes rendez-vous » (cancel, move, .ics)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structures_for_user
from rdv import ics, rules, selectors, services
from rdv.forms import BookingForm, MoveForm, SlotFilterForm
from rdv.workflow import B, BookingStatus, booking_flow


def _filters(request) -> tuple[SlotFilterForm, dict]:
    """The GET filter form, bound as soon as a filter is in the query (errors shown)."""
    bound = any(key in request.GET for key in ("permanence", "topic"))
    form = SlotFilterForm(request.GET if bound else None)
    if bound and form.is_valid():
        return form, {k: v for k, v in form.cleaned_data.items() if v}
    return form, {}


@login_required
def index(request):
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():
        page = None
    else:
        page = selectors.slots_page(page=request.GET.get("page"), **filters)
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return render(
        request,
        "rdv/index.html",
        {"form": form, "page": page, "query": query, "topic": filters.get("topic", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def book(request):
    if request.method == "POST":
        done = selectors.booking_by_token(user=request.user, token=request.POST.get("token"))
        if done is not None:  # the same form posted twice: the first post booked it
            messages.info(request, _("Cette réservation a déjà été enregistrée."))
            return redirect("rdv:booking", booking_id=done.pk)
    slot_id = request.POST.get("slot") if request.method == "POST" else request.GET.get("creneau")
    slot = selectors.free_slot(slot_id=slot_id)
    if slot is None:
        messages.error(request, _("Ce créneau n'est plus disponible : choisissez-en un autre."))
        return redirect("rdv:index")
    structures = list(structures_for_user(user=request.user))
    initial = {"topic": request.GET.get("theme")} if request.GET.get("theme") else {}
    form = BookingForm(form_data(request), slot=slot, structures=structures, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                slot_id=slot.pk,
                user=request.user,
                topic=data["topic"],
                description=data["description"],
                structure=form.chosen_structure(),
                token=data["token"],
                actor=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("taken", "unavailable"):
                messages.error(request, " ".join(error.messages))
                return redirect("rdv:index")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre rendez-vous est confirmé : un e-mail avec le fichier agenda vous est envoyé."
                ),
            )
            return redirect("rdv:booking", booking_id=booking.pk)
    return render(request, "rdv/book.html", {"slot": slot, "form": form})


@login_required
def my_bookings(request):
    page = selectors.bookings_page(user=request.user, page=request.GET.get("page"))
    return render(request, "rdv/my_bookings.html", {"page": page, "now": timezone.now()})


def _history(booking) -> list:
    labels = dict(BookingStatus.choices)
    history = list(booking_flow.history(booking))
    for change in history:
        change.label = labels.get(change.to_status, change.to_status)
    return history


@login_required
def booking(request, booking_id: int):
    booking = selectors.booking_for_user(user=request.user, booking_id=booking_id)
    changeable = booking.status == B.CONFIRME and rules.can_change(
        start=booking.slot.start, now=timezone.now()
    )
    return render(
        request,
        "rdv/booking.html",
        {
            "booking": booking,
            "changeable": changeable,
            "deadline": rules.change_deadline(booking.slot.start),
            "history": _history(booking),
        },
    )


@login_required
@require_POST
def cancel(request, booking_id: int):
    booking = selectors.booking_for_user(user=request.user, booking_id=booking_id)
    try:
        services.booking_cancel(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre rendez-vous est annulé : le CNM en est informé."))
    return redirect("rdv:booking", booking_id=booking.pk)


@login_required
@require_http_methods(["GET", "POST"])
def move(request, booking_id: int):
    booking = selectors.booking_for_user(user=request.user, booking_id=booking_id)
    if booking.status != B.CONFIRME:
        raise Http404
    errors = booking_flow.can(booking, B.DEPLACE)
    form = MoveForm(form_data(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                new = services.booking_move(
                    booking=booking, slot_id=form.cleaned_data["slot"], actor=request.user
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("Votre rendez-vous est déplacé : un e-mail vous le confirme.")
                )
                return redirect("rdv:booking", booking_id=new.pk)
        else:
            errors = [_("Choisissez un créneau dans la liste.")]
    page = selectors.slots_page(
        page=request.GET.get("page"),
        permanence=booking.slot.adviser.permanence,
        topic=booking.topic,
        exclude_pk=booking.slot_id,
    )
    return render(request, "rdv/move.html", {"booking": booking, "page": page, "errors": errors})


@login_required
def calendar_file(request, booking_id: int):
    booking = selectors.booking_for_user(user=request.user, booking_id=booking_id)
    response = HttpResponse(ics.booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(booking)}"'
    return response
