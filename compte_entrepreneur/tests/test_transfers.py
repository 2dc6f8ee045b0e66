"""Transfers of activity and location-gérance (art. 47)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from compte_entrepreneur import services
from compte_entrepreneur.models import Compte, Entry, Generation, Transfer
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import notice_for, pay, pdf
from compte_entrepreneur.workflow import TransferStatus as T
from espace_pro.tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(clock):
    clock.set(date(2026, 6, 1))
    structure = StructureFactory()
    pay(notice_for(structure, "1000.00"), "1000.00")  # 650 € until 1 June 2029
    clock.set(date(2026, 12, 1))
    return structure


def balance(structure) -> Decimal:
    compte = Compte.objects.filter(structure=structure).first()
    return compte.balance if compte else None


def record(seller, buyer, **overrides):
    data = {
        "kind": Transfer.Kind.CESSION_FONDS,
        "from_structure": seller,
        "to_structure": buyer,
        "effective_on": date(2026, 11, 1),
        "certain_on": date(2026, 10, 15),
        "mentions_rights": True,
        "notified_on": date(2026, 11, 20),
        "justified": True,
        "deed": pdf("acte.pdf"),
        "actor": None,
    }
    data.update(overrides)
    return services.transfer_record(**data)


def test_transfer_moves_the_balance_and_generations_to_a_new_account(seller):
    buyer = StructureFactory()
    transfer = record(seller, buyer)
    assert transfer.status == T.EXECUTE and transfer.amount == Decimal("650.00")
    assert balance(seller) == 0 and balance(buyer) == Decimal("650.00")
    moved = Generation.objects.get(compte__structure=buyer)
    assert moved.valid_until == date(2029, 6, 1) and moved.origin.compte.structure == seller
    assert Entry.objects.get(kind=Entry.Kind.TRANSFER_IN).effective_on == date(2026, 11, 1)
    assert reconcile() == []


@pytest.mark.parametrize(
    ("notified", "ok"),
    [(date(2026, 11, 15), True), (date(2026, 11, 16), False)],  # date certaine 15 May
)
def test_deed_notified_within_six_months(seller, notified, ok):
    buyer = StructureFactory()
    kwargs = {"certain_on": date(2026, 5, 15), "notified_on": notified}
    if ok:
        assert record(seller, buyer, **kwargs).status == T.EXECUTE
    else:
        with pytest.raises(ValidationError) as error:
            record(seller, buyer, **kwargs)
        assert "six mois" in " ".join(error.value.message_dict["notified_on"])
        assert not Transfer.objects.exists() and balance(seller) == Decimal("650.00")


def test_deed_without_mention_of_the_rights_or_date_certaine(seller):
    with pytest.raises(ValidationError) as error:
        record(seller, StructureFactory(), mentions_rights=False, certain_on=None, deed=None)
    assert {"mentions_rights", "certain_on", "deed"} <= set(error.value.message_dict)


def test_transfer_to_itself_is_refused(seller):
    with pytest.raises(ValidationError):
        record(seller, seller)


def test_future_transfer_waits_for_its_date(seller, clock):
    buyer = StructureFactory()
    transfer = record(seller, buyer, effective_on=date(2027, 1, 1))
    assert transfer.status == T.PREVU and balance(seller) == Decimal("650.00")
    with pytest.raises(ValidationError):
        services.transfer_execute(transfer=transfer, actor=None)
    clock.set(date(2027, 1, 1))
    assert services.daily_run()["transfers"] == 1
    assert services.daily_run()["transfers"] == 0
    assert balance(buyer) == Decimal("650.00")
    assert reconcile() == []


def test_transfer_to_an_existing_account_adds_up(seller):
    buyer = StructureFactory()
    pay(notice_for(buyer, "100.00"), "100.00")
    record(seller, buyer)
    assert balance(buyer) == Decimal("715.00")
    assert reconcile() == []


def test_location_gerance_moves_at_start_and_back_at_end(seller, clock):
    manager = StructureFactory()
    gerance = services.location_gerance_record(
        owner=seller,
        manager=manager,
        start_on=date(2026, 12, 1),
        end_on=None,
        authorisation="Arrêté du 3 novembre 2026",
        contract=pdf("contrat.pdf"),
        actor=None,
    )
    assert balance(manager) == Decimal("650.00") and balance(seller) == 0
    clock.set(date(2027, 2, 1))
    pay(notice_for(manager, "200.00"), "200.00")  # the manager's own credits: +130 €
    services.location_gerance_end(gerance=gerance, end_on=date(2027, 3, 1), actor=None)
    with pytest.raises(ValidationError):
        services.location_gerance_end(gerance=gerance, end_on=date(2027, 4, 1), actor=None)
    assert balance(manager) == Decimal("780.00")  # the end is in the future
    clock.set(date(2027, 3, 1))
    services.daily_run()
    assert balance(manager) == 0 and balance(seller) == Decimal("780.00")
    assert reconcile() == []


def test_location_gerance_needs_authorisation_contract_and_consistent_dates(seller):
    with pytest.raises(ValidationError) as error:
        services.location_gerance_record(
            owner=seller,
            manager=StructureFactory(),
            start_on=date(2026, 12, 1),
            end_on=date(2026, 12, 1),
            authorisation="",
            contract=None,
            actor=None,
        )
    assert {"end_on", "authorisation", "contract"} <= set(error.value.message_dict)


def test_cancel_a_planned_transfer(seller):
    transfer = record(seller, StructureFactory(), effective_on=date(2027, 1, 1))
    with pytest.raises(ValidationError):
        services.transfer_cancel(transfer=transfer, actor=None, reason="")
    transfer = services.transfer_cancel(transfer=transfer, actor=None, reason="Acte annulé")
    assert transfer.status == T.ANNULE


def test_empty_account_transfer_executes_without_entries(clock):
    clock.set(date(2026, 12, 1))
    transfer = record(StructureFactory(), StructureFactory())
    assert transfer.status == T.EXECUTE and transfer.amount == 0
    assert not Entry.objects.exists()
