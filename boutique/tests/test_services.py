import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from boutique import services
from boutique.models import CartLine, Invoice, InvoiceCounter, Order, Title
from boutique.tests.factories import ADDRESS, make_title, order_in, pay, place_order
from boutique.workflow import OrderStatus as S
from boutique.workflow import order_flow
from cnm_portal.dates import today
from cnm_portal.workflow import TransitionNotAllowed
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_cart_set_quantity_is_idempotent_and_checks_stock():
    user = UserFactory()
    title = make_title(stock=3)
    services.cart_set_quantity(user=user, title=title, quantity=2)
    services.cart_set_quantity(user=user, title=title, quantity=2)
    assert CartLine.objects.get(cart__user=user, title=title).quantity == 2
    with pytest.raises(ValidationError) as error:
        services.cart_set_quantity(user=user, title=title, quantity=4)
    assert "reste que 3" in str(error.value)
    assert CartLine.objects.get(cart__user=user, title=title).quantity == 2


def test_cart_refuses_a_title_no_longer_on_sale():
    title = make_title(on_sale=False)
    with pytest.raises(ValidationError):
        services.cart_set_quantity(user=UserFactory(), title=title, quantity=1)
    assert not CartLine.objects.exists()


def test_order_freezes_prices_takes_stock_and_mails_instructions(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    book = make_title(price="25.00", stock=10)
    ebook = make_title(kind=Title.Kind.DIGITAL, price="12.50")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(user, [(book, 2), (ebook, 1)])
    assert order.status == S.EN_ATTENTE
    lines = list(order.lines.order_by("pk"))
    assert [(line.label, line.quantity, line.amount_ttc) for line in lines] == [
        (book.name, 2, D("50.00")),
        (ebook.name, 1, D("12.50")),
        ("Frais de port", 1, D("4.90")),
    ]
    assert order.total_ttc == D("67.40")
    assert order.total_ht == sum(line.amount_ht for line in lines)
    assert order.total_ht + order.total_tva == order.total_ttc
    book.refresh_from_db()
    assert book.stock == 8
    assert not CartLine.objects.filter(cart__user=user).exists()
    # a later price change does not touch the order
    Title.objects.filter(pk=book.pk).update(price_ttc=D("30.00"))
    assert order.lines.get(title=book).unit_price_ttc == D("25.00")
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert order.reference in message.subject
    assert "IBAN : FR76 3000 1000 6400 0000 4012 348" in message.body
    assert f"CNM EDITIONS {order.reference}" in message.body
    assert [c.to_status for c in order_flow.history(order)] == [S.EN_ATTENTE]


def test_digital_only_order_has_no_shipping():
    order = place_order(items=[(make_title(kind=Title.Kind.DIGITAL, price="9.90"), 1)])
    assert not order.has_print
    assert order.total_ttc == D("9.90")
    assert order.lines.count() == 1


def test_same_form_posted_twice_gives_one_order():
    user = UserFactory()
    services.cart_set_quantity(user=user, title=make_title(), quantity=1)
    token = uuid.uuid4()
    kwargs = {
        "user": user,
        "billing": ADDRESS,
        "shipping": ADDRESS,
        "payment_mode": "virement",
        "token": token,
    }
    first = services.order_place(**kwargs)
    second = services.order_place(**kwargs)
    assert first.pk == second.pk
    assert Order.objects.count() == 1


def test_order_refused_when_stock_went_down_nothing_saved():
    user = UserFactory()
    title = make_title(stock=5)
    services.cart_set_quantity(user=user, title=title, quantity=4)
    Title.objects.filter(pk=title.pk).update(stock=2)
    with pytest.raises(ValidationError) as error:
        place_order(user, [])
    assert "reste que 2" in str(error.value)
    assert not Order.objects.exists()
    title.refresh_from_db()
    assert title.stock == 2
    assert CartLine.objects.filter(cart__user=user).exists()


def test_empty_cart_and_missing_po_reference_are_refused():
    user = UserFactory()
    with pytest.raises(ValidationError, match="panier est vide"):
        place_order(user, [])
    services.cart_set_quantity(user=user, title=make_title(), quantity=1)
    with pytest.raises(ValidationError) as error:
        place_order(user, [], mode=Order.PaymentMode.BON_DE_COMMANDE)
    assert "purchase_order_ref" in error.value.error_dict
    order = place_order(user, [], mode=Order.PaymentMode.BON_DE_COMMANDE, po_ref="BC-2026-17")
    assert order.purchase_order_ref == "BC-2026-17"


def test_billing_structure_must_be_one_of_the_buyers():
    user = UserFactory()
    mine = MembershipFactory(user=user).structure
    services.cart_set_quantity(user=user, title=make_title(), quantity=1)
    kwargs = {"user": user, "billing": ADDRESS, "shipping": ADDRESS, "payment_mode": "virement"}
    with pytest.raises(ValidationError) as error:
        services.order_place(**kwargs, billing_structure=StructureFactory(), token=uuid.uuid4())
    assert "billing_structure" in error.value.error_dict
    order = services.order_place(**kwargs, billing_structure=mine, token=uuid.uuid4())
    assert order.billing_structure == mine


def test_payment_issues_gapless_invoices_and_mails_the_pdf(django_capture_on_commit_callbacks):
    year = today().year
    first = pay(place_order())
    second = pay(place_order())
    assert first.invoice.number == f"F-{year}-000001"
    assert second.invoice.number == f"F-{year}-000002"
    assert InvoiceCounter.objects.get(year=year).last == 2
    assert first.invoice.total_ttc == first.total_ttc
    assert first.invoice.pdf.open("rb").read(5) == b"%PDF-"
    order = place_order()
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_mark_paid(order=order, paid_on=today(), actor=None)
    message = mail.outbox[-1]
    assert "payée" in message.subject
    assert message.attachments[0][0] == f"facture-{order.invoice.number}.pdf"
    assert message.attachments[0][1].startswith(b"%PDF-")


def test_a_cancelled_order_never_takes_an_invoice_number():
    order_in(S.ANNULEE)
    paid = pay(place_order())
    assert paid.invoice.sequence == 1


def test_digital_only_order_is_delivered_when_paid():
    order = pay(place_order(items=[(make_title(kind=Title.Kind.DIGITAL), 1)]))
    assert order.status == S.LIVREE
    assert [c.to_status for c in order_flow.history(order)] == [S.EN_ATTENTE, S.PAYEE, S.LIVREE]


def test_payment_twice_is_refused_and_issues_one_invoice():
    order = pay(place_order())
    with pytest.raises(TransitionNotAllowed):
        services.order_mark_paid(order=order, paid_on=today(), actor=None)
    assert Invoice.objects.count() == 1


def test_payment_date_in_the_future_is_refused():
    order = place_order()
    with pytest.raises(ValidationError):
        services.order_mark_paid(order=order, paid_on=today() + timedelta(days=1), actor=None)
    order.refresh_from_db()
    assert order.status == S.EN_ATTENTE
    assert not Invoice.objects.exists()


def test_shipping_needs_print_lines(django_capture_on_commit_callbacks):
    order = pay(place_order())
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_mark_shipped(order=order, tracking_number=" 6A1 ", actor=None)
    assert order.status == S.EXPEDIEE
    assert order.tracking_number == "6A1"
    assert "expédiée" in mail.outbox[-1].subject
    assert "6A1" in mail.outbox[-1].body
    digital = order_in(S.LIVREE)
    with pytest.raises(TransitionNotAllowed):
        services.order_mark_shipped(order=digital, actor=None)


def test_cancel_restores_stock_and_mails(django_capture_on_commit_callbacks):
    title = make_title(stock=5)
    order = place_order(items=[(title, 3)])
    title.refresh_from_db()
    assert title.stock == 2
    with pytest.raises(ValidationError):
        services.order_cancel(order=order, reason="  ", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_cancel(order=order, reason="Virement jamais reçu", actor=None)
    title.refresh_from_db()
    assert title.stock == 5
    assert order.status == S.ANNULEE
    assert "annulée" in mail.outbox[-1].subject
    assert "Virement jamais reçu" in mail.outbox[-1].body


def test_a_paid_order_cannot_be_cancelled():
    order = pay(place_order())
    with pytest.raises(TransitionNotAllowed):
        services.order_cancel(order=order, reason="Trop tard", actor=None)
