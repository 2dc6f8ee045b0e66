"""Every write of the shop: the cart, placing an order, recording its payment (which issues the
invoice), shipping it, cancelling it. Atomic, with the row locks where stock, money or a number
moves, an audit row, e-mails and PDFs through the outbox."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boutique import rules
from boutique.models import Cart, CartLine, Invoice, InvoiceCounter, Order, OrderLine, Title
from boutique.workflow import OrderStatus as S
from boutique.workflow import order_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue

INVOICE_PDF_KIND = "boutique.invoice_pdf"
# Without 0/O and 1/I/L: read over the phone and copied onto a bank transfer.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# --- cart --------------------------------------------------------------------------------------


def cart_set_quantity(*, user, title: Title, quantity: int) -> CartLine:
    """Put ``quantity`` copies of ``title`` in the cart (the same posted twice: the same cart)."""
    if not title.on_sale:
        raise ValidationError({"quantity": _("Ce titre n'est plus en vente.")})
    error = rules.quantity_error(quantity, stock=title.available_stock)
    if error:
        raise ValidationError({"quantity": error})
    with transaction.atomic():
        cart, _created = Cart.objects.get_or_create(user=user)
        line, _created = CartLine.objects.update_or_create(
            cart=cart, title=title, defaults={"quantity": quantity}
        )
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line


def cart_remove(*, user, title_id: int) -> bool:
    """Take a title out of the cart; False when it was not there (removed twice)."""
    deleted, _detail = CartLine.objects.filter(cart__user=user, title_id=title_id).delete()
    return bool(deleted)


# --- placing an order --------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    name: str
    address: str
    postal_code: str
    city: str


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _cart_errors(lines: list[CartLine], titles: dict[int, Title]) -> list[str]:
    errors = []
    for line in lines:
        title = titles[line.title_id]
        if not title.on_sale:
            errors.append(_("« %(t)s » n'est plus en vente.") % {"t": title.name})
            continue
        error = rules.quantity_error(line.quantity, stock=title.available_stock)
        if error:
            errors.append(f"« {title.name} » : {error}")
    return errors


def order_place(
    *,
    user,
    billing: Address,
    shipping: Address | None,
    payment_mode: str,
    purchase_order_ref: str = "",
    billing_structure=None,
    token: uuid.UUID,
) -> Order:
    """The cart becomes an order waiting for payment: prices and VAT frozen on its lines, the
    print copies taken from the stock (under the titles' row locks), the cart emptied, and the
    payment instructions e-mailed. A second submission of the same form (``token``) returns the
    order already placed."""
    existing = Order.objects.filter(token=token, user=user).first()
    if existing is not None:
        return existing
    if payment_mode == Order.PaymentMode.BON_DE_COMMANDE and not purchase_order_ref.strip():
        raise ValidationError(
            {"purchase_order_ref": _("Indiquez le numéro de votre bon de commande.")}
        )
    if (
        billing_structure is not None
        and not billing_structure.memberships.filter(user=user).exists()
    ):
        raise ValidationError({"billing_structure": _("Choisissez l'une de vos structures.")})
    try:
        with transaction.atomic():
            order = _place_locked(
                user=user,
                billing=billing,
                shipping=shipping,
                payment_mode=payment_mode,
                purchase_order_ref=purchase_order_ref.strip(),
                billing_structure=billing_structure,
                token=token,
            )
    except IntegrityError:  # the same token committed by a concurrent request
        existing = Order.objects.filter(token=token, user=user).first()
        if existing is None:
            raise
        return existing
    return order


def _place_locked(
    *, user, billing, shipping, payment_mode, purchase_order_ref, billing_structure, token
):
    lines = list(CartLine.objects.filter(cart__user=user).order_by("title_id"))
    if not lines:
        raise ValidationError(_("Votre panier est vide."))
    titles = Title.objects.select_for_update().in_bulk([line.title_id for line in lines])
    errors = _cart_errors(lines, titles)
    if errors:
        raise ValidationError(errors)
    has_print = any(titles[line.title_id].is_print for line in lines)
    if has_print and shipping is None:
        raise ValidationError({"shipping_address": _("Indiquez l'adresse de livraison.")})
    frozen = []
    for line in lines:
        title = titles[line.title_id]
        amounts = rules.line_amounts(title.price_ttc, line.quantity, title.vat_rate)
        frozen.append(
            (title, title.name, title.kind, line.quantity, title.price_ttc, title.vat_rate, amounts)
        )
    if has_print:
        fee = rules.shipping_for(True)
        amounts = rules.line_amounts(fee, 1, rules.BOOK_VAT_RATE)
        frozen.append((None, rules.SHIPPING_LABEL, "", 1, fee, rules.BOOK_VAT_RATE, amounts))
    total = rules.totals(item[-1] for item in frozen)
    ship = shipping if has_print else Address("", "", "", "")
    order = Order.objects.create(
        reference=_new_reference(),
        user=user,
        billing_structure=billing_structure,
        billing_name=billing.name,
        billing_address=billing.address,
        billing_postal_code=billing.postal_code,
        billing_city=billing.city,
        shipping_name=ship.name,
        shipping_address=ship.address,
        shipping_postal_code=ship.postal_code,
        shipping_city=ship.city,
        payment_mode=payment_mode,
        purchase_order_ref=purchase_order_ref,
        has_print=has_print,
        total_ht=total.ht,
        total_tva=total.tva,
        total_ttc=total.ttc,
        token=token,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            title=title,
            label=label,
            kind=kind,
            quantity=quantity,
            unit_price_ttc=unit,
            vat_rate=rate,
            amount_ht=amounts.ht,
            amount_tva=amounts.tva,
            amount_ttc=amounts.ttc,
        )
        for title, label, kind, quantity, unit, rate, amounts in frozen
    )
    for line in lines:
        title = titles[line.title_id]
        if title.is_print:
            Title.objects.filter(pk=title.pk).update(stock=title.stock - line.quantity)
    CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
    order_flow.start(order, actor=user, comment=_("Commande passée"))
    audit_record(
        actor=user, action="boutique.order_place", target=order, data={"ttc": str(total.ttc)}
    )
    order_email(order, "order_received")
    return order


# --- staff: payment, shipping, cancellation ----------------------------------------------------


def order_mark_paid(*, order: Order, paid_on: date, note: str = "", actor) -> Order:
    """The transfer or the administrative order's payment is on the CNM's account: the invoice
    is issued (next number of the year, under the counter's row lock), rendered by the worker
    and mailed; a digital-only order is delivered at once (its downloads open)."""
    if paid_on > today():
        raise ValidationError({"paid_on": _("La date de paiement ne peut pas être dans le futur.")})
    with transaction.atomic():
        order = order_flow.apply(
            order,
            S.PAYEE,
            actor=actor,
            comment=note or _("Paiement reçu"),
            updates={"paid_on": paid_on, "payment_note": note},
        )
        invoice = _invoice_issue(order)
        if not order.has_print:
            order = order_flow.apply(
                order, S.LIVREE, actor=actor, comment=_("Titres numériques mis à disposition")
            )
        audit_record(
            actor=actor,
            action="boutique.order_paid",
            target=order,
            data={"invoice": invoice.number},
        )
        outbox_enqueue(INVOICE_PDF_KIND, {"invoice_id": invoice.pk})
    return order


def _invoice_issue(order: Order) -> Invoice:
    year = today().year
    InvoiceCounter.objects.get_or_create(year=year)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return Invoice.objects.create(
        order=order,
        number=rules.invoice_number(year, counter.last),
        year=year,
        sequence=counter.last,
        issued_on=today(),
        total_ht=order.total_ht,
        total_tva=order.total_tva,
        total_ttc=order.total_ttc,
    )


def order_mark_shipped(*, order: Order, tracking_number: str = "", actor) -> Order:
    order = order_flow.apply(
        order,
        S.EXPEDIEE,
        actor=actor,
        comment=_("Colis expédié"),
        updates={"shipped_at": timezone.now(), "tracking_number": tracking_number.strip()},
    )
    audit_record(actor=actor, action="boutique.order_shipped", target=order)
    order_email(order, "order_shipped")
    return order


def order_cancel(*, order: Order, reason: str, actor) -> Order:
    """Only an unpaid order is cancelled (no invoice exists yet, so no credit note): its print
    copies go back to the stock."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    with transaction.atomic():
        order = order_flow.apply(
            order,
            S.ANNULEE,
            actor=actor,
            comment=reason.strip(),
            updates={"cancel_reason": reason.strip()},
        )
        lines = list(order.lines.filter(kind=Title.Kind.PRINT, title__isnull=False))
        titles = Title.objects.select_for_update().in_bulk([line.title_id for line in lines])
        for line in lines:
            title = titles[line.title_id]
            Title.objects.filter(pk=title.pk).update(stock=title.stock + line.quantity)
        audit_record(
            actor=actor, action="boutique.order_cancel", target=order, data={"reason": reason}
        )
        order_email(order, "order_cancelled")
    return order


def order_email(order: Order, template: str, attachments=()) -> None:
    from boutique.selectors import payment_instructions

    email_enqueue_template(
        to=[order.user.email],
        template_prefix=f"boutique/email/{template}",
        context={"order": order, "lines": list(order.lines.all()), **payment_instructions(order)},
        attachments=attachments,
    )
