"""Droit de tirage (art. 48): conditions, bad input, validation under lock, regularisation,
refusal, payment through the virements app."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cnm_portal.dates import add_business_days
from compte_entrepreneur import services
from compte_entrepreneur.models import Compte, Drawing, Entry, Generation
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import (
    drawing_request,
    funded_structure,
    notice_for,
    pay,
)
from compte_entrepreneur.workflow import DrawingStatus as D
from espace_pro.tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure(clock):
    clock.set(date(2026, 12, 1))
    return funded_structure("2000.00")  # 1 300 € on the account


def balance(structure) -> Decimal:
    return Compte.objects.get(structure=structure).balance


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_request_then_validation_debits_and_orders_the_payment(structure, instructor):
    drawing = drawing_request(structure, "800.00")
    assert drawing.status == D.DEPOSEE and drawing.documents.count() == 1
    assert balance(structure) == Decimal("1300.00")  # nothing debited before validation
    drawing = services.drawing_validate(drawing=drawing, actor=instructor)
    assert drawing.status == D.VALIDEE
    assert balance(structure) == Decimal("500.00")
    entry = Entry.objects.get(kind=Entry.Kind.DRAWING)
    assert entry.amount == Decimal("-800.00") and entry.source == f"tirage:{drawing.pk}"
    from virements.models import PaymentOrder

    order = PaymentOrder.objects.get()
    assert (order.structure, order.amount, order.source) == (structure, Decimal("800.00"), drawing)
    assert reconcile() == []


def test_paid_batch_moves_the_drawing_to_versee(structure, instructor, clock):
    from virements import services as virements
    from virements.models import PaymentOrder

    drawing = services.drawing_validate(drawing=drawing_request(structure), actor=instructor)
    batch = virements.payment_batch_create(
        orders=PaymentOrder.objects.all(),
        execution_date=add_business_days(date(2026, 12, 1), 1),
        actor=instructor,
    )
    batch = virements.payment_batch_export(batch=batch, actor=instructor)
    virements.payment_batch_mark_paid(batch=batch, paid_on=date(2026, 12, 1), actor=instructor)
    drawing.refresh_from_db()
    assert drawing.status == D.VERSEE and drawing.paid_on == date(2026, 12, 1)


def test_oldest_generation_is_consumed_first(structure, instructor, clock):
    clock.set(date(2027, 1, 5))
    pay(notice_for(structure, "1000.00"), "1000.00")  # + 650 €
    drawing = drawing_request(structure, "1500.00")
    services.drawing_validate(drawing=drawing, actor=instructor)
    old, new = Generation.objects.order_by("valid_until")
    assert (old.remaining, new.remaining) == (Decimal("0.00"), Decimal("450.00"))
    assert reconcile() == []


@pytest.mark.parametrize(
    ("tax", "ok"),
    [("1153.83", False), ("1153.84", True)],  # 749.99 € and 750.00 € on the account
)
def test_request_needs_750_euros(clock, tax, ok):
    clock.set(date(2026, 12, 1))
    structure = funded_structure(tax)
    if ok:
        assert drawing_request(structure, "750.00").status == D.DEPOSEE
    else:
        with pytest.raises(ValidationError) as error:
            drawing_request(structure, "700.00")
        assert "inférieur à 750,00" in messages(error.value)
        assert not Drawing.objects.exists()


def test_request_from_an_unaffiliated_structure_is_refused(clock):
    clock.set(date(2026, 12, 1))
    structure = funded_structure("2000.00", affiliated=False)
    with pytest.raises(ValidationError) as error:
        drawing_request(structure, "800.00")
    assert "pas affiliée" in messages(error.value)
    assert not Drawing.objects.exists()


def test_request_with_an_overdue_tax_notice_is_refused(structure):
    notice_for(structure, "50.00", due_on=date(2026, 11, 30))
    with pytest.raises(ValidationError) as error:
        drawing_request(structure, "800.00")
    assert "impayés après leur date limite" in messages(error.value)


def test_notice_due_today_is_not_overdue(structure):
    notice_for(structure, "50.00", due_on=date(2026, 12, 1))
    assert drawing_request(structure, "800.00").status == D.DEPOSEE


@pytest.mark.parametrize("amount", ["1300.01", "0.00", "-10.00"])
def test_request_above_the_balance_or_not_positive(structure, amount):
    with pytest.raises(ValidationError) as error:
        drawing_request(structure, amount)
    assert "amount" in error.value.error_dict
    assert not Drawing.objects.exists()


def test_two_requests_cannot_exceed_the_balance_together(structure):
    drawing_request(structure, "800.00")
    with pytest.raises(ValidationError) as error:
        drawing_request(structure, "600.00")
    assert "déduction faite des demandes en cours" in messages(error.value)
    assert drawing_request(structure, "500.00").status == D.DEPOSEE


def test_double_submission_creates_one_request(structure):
    token = uuid.uuid4()
    drawing_request(structure, "100.00", token=token)
    with pytest.raises(ValidationError) as error:
        drawing_request(structure, "100.00", token=token)
    assert error.value.code == "duplicate"
    assert Drawing.objects.count() == 1


def test_request_without_commitment_or_document(structure):
    with pytest.raises(ValidationError) as error:
        services.drawing_request(
            structure=structure,
            actor=None,
            amount=Decimal("800.00"),
            use="production",
            project="",
            commitment=False,
            documents=[],
            token=uuid.uuid4(),
        )
    assert set(error.value.error_dict) == {"commitment", "documents", "project"}


def test_validation_checks_again_under_lock(structure, instructor, clock):
    first = drawing_request(structure, "800.00")
    second = drawing_request(structure, "500.00")
    services.drawing_validate(drawing=first, actor=instructor)
    # 500 € left: the second drawing is within it but the balance fell under 750 €
    with pytest.raises(ValidationError) as error:
        services.drawing_validate(drawing=second, actor=instructor)
    assert "inférieur à 750,00" in messages(error.value)
    second.refresh_from_db()
    assert second.status == D.DEPOSEE and balance(structure) == Decimal("500.00")


def test_validation_refused_when_affiliation_ended(structure, instructor, clock):
    drawing = drawing_request(structure, "800.00")
    clock.set(date(2027, 12, 1))
    with pytest.raises(ValidationError) as error:
        services.drawing_validate(drawing=drawing, actor=instructor)
    assert "pas affiliée" in messages(error.value)


def test_nothing_is_drawn_from_an_expired_generation(structure, instructor, clock):
    drawing = drawing_request(structure, "800.00")
    clock.set(date(2029, 12, 2))
    with pytest.raises(ValidationError) as error:
        services.drawing_validate(drawing=drawing, actor=instructor)
    # under the lock the expired rights are cancelled before the check: the balance is 0
    assert "(0,00" in messages(error.value)
    assert not Entry.objects.filter(kind=Entry.Kind.DRAWING).exists()
    services.daily_run()
    assert balance(structure) == Decimal("0.00")
    assert reconcile() == []


def test_regularisation_then_answer_then_validation(structure, instructor, clock):
    drawing = drawing_request(structure, "800.00")
    until = date(2026, 12, 31)
    drawing = services.drawing_ask_regularisation(
        drawing=drawing, actor=instructor, message="Budget détaillé manquant", until=until
    )
    assert drawing.status == D.REGULARISATION
    with pytest.raises(ValidationError):  # the deadline has not passed
        services.drawing_refuse(drawing=drawing, actor=instructor, reasons="Pas de budget")
    drawing = services.drawing_regularise(
        drawing=drawing, actor=None, answer="Budget joint", documents=[]
    )
    assert drawing.status == D.DEPOSEE
    assert services.drawing_validate(drawing=drawing, actor=instructor).status == D.VALIDEE


@pytest.mark.parametrize(("offset", "refusable"), [(0, False), (1, True)])
def test_refusal_once_the_deadline_has_passed(structure, instructor, clock, offset, refusable):
    drawing = services.drawing_ask_regularisation(
        drawing=drawing_request(structure),
        actor=instructor,
        message="RIB illisible",
        until=date(2026, 12, 16),
    )
    clock.set(date(2026, 12, 16) + timedelta(days=offset))
    if refusable:
        drawing = services.drawing_refuse(drawing=drawing, actor=instructor, reasons="Sans réponse")
        assert drawing.status == D.REFUSEE and drawing.refusal_reasons == "Sans réponse"
        with pytest.raises(ValidationError):
            services.drawing_regularise(
                drawing=drawing, actor=None, answer="Trop tard", documents=[]
            )
    else:
        with pytest.raises(ValidationError):
            services.drawing_refuse(drawing=drawing, actor=instructor, reasons="Sans réponse")
    assert balance(structure) == Decimal("1300.00")


def test_regularisation_needs_a_message_and_a_reasonable_deadline(structure, instructor):
    drawing = drawing_request(structure)
    with pytest.raises(ValidationError) as error:
        services.drawing_ask_regularisation(
            drawing=drawing, actor=instructor, message="", until=date(2026, 12, 2)
        )
    assert set(error.value.error_dict) == {"message", "until"}


def test_refusal_needs_reasons(structure, instructor, clock):
    drawing = services.drawing_ask_regularisation(
        drawing=drawing_request(structure), actor=instructor, message="x", until=date(2026, 12, 16)
    )
    clock.set(date(2026, 12, 17))
    with pytest.raises(ValidationError):
        services.drawing_refuse(drawing=drawing, actor=instructor, reasons="  ")


def test_validation_twice_debits_once(structure, instructor):
    drawing = services.drawing_validate(drawing=drawing_request(structure), actor=instructor)
    with pytest.raises(ValidationError):
        services.drawing_validate(drawing=drawing, actor=instructor)
    assert balance(structure) == Decimal("500.00")


def test_no_account_no_request(clock):
    clock.set(date(2026, 12, 1))
    with pytest.raises(ValidationError):
        drawing_request(StructureFactory(), "800.00")


def test_cancelled_payment_order_restores_the_rights(structure, instructor, clock):
    from virements.models import PaymentOrder
    from virements.services import payment_order_cancel

    clock.set(date(2027, 1, 5))
    pay(notice_for(structure, "1000.00"), "1000.00")  # + 650 €: 1 950 €
    drawing = services.drawing_validate(
        drawing=drawing_request(structure, "1500.00"), actor=instructor
    )
    payment_order_cancel(order=PaymentOrder.objects.get(), actor=instructor, reason="IBAN refusé")
    drawing.refresh_from_db()
    assert drawing.status == D.ANNULEE
    assert balance(structure) == Decimal("1950.00")
    assert [g.remaining for g in Generation.objects.order_by("valid_until")] == [
        Decimal("1300.00"),
        Decimal("650.00"),
    ]
    assert reconcile() == []
    assert drawing_request(structure, "1000.00").status == D.DEPOSEE  # may request again


@pytest.mark.parametrize(("offset", "accepted"), [(0, True), (1, False)])
def test_answer_accepted_until_the_deadline(structure, instructor, clock, offset, accepted):
    drawing = services.drawing_ask_regularisation(
        drawing=drawing_request(structure), actor=instructor, message="x", until=date(2026, 12, 16)
    )
    clock.set(date(2026, 12, 16) + timedelta(days=offset))
    if accepted:
        answer = services.drawing_regularise(drawing=drawing, actor=None, answer="ok", documents=[])
        assert answer.status == D.DEPOSEE
    else:
        with pytest.raises(ValidationError) as error:
            services.drawing_regularise(drawing=drawing, actor=None, answer="ok", documents=[])
        assert "délai de régularisation est dépassé" in messages(error.value)
