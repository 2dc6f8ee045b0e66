"""Pages of the shop: the public catalogue and title pages, the cart, the checkout, « Mes
commandes », an order with its invoice and digital downloads. Thin views: one selector or
service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boutique import selectors, services
from boutique.forms import CatalogueFilterForm, CheckoutForm, QuantityForm, RemoveForm
from boutique.workflow import order_flow
from cnm_portal.forms import add_service_errors, form_data
from espace_pro.selectors import structures_for_user


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.catalogue_page(
        collection=filters.get("collection", ""),
        kind=filters.get("format", ""),
        page=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "boutique/catalogue.html",
        {"form": form, "page_obj": page, "query": query.urlencode()},
    )


@require_GET
def title(request, slug: str):
    item = selectors.title_by_slug(slug=slug)
    form = QuantityForm(initial={"title": item.pk, "quantity": 1})
    return render(request, "boutique/title.html", {"title": item, "form": form})


@login_required
@require_POST
def cart_add(request):
    form = QuantityForm(request.POST)
    if not form.is_valid():
        if "title" in form.errors:
            raise Http404
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        item = selectors.title_for_cart(title_id=form.cleaned_data["title"])
        return redirect(item.get_absolute_url())
    item = selectors.title_for_cart(title_id=form.cleaned_data["title"])
    try:
        services.cart_set_quantity(
            user=request.user, title=item, quantity=form.cleaned_data["quantity"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(item.get_absolute_url())
    messages.success(request, _("« %(t)s » est dans votre panier.") % {"t": item.name})
    return redirect("boutique:cart")


@login_required
@require_http_methods(["GET", "POST"])
def cart(request):
    errors = {}
    if request.method == "POST":
        if "remove" in request.POST:
            form = RemoveForm(request.POST)
            if form.is_valid() and services.cart_remove(
                user=request.user, title_id=form.cleaned_data["title"]
            ):
                messages.success(request, _("Le titre a été retiré de votre panier."))
            else:
                messages.warning(request, _("Ce titre n'est pas (ou plus) dans votre panier."))
            return redirect("boutique:cart")
        else:
            form = QuantityForm(request.POST)
            saved = _update_quantity(request, form)
            if saved:
                messages.success(request, _("Quantité mise à jour."))
                return redirect("boutique:cart")
            errors[request.POST.get("title")] = form
    view = selectors.cart_of(user=request.user)
    for line in view.lines:
        line.form = errors.get(str(line.title_id)) or QuantityForm(
            initial={"title": line.title_id, "quantity": line.quantity}
        )
        line.form.auto_id = f"id_%s_{line.title_id}"
    if errors and not any(str(line.title_id) in errors for line in view.lines):
        messages.error(request, _("Ce titre n'est pas dans votre panier."))
    return render(request, "boutique/cart.html", {"cart": view})


def _update_quantity(request, form) -> bool:
    if not form.is_valid():
        return False
    view_lines = {line.title_id: line for line in selectors.cart_of(user=request.user).lines}
    line = view_lines.get(form.cleaned_data["title"])
    if line is None:
        form.add_error(None, _("Ce titre n'est pas dans votre panier."))
        return False
    try:
        services.cart_set_quantity(
            user=request.user, title=line.title, quantity=form.cleaned_data["quantity"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    view = selectors.cart_of(user=request.user)
    if view.is_empty and request.method == "GET":
        messages.info(request, _("Votre panier est vide : choisissez d'abord un titre."))
        return redirect("boutique:catalogue")
    form = CheckoutForm(
        form_data(request),
        structures=structures_for_user(user=request.user),
        needs_shipping=view.has_print,
        initial={"billing_name": request.user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        billing, shipping = form.addresses()
        data = form.cleaned_data
        try:
            order = services.order_place(
                user=request.user,
                billing=billing,
                shipping=shipping,
                payment_mode=data["payment_mode"],
                purchase_order_ref=data.get("purchase_order_ref", ""),
                billing_structure=data.get("billing_structure"),
                token=data["token"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Commande %(ref)s enregistrée : les instructions de paiement vous ont été "
                    "envoyées par e-mail."
                )
                % {"ref": order.reference},
            )
            return redirect("boutique:order", order_id=order.pk)
    return render(request, "boutique/checkout.html", {"form": form, "cart": view})


@login_required
@require_GET
def orders(request):
    page = selectors.orders_page(user=request.user, page=request.GET.get("page"))
    return render(request, "boutique/orders.html", {"page_obj": page})


@login_required
@require_GET
def order(request, order_id: int):
    item = selectors.order_for_user(user=request.user, order_id=order_id)
    invoice = getattr(item, "invoice", None) if item.is_paid else None
    return render(
        request,
        "boutique/order.html",
        {
            "order": item,
            "lines": list(item.lines.all()),
            "invoice": invoice,
            "history": list(order_flow.history(item)),
            **selectors.payment_instructions(item),
        },
    )


@login_required
@require_GET
def invoice_pdf(request, order_id: int):
    invoice = selectors.invoice_for_user(user=request.user, order_id=order_id)
    if not invoice.pdf:
        raise Http404  # rendered by the worker in a few seconds; the page says so
    return FileResponse(
        invoice.pdf.open("rb"), as_attachment=True, filename=f"facture-{invoice.number}.pdf"
    )


@login_required
@require_GET
def download(request, order_id: int, line_id: int):
    line = selectors.digital_line_for_user(user=request.user, order_id=order_id, line_id=line_id)
    if not line.title.file:
        raise Http404
    return FileResponse(
        line.title.file.open("rb"), as_attachment=True, filename=f"{line.title.slug}.pdf"
    )
