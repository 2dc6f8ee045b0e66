"""Rules of the shop as pure functions: ISBN-13, VAT included in a price, totals, shipping,
invoice numbers. Decimal in, Decimal out; no ORM."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cnm_portal.money import ZERO, percentage, round_cents, sum_money, to_decimal

# CGI art. 278-0 bis A: books, printed or digital (livre numérique, art. 278-0 bis A 2°), 5.5 %.
BOOK_VAT_RATE = percentage("5.5")
# Flat shipping per order with print titles (France); it follows the VAT of the books it
# carries (an accessory of the delivery, CGI art. 267 I 2°).
SHIPPING_TTC = Decimal("4.90")
SHIPPING_LABEL = "Frais de port"
# The most copies of one title in one order (beyond, a bulk quote by e-mail).
MAX_QUANTITY = 50


def isbn13_error(value: str) -> str | None:
    """ISO 2108: 13 digits beginning with 978 or 979, the last one being the EAN-13 check digit
    (weights 1 and 3). Returns a French message or None. Hyphens and spaces are ignored."""
    digits = compact_isbn(value)
    if len(digits) != 13 or not digits.isdigit():
        return _("L'ISBN doit comporter 13 chiffres (ISBN-13), par exemple 978-2-9573215-0-6.")
    if not digits.startswith(("978", "979")):
        return _("Un ISBN-13 commence par 978 ou 979.")
    if isbn13_check_digit(digits[:12]) != digits[12]:
        return _("La clé de contrôle de l'ISBN est fausse : vérifiez chaque chiffre.")
    return None


def compact_isbn(value: str) -> str:
    return "".join(ch for ch in str(value) if ch not in " -\u00a0").upper()


def isbn13_check_digit(first_twelve: str) -> str:
    total = sum(int(ch) * (3 if index % 2 else 1) for index, ch in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Amounts:
    ht: Decimal
    tva: Decimal
    ttc: Decimal


def split_ttc(ttc: Decimal, rate: Decimal) -> Amounts:
    """A price including VAT split into HT and TVA: HT = TTC / (1 + rate) rounded half up to the
    cent, TVA = TTC − HT, so that HT + TVA is exactly the price the buyer pays."""
    ttc = to_decimal(ttc)
    ht = round_cents(ttc / (1 + to_decimal(rate)))
    return Amounts(ht=ht, tva=ttc - ht, ttc=ttc)


def line_amounts(unit_ttc: Decimal, quantity: int, rate: Decimal) -> Amounts:
    """One invoice line: the TTC of the line (unit price × quantity) split once, not per unit
    (a per-unit split multiplied back would drift by a cent on large quantities)."""
    return split_ttc(to_decimal(unit_ttc) * quantity, rate)


def totals(lines: Iterable[Amounts]) -> Amounts:
    """Invoice totals are the sums of the lines, so the document adds up column by column."""
    lines = list(lines)
    return Amounts(
        ht=sum_money(line.ht for line in lines),
        tva=sum_money(line.tva for line in lines),
        ttc=sum_money(line.ttc for line in lines),
    )


def vat_summary(lines: Iterable[tuple[Decimal, Amounts]]) -> list[tuple[Decimal, Amounts]]:
    """The VAT recap of an invoice (CGI art. 242 nonies A: the tax per rate): (rate, sums)."""
    by_rate: dict[Decimal, list[Amounts]] = {}
    for rate, amounts in lines:
        by_rate.setdefault(to_decimal(rate), []).append(amounts)
    return [(rate, totals(group)) for rate, group in sorted(by_rate.items())]


def shipping_for(has_print: bool) -> Decimal:
    return SHIPPING_TTC if has_print else ZERO


def quantity_error(quantity: int, *, stock: int | None) -> str | None:
    """A positive whole number, at most MAX_QUANTITY, and (print) at most the stock."""
    if quantity < 1:
        return _("Indiquez une quantité d'au moins 1.")
    if quantity > MAX_QUANTITY:
        return _(
            "Au plus %(max)s exemplaires par titre : contactez-nous pour une commande en nombre."
        ) % {"max": MAX_QUANTITY}
    if stock is not None and quantity > stock:
        if stock == 0:
            return _("Ce titre est épuisé.")
        return _("Il ne reste que %(stock)s exemplaire(s) en stock.") % {"stock": stock}
    return None


def invoice_number(year: int, sequence: int) -> str:
    """F-2026-000123: per year, without gaps (the counter row is locked while it is drawn)."""
    return f"F-{year}-{sequence:06d}"
