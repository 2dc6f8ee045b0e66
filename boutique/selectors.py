"""Reads of the shop, already scoped: the public catalogue, the buyer's cart and orders (the
buyer alone: an order is a person's purchase, not one of their structure's records)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from boutique import rules
from boutique.models import CartLine, Order, OrderLine, Title
from boutique.workflow import PAID_STATUSES

CATALOGUE_PAGE_SIZE = 12
ORDERS_PAGE_SIZE = 20

_LIST_FIELDS = (
    "slug",
    "name",
    "kind",
    "collection",
    "author",
    "price_ttc",
    "stock",
    "published_on",
)


def catalogue_page(*, collection: str = "", kind: str = "", page=None):
    titles = Title.objects.filter(on_sale=True).only(*_LIST_FIELDS)
    if collection:
        titles = titles.filter(collection=collection)
    if kind:
        titles = titles.filter(kind=kind)
    return Paginator(titles.order_by("-published_on", "pk"), CATALOGUE_PAGE_SIZE).get_page(page)


def title_by_slug(*, slug: str) -> Title:
    return get_object_or_404(Title.objects.filter(on_sale=True), slug=slug)


def title_for_cart(*, title_id) -> Title:
    return get_object_or_404(Title.objects.filter(on_sale=True), pk=title_id)


@dataclass
class CartView:
    lines: list
    has_print: bool
    shipping: Decimal
    totals: rules.Amounts

    @property
    def is_empty(self) -> bool:
        return not self.lines


def cart_of(*, user) -> CartView:
    """The cart with the amounts it would be ordered at (one query)."""
    lines = list(CartLine.objects.filter(cart__user=user).select_related("title").order_by("pk"))
    amounts = []
    for line in lines:
        line.amounts = rules.line_amounts(line.title.price_ttc, line.quantity, line.title.vat_rate)
        amounts.append(line.amounts)
    has_print = any(line.title.is_print for line in lines)
    shipping = rules.shipping_for(has_print)
    if has_print:
        amounts.append(rules.line_amounts(shipping, 1, rules.BOOK_VAT_RATE))
    return CartView(
        lines=lines, has_print=has_print, shipping=shipping, totals=rules.totals(amounts)
    )


def orders_page(*, user, page=None):
    orders = (
        Order.objects.filter(user=user)
        .select_related("invoice")
        .only(
            "reference",
            "created_at",
            "status",
            "total_ttc",
            "payment_mode",
            "has_print",
            "invoice__number",
            "invoice__pdf",
        )
        .order_by("-created_at", "-pk")
    )
    return Paginator(orders, ORDERS_PAGE_SIZE).get_page(page)


def order_for_user(*, user, order_id: int) -> Order:
    """The buyer's order with its lines and invoice, else 404 (never reveal that it exists)."""
    return get_object_or_404(
        Order.objects.filter(user=user)
        .select_related("invoice", "billing_structure")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("title"))),
        pk=order_id,
    )


def invoice_for_user(*, user, order_id: int):
    order = get_object_or_404(
        Order.objects.filter(user=user, invoice__isnull=False).select_related("invoice"),
        pk=order_id,
    )
    return order.invoice


def digital_line_for_user(*, user, order_id: int, line_id: int) -> OrderLine:
    """A digital title of a paid order of the buyer, else 404."""
    return get_object_or_404(
        OrderLine.objects.filter(
            order__user=user,
            order__status__in=PAID_STATUSES,
            kind=Title.Kind.DIGITAL,
            title__isnull=False,
        ).select_related("title", "order"),
        pk=line_id,
        order_id=order_id,
    )


def payment_instructions(order: Order) -> dict:
    """What the buyer puts on the transfer (the CNM's account, the order's reference), or where
    the administrative order is to be sent."""
    return {
        "bank_holder": settings.VIREMENTS_DEBTOR_NAME,
        "bank_iban": _grouped(settings.VIREMENTS_DEBTOR_IBAN),
        "bank_bic": settings.VIREMENTS_DEBTOR_BIC,
        "transfer_label": f"CNM EDITIONS {order.reference}",
        "contact_email": settings.CONTACT_EMAIL,
    }


def _grouped(iban: str) -> str:
    compact = iban.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
