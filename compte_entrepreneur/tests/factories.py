"""Builders for the compte-entrepreneur tests: tax notices written directly in the tax app's
tables (the tax has its own tests), payments through its public service (so the real hook
runs), affiliations in force, drawings in each status through the services."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from affiliation.models import Affiliation
from cnm_portal.dates import today
from espace_pro.tests.conftest import PDF
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from taxe.models import CoproductionShare, Declaration, Notice
from taxe.services import payment_record

_numbers = iter(range(10_000_000))


def pdf(name="justificatif.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def notice_for(
    structure,
    principal: Decimal | str,
    *,
    majoration: Decimal | str = "0.00",
    kind: str = Notice.Kind.LIQUIDATION,
    shares=None,
    due_on: date | None = None,
    status: str = "a_payer",
) -> Notice:
    """A payable notice; ``shares`` = [(structure, share %)] signed by every party (art. 46)."""
    declaration = None
    if kind != Notice.Kind.TAXATION_OFFICE:
        declaration = Declaration.objects.create(
            structure=structure, spectacle="Tournée test", status="liquidee", tax_year=today().year
        )
        for party, share in shares or ():
            CoproductionShare.objects.create(
                declaration=declaration,
                structure=party,
                share=Decimal(share),
                signed_at=timezone.now(),
            )
    number = next(_numbers)
    return Notice.objects.create(
        number=f"AV-T{number}" if declaration is None else f"AV-{declaration.pk}",
        kind=kind,
        structure=structure,
        declaration=declaration,
        status=status,
        tax_year=today().year,
        principal=Decimal(principal),
        majoration=Decimal(majoration),
        issued_on=today() - timedelta(days=10),
        due_on=due_on or today() + timedelta(days=20),
    )


def pay(notice: Notice, amount: Decimal | str, *, paid_on: date | None = None, actor=None):
    return payment_record(
        notice=notice,
        amount=Decimal(amount),
        paid_on=paid_on or today(),
        reference=f"Virement {notice.number}",
        actor=actor,
    )


def affiliate(structure, *, valid_from: date | None = None, valid_until: date | None = None):
    start = valid_from or today() - timedelta(days=30)
    return Affiliation.objects.create(
        structure=structure,
        kind=Affiliation.Kind.PREMIERE,
        status="validee",
        notified_on=start,
        valid_from=start,
        valid_until=valid_until or start + timedelta(days=364),
    )


def bank_details(structure):
    from virements.models import BankAccount

    return BankAccount.objects.create(
        structure=structure,
        holder=structure.name[:70],
        iban="FR7630006000011234567890189",
        bic="AGRIFRPP",
        rib=pdf("rib.pdf"),
    )


def funded_structure(tax: Decimal | str = "2000.00", *, affiliated: bool = True, member=True):
    """A structure whose paid tax credited its account with 65 % (2 000 € → 1 300 €)."""
    if member:
        membership = MembershipFactory()
        structure = membership.structure
    else:
        structure = StructureFactory()
    if affiliated:
        affiliate(structure)
        bank_details(structure)
    pay(notice_for(structure, tax), tax)
    structure.refresh_from_db()
    return structure


def drawing_request(structure, amount: Decimal | str = "800.00", *, actor=None, token=None):
    from compte_entrepreneur import services

    return services.drawing_request(
        structure=structure,
        actor=actor,
        amount=Decimal(amount),
        use="production",
        project="Production de la tournée d'automne",
        commitment=True,
        documents=[pdf()],
        token=token or uuid.uuid4(),
    )
