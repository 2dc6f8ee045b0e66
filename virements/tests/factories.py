"""Payments built through the services, so statuses, histories and copied bank details are the
real ones. Sources are audit entries: any saved model can be paid, and these belong to an app
``virements`` may import."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cnm_portal import dates
from cnm_portal.audit import audit_record
from espace_pro.models import Structure
from espace_pro.tests.conftest import PDF
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from virements import services
from virements.models import BankAccount, PaymentBatch, PaymentOrder

VALID_IBAN = "FR7630006000011234567890189"
OTHER_IBAN = "FR7630004008280001000123497"
GERMAN_IBAN = "DE89370400440532013000"


def rib_file(name: str = "rib.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_source(label: str = "versement"):
    """A saved object to pay for (stands for an aid versement or a droit de tirage)."""
    return audit_record(actor=None, action=f"test.{label}")


def bank_account(structure: Structure | None = None, *, iban: str = VALID_IBAN) -> BankAccount:
    structure = structure or StructureFactory()
    return services.bank_account_set(
        structure=structure,
        holder=structure.name,
        iban=iban,
        bic="",
        rib=rib_file(),
        actor=None,
    )


def order(
    structure: Structure | None = None,
    amount: Decimal | str = "1500.00",
    *,
    label: str = "Aide n° 2026-0001 — acompte 70 %",
    with_account: bool = True,
    source=None,
    actor=None,
) -> PaymentOrder:
    structure = structure or StructureFactory()
    if with_account and not structure.bank_accounts.filter(replaced_at__isnull=True).exists():
        bank_account(structure)
    return services.payment_order_create(
        structure=structure,
        amount=Decimal(amount),
        label=label,
        source=source or make_source(),
        actor=actor,
    )


def next_business_day() -> date:
    day = dates.today()
    while not dates.is_business_day(day):
        day = dates.add_business_days(day, 1)
    return day


def batch(*orders: PaymentOrder, actor=None) -> PaymentBatch:
    orders = orders or (order(),)
    return services.payment_batch_create(
        orders=orders, execution_date=next_business_day(), actor=actor
    )


def exported_batch(*orders: PaymentOrder, actor=None) -> PaymentBatch:
    return services.payment_batch_export(batch=batch(*orders, actor=actor), actor=actor)


def paid_batch(*orders: PaymentOrder, actor=None) -> PaymentBatch:
    exported = exported_batch(*orders, actor=actor)
    return services.payment_batch_mark_paid(batch=exported, paid_on=dates.today(), actor=actor)


def member_of(structure: Structure):
    return MembershipFactory(structure=structure).user
