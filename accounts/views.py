from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.dashboard import dashboard_sections
from accounts.forms import AccountDeleteForm
from accounts.selectors import pending_email_change
from accounts.services import user_delete


def home(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return redirect("account_login")


@login_required
def dashboard(request):
    """« Mon espace »: the landing page after login."""
    return render(request, "accounts/dashboard.html", {"sections": dashboard_sections(request)})


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {"pending_email": pending_email_change(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    # bound on any POST, even an empty one, so it gets the errors rather than a blank form
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user, actor=user)
        messages.success(request, _("Votre compte individuel a été supprimé."))
        return redirect("account_login")
    return render(request, "accounts/account_delete.html", {"form": form})


def guide(request):
    return render(request, "accounts/guide.html")


def contact(request):
    return render(request, "accounts/contact.html")
