"""Credits from the tax (art. 45, 46): through the tax app's payment service and its hook."""

from decimal import Decimal

import pytest
from django.core import mail

from cnm_portal.dates import today
from compte_entrepreneur import services
from compte_entrepreneur.models import Compte, Entry, Generation, TaxAllocation
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import notice_for, pay
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from taxe.models import Notice

pytestmark = pytest.mark.django_db


def balance(structure) -> Decimal:
    return Compte.objects.get(structure=structure).balance


def test_a_payment_credits_65_percent_and_opens_the_account():
    structure = StructureFactory()
    payment = pay(notice_for(structure, "1000.15"), "1000.15")
    assert balance(structure) == Decimal("650.10")  # 650.0975 half up
    entry = Entry.objects.get(compte__structure=structure)
    assert entry.kind == Entry.Kind.CREDIT and entry.payment == payment
    assert entry.source == f"paiement:{payment.pk}:{structure.pk}"
    allocation = TaxAllocation.objects.get(payment=payment)
    assert (allocation.eligible, allocation.credited, allocation.support) == (
        Decimal("1000.15"),
        Decimal("650.10"),
        Decimal("350.05"),
    )
    generation = Generation.objects.get(compte__structure=structure)
    assert generation.remaining == generation.amount == Decimal("650.10")
    assert reconcile() == []


def test_the_hook_replayed_changes_nothing():
    structure = StructureFactory()
    notice = notice_for(structure, "500.00")
    payment = pay(notice, "500.00")
    notice.refresh_from_db()
    assert services.credit_tax_payment(payment=payment, notice=notice, actor=None) is None
    assert Entry.objects.count() == 1
    assert balance(structure) == Decimal("325.00")


def test_taxation_d_office_is_never_credited_but_opens_the_account():
    structure = StructureFactory()
    notice = notice_for(structure, "1000.00", majoration="400.00", kind=Notice.Kind.TAXATION_OFFICE)
    pay(notice, "1400.00")
    assert balance(structure) == Decimal("0.00")
    assert not Entry.objects.exists()
    allocation = TaxAllocation.objects.get()
    assert allocation.excluded == Decimal("1400.00") and allocation.taxation_office
    assert reconcile() == []


def test_majorations_are_not_credited_and_the_principal_is_settled_first():
    structure = StructureFactory()
    notice = notice_for(structure, "100.00", majoration="10.00")
    pay(notice, "60.00")
    assert balance(structure) == Decimal("39.00")
    pay(notice, "50.00")  # 40 of principal, 10 of majoration
    assert balance(structure) == Decimal("65.00")
    assert TaxAllocation.objects.order_by("pk").last().excluded == Decimal("10.00")
    assert reconcile() == []


def test_an_overpayment_is_not_tax():
    structure = StructureFactory()
    pay(notice_for(structure, "100.00"), "150.00")
    assert balance(structure) == Decimal("65.00")


def test_coproduction_split_adds_up_exactly_at_half_cents():
    declarant, partner = StructureFactory(), StructureFactory()
    # 15.40 of tax → 10.01 credited → 50/50 gives 5.005 each: 5.01 + 5.00
    notice = notice_for(declarant, "15.40", shares=[(declarant, "50"), (partner, "50")])
    pay(notice, "15.40")
    assert balance(declarant) + balance(partner) == Decimal("10.01")
    assert (balance(declarant), balance(partner)) == (Decimal("5.01"), Decimal("5.00"))
    assert reconcile() == []


def test_each_credit_is_notified_with_a_pdf(oncommit):
    member = MembershipFactory()
    with oncommit():
        pay(notice_for(member.structure, "2000.00"), "2000.00")
    generation = Generation.objects.get()
    assert generation.notice_pdf.name
    message = next(m for m in mail.outbox if "Notification de vos droits" in m.subject)
    assert member.user.email in message.to
    assert message.attachments[0][2] == "application/pdf"


def test_bank_statement_lines_and_suspense_payments_are_credited_once():
    from taxe.models import Payment
    from taxe.services import bank_statement_import, payment_assign

    structure = StructureFactory()
    notice = notice_for(structure, "1000.00")
    today_text = today().strftime("%d/%m/%Y")
    content = (
        f"date;montant;libelle;identifiant\n"
        f"{today_text};400,00;VIR {notice.number};L1\n"
        f"{today_text};100,00;VIR sans reference;L2\n"
    ).encode()
    result = bank_statement_import(content=content, actor=None)
    assert (result.matched, result.suspense) == (1, 1)
    assert balance(structure) == Decimal("260.00")
    again = bank_statement_import(content=content, actor=None)  # the same statement twice
    assert again.duplicates == 2 and balance(structure) == Decimal("260.00")
    payment_assign(payment=Payment.objects.get(bank_line_id="L2"), notice=notice, actor=None)
    assert balance(structure) == Decimal("325.00")
    assert reconcile() == []


def test_rectification_extra_tax_follows_the_declaration_split():
    from django.utils import timezone

    from taxe.models import Rectification

    declarant, partner = StructureFactory(), StructureFactory()
    original = notice_for(declarant, "100.00", shares=[(declarant, "60"), (partner, "40")])
    notice = Notice.objects.create(
        number=f"AV-R{original.declaration_id}-1",
        kind=Notice.Kind.RECTIFICATION,
        structure=declarant,
        status="a_payer",
        tax_year=original.tax_year,
        principal=Decimal("50.00"),
        majoration=Decimal("5.00"),
        due_on=original.due_on,
    )
    Rectification.objects.create(
        declaration=original.declaration,
        motive="Recettes omises",
        previous_base=Decimal("2857.14"),
        corrected_base=Decimal("4285.71"),
        extra_tax=Decimal("50.00"),
        majoration=Decimal("5.00"),
        notice=notice,
        notified_on=timezone.localdate(),
    )
    pay(notice, "55.00")  # 50 € of tax → 32.50 € credited, 60/40; the 5 € majoration is not
    assert (balance(declarant), balance(partner)) == (Decimal("19.50"), Decimal("13.00"))
    assert reconcile() == []
