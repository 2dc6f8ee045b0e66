"""Rectifications against everything already charged, non-taxable declarations rectified, and
the 80 € yearly threshold judged on every amount due for the year (art. 76 VI, VIII)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cnm_portal.models import AuditEntry
from espace_pro.tests.factories import MembershipFactory
from taxe import rules, services
from taxe.models import Notice
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 20)


@pytest.fixture
def member(db):
    return MembershipFactory()


@pytest.fixture
def march(clock):
    clock.set(dt.date(2026, 3, 2))
    return clock


def liquidated(member, base: str, *, educational: bool = False):
    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="Show"
    )
    services.representation_add(
        declaration=declaration,
        actor=member.user,
        data=services.RepresentationData(
            date=DAY,
            venue="Zénith",
            city="Lille",
            category="1",
            educational=educational,
            base_ht=Decimal(base),
        ),
    )
    services.declaration_submit(declaration=declaration, actor=member.user)
    services.liquidation_run()
    declaration.refresh_from_db()
    return declaration


def rectify(declaration, base: str):
    return services.rectification_notify(
        declaration=declaration, corrected_base=Decimal(base), motive="Recettes omises", actor=None
    )


def test_second_rectification_never_charges_the_first_again(member, march):
    declaration = liquidated(member, "10000.00")  # 350.00
    first = rectify(declaration, "12000.00")  # 420.00
    assert first.extra_tax == Decimal("70.00")
    declaration.refresh_from_db()
    assert (declaration.taxable_base, declaration.tax_due) == (
        Decimal("12000.00"),
        Decimal("420.00"),
    )
    second = rectify(declaration, "13000.00")  # 455.00: 35.00 more, not 105.00
    assert (second.previous_base, second.extra_tax) == (Decimal("12000.00"), Decimal("35.00"))
    assert second.majoration == Decimal("3.50")
    with pytest.raises(ValidationError, match="455"):
        rectify(declaration, "13000.00")  # nothing more to charge
    charged = Notice.objects.filter(structure=member.structure).values_list("principal", flat=True)
    assert sum(charged) == rules.tax_due(Decimal("13000.00"))
    assert AuditEntry.objects.filter(action="taxe.rectification").count() == 2


@pytest.mark.parametrize(
    ("second_base", "extra"),
    [
        ("12000.29", None),  # 420.01015 → 420.01: nothing more
        ("12000.42", None),  # 420.0147 → 420.01
        ("12000.43", "0.01"),  # 420.01505 → 420.02: one cent more
    ],
)
def test_second_rectification_in_cents(member, march, second_base, extra):
    declaration = liquidated(member, "10000.00")
    assert rectify(declaration, "12000.15").extra_tax == Decimal("70.01")  # 420.00525 → 420.01
    if extra is None:
        with pytest.raises(ValidationError):
            rectify(declaration, second_base)
    else:
        assert rectify(declaration, second_base).extra_tax == Decimal(extra)


def test_a_declaration_recorded_without_tax_can_be_rectified(member, march):
    declaration = liquidated(member, "5000.00", educational=True)  # wrongly exempt
    assert declaration.status == D.NON_TAXABLE and declaration.tax_due == Decimal("0.00")
    rectification = rectify(declaration, "5000.00")
    assert rectification.extra_tax == Decimal("175.00")
    declaration.refresh_from_db()
    assert declaration.status == D.LIQUIDEE
    assert (declaration.taxable_base, declaration.tax_due) == (
        Decimal("5000.00"),
        Decimal("175.00"),
    )
    assert rectification.notice.status == N.A_PAYER


def test_a_draft_or_a_deposited_declaration_cannot_be_rectified(member, march):
    declaration = services.declaration_create(structure=member.structure, actor=None, spectacle="S")
    with pytest.raises(ValidationError, match="liquidée"):
        rectify(declaration, "1000.00")


@pytest.mark.parametrize(
    ("corrected", "released"),
    [
        ("2285.43", False),  # 35.00 + 44.99 = 79.99 €
        ("2285.72", True),  # 80.0002 → 80.00: exactly 80 € is recovered
        ("2285.71", True),  # 79.99985 → 80.00
        ("2300.00", True),
    ],
)
def test_rectification_counts_in_the_yearly_threshold(member, march, corrected, released):
    declaration = liquidated(member, "1000.00")  # 35.00, held
    liquidation_notice = declaration.notice
    assert liquidation_notice.status == N.RETENU
    rectification = rectify(declaration, corrected)
    liquidation_notice.refresh_from_db()
    expected = N.A_PAYER if released else N.RETENU
    assert rectification.notice.status == expected
    assert liquidation_notice.status == expected
    if released:
        assert liquidation_notice.due_on == rules.payment_deadline(march.today)
    else:
        assert liquidation_notice.due_on is None  # nothing demanded under 80 €


def test_liquidation_counts_earlier_rectifications_and_releases_them(member, march):
    first = liquidated(member, "0.00", educational=True)
    rectification = rectify(first, "1500.00")  # 52.50, alone under 80 €
    assert rectification.notice.status == N.RETENU
    second = liquidated(member, "1000.00")  # 35.00: the year reaches 87.50 €
    assert second.notice.status == N.A_PAYER
    rectification.notice.refresh_from_db()
    assert rectification.notice.status == N.A_PAYER


def test_a_held_rectification_gets_no_titre(member, clock):
    clock.set(dt.date(2026, 3, 2))
    rectification = rectify(liquidated(member, "1000.00"), "1200.00")  # 42 € for the year
    services.rectification_record_receipt(
        rectification=rectification, received_on=clock.today, actor=None
    )
    clock.advance(40)
    with pytest.raises(ValidationError, match="80"):
        services.rectification_issue_titre(rectification=rectification, actor=None)
