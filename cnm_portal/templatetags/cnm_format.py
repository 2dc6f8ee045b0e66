"""French formatting filters for templates and PDFs: ``euros``, ``date_fr``, ``pourcentage``.

They only delegate to ``cnm_portal.money`` and ``cnm_portal.dates`` so that a page, an e-mail and
a PDF show an amount or a date exactly the same way. Empty values (None, "") give an empty string;
a float amount raises ``TypeError`` instead of printing an approximate figure on a legal document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from cnm_portal import dates, money

register = template.Library()


@register.filter
def euros(value: Decimal | int | str | None, decimals: bool = True) -> str:
    """``{{ montant|euros }}`` → "1 234,56 €"; ``{{ montant|euros:False }}`` → "1 235 €"."""
    if value is None or value == "":
        return ""
    return money.format_euros(value, decimals=decimals)


@register.filter
def date_fr(value: dt.date | dt.datetime | None) -> str:
    """``{{ date|date_fr }}`` → "1er janvier 2026"; a datetime shows its date in Paris."""
    if value is None or value == "":
        return ""
    return dates.format_date_fr(value)


@register.filter
def pourcentage(value: Decimal | int | str | None) -> str:
    """``{{ taux|pourcentage }}`` with a rate: Decimal("0.035") → "3,5 %"."""
    if value is None or value == "":
        return ""
    return money.format_percentage(value)
