"""The structure's bank details page: enter new ones, see the current ones and the payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from virements import selectors, services
from virements.forms import BankAccountForm

ORDERS_PER_PAGE = 20


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def bank_account(request, structure_id: int):
    context = selectors.bank_account_page(user=request.user, structure_id=structure_id)
    structure = context["structure"]
    posted = request.method == "POST"
    form = BankAccountForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"holder": structure.name},
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.bank_account_set(
                structure=structure,
                holder=data["holder"],
                iban=data["iban"],
                bic=data["bic"],
                rib=data["rib"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Coordonnées bancaires enregistrées : les prochains versements iront sur ce compte."
                ),
            )
            return redirect("virements:bank_account", structure_id=structure.pk)
    page = Paginator(selectors.orders_for_structure(structure=structure), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "virements/bank_account.html",
        {**context, "form": form, "page": page},
    )


@login_required
def rib(request, structure_id: int, account_id: int):
    account = selectors.bank_account_for_user(
        user=request.user, structure_id=structure_id, account_id=account_id
    )
    extension = account.rib.name.rsplit(".", 1)[-1] if "." in account.rib.name else "pdf"
    return FileResponse(
        account.rib.open("rb"),
        as_attachment=True,
        filename=f"rib-{account.structure.numero_cnm or account.structure_id}.{extension}",
    )
