"""« Mes alertes emploi » (the person's one alert) and the one-click unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alertes import selectors, services
from alertes.forms import AlertForm
from alertes.models import JobAlert
from alertes.tokens import alert_id_from
from cnm_portal.forms import add_service_errors, form_data


@login_required
@require_http_methods(["GET", "POST"])
def settings(request):
    alert = selectors.alert_of(user=request.user)
    form = AlertForm(form_data(request), initial=AlertForm.initial_from(alert))
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.alert_save(user=request.user, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if alert.active:
                messages.success(
                    request,
                    _(
                        "Votre alerte emploi est active : vous recevrez un e-mail quotidien si de "
                        "nouvelles annonces correspondent à vos critères."
                    ),
                )
            else:
                messages.success(request, _("Votre alerte emploi est inactive."))
            return redirect("alertes:settings")
    return render(request, "alertes/settings.html", {"form": form, "alert": alert})


def _csrf_refusal(request):
    """The CSRF check of a normal form (None when it passes, else the 403 response)."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, _csrf_checked, (), {})


def _csrf_checked(request):  # a callback without ``csrf_exempt``: the middleware checks it
    raise NotImplementedError


# Two POSTs deactivate: the confirmation page's form (CSRF-checked as any form) and a mail
# client's one-click POST (RFC 8058: body ``List-Unsubscribe=One-Click``, no CSRF token
# possible; the signed token in the URL is the secret). Any other POST is refused.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Open without login (the link of the e-mail): GET asks, POST deactivates."""
    alert_id = alert_id_from(token)
    if alert_id is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != "One-Click":
            refusal = _csrf_refusal(request)
            if refusal is not None:
                return refusal
        alert = services.alert_unsubscribe(alert_id=alert_id, actor=None)
        if alert is None:
            raise Http404
        return render(request, "alertes/unsubscribed.html", {"alert": alert})
    alert = JobAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return render(request, "alertes/unsubscribe.html", {"alert": alert, "token": token})
