"""The French formatting template filters (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from cnm_portal.templatetags.cnm_format import date_fr, euros, pourcentage

NNBSP = "\u202f"
NBSP = "\u00a0"


def _render(source: str, **context: object) -> str:
    return Template("{% load cnm_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ m|euros }}", {"m": Decimal("1234567.89")}, f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        ("{{ m|euros }}", {"m": Decimal("-12.5")}, f"-12,50{NBSP}€"),
        ("{{ m|euros:False }}", {"m": Decimal("1234.50")}, f"1{NNBSP}235{NBSP}€"),
        ("{{ m|euros }}", {"m": None}, ""),
        ("{{ m|euros }}", {}, ""),
        ("{{ d|date_fr }}", {"d": dt.date(2026, 1, 1)}, "1er janvier 2026"),
        ("{{ d|date_fr }}", {"d": dt.date(2026, 11, 22)}, "22 novembre 2026"),
        (
            "{{ d|date_fr }}",
            {"d": dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)},  # 00:30 in Paris
            "22 novembre 2026",
        ),
        ("{{ d|date_fr }}", {"d": None}, ""),
        ("{{ t|pourcentage }}", {"t": Decimal("0.035")}, f"3,5{NBSP}%"),
        ("{{ t|pourcentage }}", {"t": Decimal("0.20")}, f"20{NBSP}%"),
        ("{{ t|pourcentage }}", {"t": None}, ""),
    ],
)
def test_filters_in_templates(source: str, context: dict[str, object], expected: str) -> None:
    assert _render(source, **context) == expected


def test_filters_as_functions() -> None:
    assert euros(Decimal("0.5")) == f"0,50{NBSP}€"
    assert date_fr(dt.date(2028, 2, 29)) == "29 février 2028"
    assert pourcentage(Decimal("0.055")) == f"5,5{NBSP}%"


def test_euros_refuses_a_float_rather_than_printing_an_approximation() -> None:
    with pytest.raises(TypeError):
        _render("{{ m|euros }}", m=12.5)
