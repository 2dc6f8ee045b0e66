"""Builders for the shop's tests: titles (print, digital with its PDF), orders in each status
through the services, the invoice PDF rendered as the worker does."""

import itertools
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.tests.factories import UserFactory
from boutique import rules, services
from boutique.documents import render_invoice
from boutique.models import Order, Title
from boutique.workflow import OrderStatus as S
from cnm_portal.dates import today
from espace_pro.tests.conftest import PDF

_numbers = itertools.count(1)


def isbn() -> str:
    first = f"979{next(_numbers) + 1000000:09d}"
    return first + rules.isbn13_check_digit(first)


def make_title(*, kind=Title.Kind.PRINT, price="25.00", stock=10, collection=None, **extra):
    n = next(_numbers)
    title = Title(
        slug=f"titre-{n}",
        name=extra.pop("name", f"Guide métier n° {n}"),
        kind=kind,
        collection=collection or Title.Collection.GUIDES,
        author="Centre national de la musique",
        isbn=isbn(),
        description="Un guide pratique.",
        published_on=today(),
        price_ttc=Decimal(price),
        stock=stock if kind == Title.Kind.PRINT else 0,
        **extra,
    )
    if kind == Title.Kind.DIGITAL:
        title.file.save(f"titre-{n}.pdf", ContentFile(PDF), save=False)
    title.full_clean()
    title.save()
    return title


ADDRESS = services.Address("Camille Dupont", "12 rue des Lilas", "69003", "Lyon")


def place_order(user=None, items=None, *, mode=Order.PaymentMode.VIREMENT, po_ref="") -> Order:
    """An order waiting for payment: by default one print and one digital title."""
    user = user or UserFactory()
    if items is None:
        items = [(make_title(), 2), (make_title(kind=Title.Kind.DIGITAL), 1)]
    for title, quantity in items:
        services.cart_set_quantity(user=user, title=title, quantity=quantity)
    return services.order_place(
        user=user,
        billing=ADDRESS,
        shipping=ADDRESS,
        payment_mode=mode,
        purchase_order_ref=po_ref,
        token=uuid.uuid4(),
    )


def pay(order: Order) -> Order:
    order = services.order_mark_paid(order=order, paid_on=today(), note="Relevé", actor=None)
    render_invoice({"invoice_id": order.invoice.pk})
    order.refresh_from_db()
    return order


def order_in(status: str, user=None) -> Order:
    """A complete order in ``status`` (print + digital; digital only for « livrée »)."""
    items = None
    if status == S.LIVREE:
        items = [(make_title(kind=Title.Kind.DIGITAL), 1)]
    order = place_order(user, items)
    if status == S.EN_ATTENTE:
        return order
    if status == S.ANNULEE:
        return services.order_cancel(order=order, reason="Jamais payée", actor=None)
    order = pay(order)
    if status == S.EXPEDIEE:
        order = services.order_mark_shipped(order=order, tracking_number="6A123", actor=None)
    return order
