"""Notice numbers double as activation codes: a sequence plus 48 random bits; bank statements
still find them, with or without the random part."""

import datetime as dt
import importlib
import re
from decimal import Decimal

import pytest

from espace_pro.tests.factories import MembershipFactory
from taxe import services
from taxe.models import Notice

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"AV-(\d+|R\d+-\d+|T\d+)-([0-9A-F]{12})")


def liquidate(structure, base="5000.00"):
    declaration = services.declaration_create(structure=structure, actor=None, spectacle="S")
    services.representation_add(
        declaration=declaration,
        actor=None,
        data=services.RepresentationData(
            date=dt.date.today() - dt.timedelta(days=3),
            venue="v",
            city="c",
            category="1",
            base_ht=Decimal(base),
        ),
    )
    services.declaration_submit(declaration=declaration, actor=None)
    services.liquidation_run()
    return Notice.objects.get(declaration=declaration)


def test_numbers_carry_48_random_bits_besides_their_sequence():
    structure = MembershipFactory().structure
    notices = [liquidate(structure) for _ in range(5)]
    randoms = set()
    for notice in notices:
        match = NUMBER.fullmatch(notice.number)
        assert match, notice.number
        assert match.group(1) == str(notice.declaration_id)
        randoms.add(match.group(2))
        assert services.NOTICE_NUMBER_RE.fullmatch(notice.number)
    assert len(randoms) == 5
    single = services.notice_number("R12-3")
    assert NUMBER.fullmatch(single) and single != services.notice_number("R12-3")


def bank_csv(*lines: str) -> bytes:
    return ("date;montant;libelle;identifiant\n" + "\n".join(lines)).encode()


def test_bank_lines_match_the_number_with_or_without_its_random_part():
    structure = MembershipFactory().structure
    full, short = liquidate(structure), liquidate(structure)
    sequence = short.number.rsplit("-", 1)[0]  # as an older label may quote it
    result = services.bank_statement_import(
        content=bank_csv(
            f"01/12/2026;175,00;VIR {full.number.lower()} TAXE;L1",
            f"01/12/2026;10,00;VIR {sequence} ACOMPTE;L2",
            "01/12/2026;10,00;VIR AV-999999-ABCDEF123456;L3",
        ),
        actor=None,
    )
    assert (result.matched, result.suspense) == (2, 1)
    full.refresh_from_db()
    short.refresh_from_db()
    assert full.status == "paye" and short.paid == Decimal("10.00")


def test_migration_gives_old_numbers_a_random_part():
    migration = importlib.import_module("taxe.migrations.0002_notice_number_random_share_refusal")
    structure = MembershipFactory().structure
    old = Notice.objects.create(
        number="AV-R7-2", structure=structure, status="a_payer", tax_year=2026, principal=1
    )
    from django.apps import apps

    migration.add_random_part(apps, None)
    old.refresh_from_db()
    assert re.fullmatch(r"AV-R7-2-[0-9A-F]{12}", old.number)
