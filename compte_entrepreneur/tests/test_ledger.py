"""Append-only ledger, daily expiry and warnings (art. 48), reconcile_comptes."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from compte_entrepreneur import services
from compte_entrepreneur.models import (
    AppendOnlyError,
    Compte,
    Entry,
    Generation,
    GenerationMovement,
)
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import notice_for, pay
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credited(clock):
    clock.set(date(2026, 12, 1))
    membership = MembershipFactory()
    pay(notice_for(membership.structure, "2000.00"), "2000.00")  # 1 300 € until 1 Dec 2029
    return membership.structure


def test_entries_are_never_edited_nor_deleted(credited):
    entry = Entry.objects.get()
    entry.amount = Decimal("1.00")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        GenerationMovement.objects.all().delete()
    assert Entry.objects.get().amount == Decimal("1300.00")


@pytest.mark.parametrize(
    ("day", "balance"),
    [
        (date(2029, 11, 30), Decimal("1300.00")),  # the day before the last day
        (date(2029, 12, 1), Decimal("1300.00")),  # the last day: still usable
        (date(2029, 12, 2), Decimal("0.00")),  # the day after: cancelled
    ],
)
def test_expiry_three_years_after_notification(credited, clock, day, balance):
    clock.set(day)
    services.generations_expire(on=day)
    assert Compte.objects.get(structure=credited).balance == balance
    assert reconcile() == []


def test_expiry_on_29_february(clock):
    clock.set(date(2028, 2, 29))
    structure = StructureFactory()
    pay(notice_for(structure, "100.00"), "100.00")
    generation = Generation.objects.get()
    assert generation.valid_until == date(2031, 2, 28)
    assert services.generations_expire(on=date(2031, 2, 28)) == 0
    assert services.generations_expire(on=date(2031, 3, 1)) == 1
    generation.refresh_from_db()
    assert generation.remaining == 0 and generation.expired_on == date(2031, 3, 1)


def test_expiry_job_twice_changes_nothing_the_second_time(credited, clock):
    clock.set(date(2030, 1, 1))
    assert services.daily_run()["expired"] == 1
    assert services.daily_run()["expired"] == 0
    entries = Entry.objects.filter(kind=Entry.Kind.EXPIRY)
    assert entries.count() == 1 and entries.get().amount == Decimal("-1300.00")
    assert Compte.objects.get(structure=credited).balance == 0
    assert reconcile() == []


def test_expiry_cancels_only_what_is_left(credited, clock):
    compte = Compte.objects.get(structure=credited)
    clock.set(date(2027, 6, 1))
    pay(notice_for(credited, "200.00"), "200.00")  # 130 € until 1 June 2030
    clock.set(date(2029, 12, 2))
    services.generations_expire()
    compte.refresh_from_db()
    assert compte.balance == Decimal("130.00")
    assert reconcile() == []


def test_warning_90_days_before_expiry_once(credited, clock, oncommit):
    clock.set(date(2029, 9, 1))  # 91 days before the last day
    with oncommit():
        assert services.expiry_warnings_send() == 0
    clock.set(date(2029, 9, 2))
    with oncommit():
        assert services.expiry_warnings_send() == 1
        assert services.expiry_warnings_send() == 0
    warnings = [m for m in mail.outbox if "arrivent à péremption" in m.subject]
    assert len(warnings) == 1 and "1 300,00" in re.sub(r"[\u00a0\u202f]", " ", warnings[0].body)


def test_reconcile_command_reports_a_difference_and_exits_1(credited, capsys):
    call_command("reconcile_comptes")
    assert "Aucun écart" in capsys.readouterr().out
    Compte.objects.filter(structure=credited).update(balance=Decimal("1299.99"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("reconcile_comptes")
    assert exit_info.value.code == 1
    assert "somme des écritures 1" in capsys.readouterr().out


def test_reconcile_finds_a_payment_without_credit(credited, monkeypatch):
    from taxe import hooks as tax_hooks

    monkeypatch.setattr(tax_hooks, "_payment_hooks", [])  # a payment the hook never saw
    pay(notice_for(credited, "100.00"), "100.00")
    differences = [re.sub(r"[\u00a0\u202f]", " ", line) for line in reconcile()]
    assert len(differences) == 2
    assert "100,00 € payés dont 0,00 € répartis" in differences[0]
    assert "taxe retenue 0,00 € au lieu de 100,00 €" in differences[1]


def test_balance_never_negative_in_database(credited):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Compte.objects.filter(structure=credited).update(balance=Decimal("-0.01"))


def test_expiry_in_chunks(clock):
    clock.set(date(2026, 1, 1))
    structures = [StructureFactory() for _ in range(5)]
    for structure in structures:
        pay(notice_for(structure, "10.00"), "10.00")
    from compte_entrepreneur.services import ledger

    ledger.EXPIRY_CHUNK, saved = 2, ledger.EXPIRY_CHUNK
    try:
        assert services.generations_expire(on=date(2029, 1, 2)) == 5
    finally:
        ledger.EXPIRY_CHUNK = saved
    assert set(Compte.objects.values_list("balance", flat=True)) == {Decimal("0.00")}
    assert reconcile() == []


def test_old_payment_date_still_notified_today(clock):
    clock.set(date(2026, 12, 1))
    structure = StructureFactory()
    pay(notice_for(structure, "10.00"), "10.00", paid_on=date(2026, 11, 20))
    generation = Generation.objects.get()
    assert generation.notified_on == date(2026, 12, 1)
    assert Entry.objects.get().effective_on == date(2026, 11, 20)
    assert generation.valid_until == date(2029, 12, 1)


def test_daily_task_runs_the_job(credited, clock):
    from compte_entrepreneur.tasks import daily

    clock.set(date(2029, 12, 2))
    assert daily() == {"transfers": 0, "expired": 1, "warned": 0}


def test_unpaid_notice_statuses_exist_in_the_tax_app():
    from compte_entrepreneur.selectors import UNPAID_NOTICE_STATUSES
    from taxe.models import Notice

    assert set(UNPAID_NOTICE_STATUSES) <= {
        value for value, _label in Notice._meta.get_field("status").choices
    }


def test_warnings_in_chunks_one_email_per_account(clock, oncommit, monkeypatch):
    from compte_entrepreneur.services import notifications

    clock.set(date(2026, 1, 1))
    structures = [StructureFactory() for _ in range(5)]
    for structure in structures:
        MembershipFactory(structure=structure, role="Gérante")
        pay(notice_for(structure, "10.00"), "10.00")
    monkeypatch.setattr(notifications, "WARNING_CHUNK", 2)
    mail.outbox.clear()
    clock.set(date(2028, 12, 1))  # within 90 days of 31 December 2028
    with oncommit():
        assert services.expiry_warnings_send() == 5
        assert services.expiry_warnings_send() == 0
    warnings = [m for m in mail.outbox if "arrivent à péremption" in m.subject]
    assert len(warnings) == 5
    assert len({tuple(m.to) for m in warnings}) == 5
