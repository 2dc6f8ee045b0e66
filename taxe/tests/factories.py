"""Declarations built through the services, so that statuses and histories are the real ones.

``DeclarationFactory`` gives a draft (``brouillon``) with its creation row in the history;
``submitted_declaration`` adds representations and deposits it (status ``deposee``).
Representation dates must be valid for ``cnm_portal.dates.today()``: tests that move time use
a clock fixture before building declarations.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import factory

from accounts.models import User
from espace_pro.models import Structure
from espace_pro.tests.factories import StructureFactory
from taxe import services
from taxe.choices import Category
from taxe.models import Declaration, Notice, Representation
from taxe.workflow import NoticeStatus, notice_flow


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A draft declaration of a new structure, created by ``services.declaration_create``."""

    class Meta:
        model = Declaration

    structure = factory.SubFactory(StructureFactory)
    spectacle = factory.Sequence(lambda n: f"Tournée des Zéniths {n}")
    created_by = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.declaration_create(
            structure=kwargs["structure"],
            actor=kwargs.get("created_by"),
            spectacle=kwargs["spectacle"],
        )


def add_representation(
    declaration: Declaration,
    base: Decimal | str,
    *,
    day: date,
    category: str = Category.CONCERTS,
    educational: bool = False,
    astp_theatre: bool = False,
    actor: User | None = None,
) -> Representation:
    return services.representation_add(
        declaration=declaration,
        actor=actor,
        data=services.RepresentationData(
            date=day,
            venue="Le Trianon",
            city="Paris",
            category=category,
            astp_theatre=astp_theatre,
            educational=educational,
            base_ht=Decimal(base),
        ),
    )


def submitted_declaration(
    structure: Structure | None = None,
    *,
    bases: Sequence[Decimal | str] = (Decimal("1000.00"),),
    day: date,
    category: str = Category.CONCERTS,
    educational: bool = False,
    astp_theatre: bool = False,
    actor: User | None = None,
) -> Declaration:
    """A deposited declaration (``deposee``) with one representation per base, all on ``day``."""
    declaration = DeclarationFactory(
        structure=structure if structure is not None else StructureFactory(), created_by=actor
    )
    for base in bases:
        add_representation(
            declaration,
            base,
            day=day,
            category=category,
            educational=educational,
            astp_theatre=astp_theatre,
            actor=actor,
        )
    return services.declaration_submit(declaration=declaration, actor=actor)


def issued_notice(
    declaration: Declaration,
    *,
    principal: Decimal | str,
    issued_on: date,
    due_on: date,
) -> Notice:
    """A payable notice written directly (not through ``liquidation_run``), with its creation
    row in the history: for tests of payments, reminders and titres in isolation."""
    notice = Notice.objects.create(
        number=services.notice_number(str(declaration.pk)),
        structure_id=declaration.structure_id,
        declaration=declaration,
        status=NoticeStatus.A_PAYER,
        tax_year=declaration.tax_year or issued_on.year,
        principal=Decimal(principal),
        issued_on=issued_on,
        due_on=due_on,
    )
    return notice_flow.start(notice, actor=None, comment="Avis émis (test)")


def held_notice(declaration: Declaration, *, principal: Decimal | str, tax_year: int) -> Notice:
    """A notice held below the yearly threshold (``retenu``, no dates), written directly, with
    its creation row (``retenu`` is one of ``notice_flow.other_initials``)."""
    notice = Notice.objects.create(
        number=services.notice_number(str(declaration.pk)),
        structure_id=declaration.structure_id,
        declaration=declaration,
        status=NoticeStatus.RETENU,
        tax_year=tax_year,
        principal=Decimal(principal),
    )
    return notice_flow.start(notice, actor=None, comment="Avis retenu (test)")
