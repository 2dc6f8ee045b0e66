"""Payment orders, bank details and lots through the services (the API other apps call)."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cnm_portal import dates
from cnm_portal.models import StatusChange
from espace_pro.tests.factories import StructureFactory
from virements import exports, hooks, selectors, services
from virements.models import BankAccount, PaymentOrder
from virements.tests import factories as f
from virements.workflow import BatchStatus as B
from virements.workflow import OrderStatus as O

pytestmark = pytest.mark.django_db
NS = {"p": exports.NAMESPACE}


# --- bank details ---------------------------------------------------------------------------


def test_bank_account_set_normalises_and_derives_the_bic():
    structure = StructureFactory()
    account = services.bank_account_set(
        structure=structure,
        holder="  Opéra   Demo ",
        iban="fr76 3000 6000 0112 3456 7890 189",
        bic="",
        rib=f.rib_file(),
        actor=None,
    )
    assert (account.holder, account.iban, account.bic) == (
        "Opéra Demo",
        "FR7630006000011234567890189",
        "AGRIFRPPXXX",
    )
    assert account.rib.name.startswith("private/virements/rib/")
    assert selectors.current_bank_account(structure=structure) == account


def test_a_new_account_replaces_the_current_one_and_keeps_it():
    structure = StructureFactory()
    first = f.bank_account(structure)
    second = f.bank_account(structure, iban=f.OTHER_IBAN)
    first.refresh_from_db()
    assert first.replaced_at is not None and second.replaced_at is None
    assert selectors.current_bank_account(structure=structure) == second
    assert BankAccount.objects.filter(structure=structure).count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("iban", {"iban": "FR7630006000011234567890188"}),
        ("bic", {"bic": "ZZZZFRPP"}),
        ("holder", {"holder": "   "}),
        ("rib", {"rib": SimpleUploadedFile("rib.pdf", b"MZ\x90\x00 not a pdf")}),
        ("rib", {"rib": None}),
    ],
)
def test_bad_bank_details_change_nothing(field, kwargs):
    structure = StructureFactory()
    previous = f.bank_account(structure)
    data = {"holder": "Opéra", "iban": f.OTHER_IBAN, "bic": "", "rib": f.rib_file(), **kwargs}
    with pytest.raises(ValidationError) as error:
        services.bank_account_set(structure=structure, actor=None, **data)
    assert field in error.value.error_dict
    assert selectors.current_bank_account(structure=structure) == previous
    assert BankAccount.objects.filter(structure=structure).count() == 1


def test_the_same_details_sent_twice_are_one_account(clock):
    structure = StructureFactory()
    first = f.bank_account(structure)
    assert f.bank_account(structure) == first  # double submission
    assert BankAccount.objects.filter(structure=structure).count() == 1
    clock.advance(1)  # the next day it is a deliberate new entry (a new RIB document)
    second = f.bank_account(structure)
    assert second != first and BankAccount.objects.filter(structure=structure).count() == 2


def test_members_are_told_when_bank_details_change(oncommit, mailoutbox):
    structure = StructureFactory()
    member = f.member_of(structure)
    with oncommit():
        f.bank_account(structure)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "0189" in mailoutbox[0].body and "1234567890189" not in mailoutbox[0].body


# --- payment orders ---------------------------------------------------------------------------


def test_order_creation_is_idempotent_per_source():
    structure = StructureFactory()
    source = f.make_source()
    first = f.order(structure, "1500.00", source=source)
    again = f.order(structure, "1500.00", source=source)
    assert again.pk == first.pk
    assert PaymentOrder.objects.count() == 1
    assert first.status == O.A_PAYER and first.source == source
    assert StatusChange.objects.filter(workflow="ordre_virement").count() == 1


def test_order_for_source():
    source = f.make_source()
    assert selectors.order_for_source(source=source) is None
    order = f.order(source=source)
    assert selectors.order_for_source(source=source) == order


def test_same_source_with_another_amount_is_refused():
    structure = StructureFactory()
    source = f.make_source()
    f.order(structure, "1500.00", source=source)
    with pytest.raises(ValidationError, match="seconde fois"):
        f.order(structure, "1500.01", source=source)
    with pytest.raises(ValidationError):
        f.order(StructureFactory(), "1500.00", source=source)  # another beneficiary
    assert PaymentOrder.objects.count() == 1


@pytest.mark.parametrize("amount", ["0.00", "-10.00", "10.005"])
def test_order_amount_must_be_positive_cents(amount):
    with pytest.raises(ValidationError):
        f.order(amount=amount)
    assert PaymentOrder.objects.count() == 0


def test_order_label_is_cleaned_to_the_sepa_charset():
    order = f.order(label="Aide n° 2026-0012 — solde")
    assert order.label == "Aide no 2026-0012 - solde"
    with pytest.raises(ValidationError):
        f.order(label="x" * 141)


def test_cancel_an_order_runs_the_cancelled_hooks():
    calls = []
    hooks.register_cancelled_hook("cnm_portal.AuditEntry", lambda **kw: calls.append(kw))
    order = f.order()
    with pytest.raises(ValidationError):
        services.payment_order_cancel(order=order, actor=None, reason=" ")
    order = services.payment_order_cancel(order=order, actor=None, reason="Aide retirée")
    assert order.status == O.ANNULE and order.cancel_reason == "Aide retirée"
    assert [c["order"].pk for c in calls] == [order.pk]


def test_an_order_in_a_lot_cannot_be_cancelled():
    order = f.order()
    f.batch(order)
    order.refresh_from_db()
    with pytest.raises(ValidationError):
        services.payment_order_cancel(order=order, actor=None, reason="trop tard")
    order.refresh_from_db()
    assert order.status == O.EN_LOT


# --- lots ------------------------------------------------------------------------------------


def test_batch_copies_the_bank_details_and_totals():
    one, two = f.order(amount="1000.10"), f.order(amount="0.01")
    batch = f.batch(one, two)
    assert batch.reference == f"VIR-{dates.today().year}-0001"
    assert (batch.total, batch.count, batch.status) == (Decimal("1000.11"), 2, B.BROUILLON)
    one.refresh_from_db()
    assert (one.status, one.batch, one.iban, one.holder) == (
        O.EN_LOT,
        batch,
        f.VALID_IBAN,
        one.structure.name,
    )
    # a later change of bank details does not alter what the lot pays to
    f.bank_account(one.structure, iban=f.OTHER_IBAN)
    one.refresh_from_db()
    assert one.iban == f.VALID_IBAN
    assert f.batch(f.order()).reference == f"VIR-{dates.today().year}-0002"


def test_batch_refuses_orders_without_bank_account_naming_them():
    good = f.order()
    bad = f.order(with_account=False)
    with pytest.raises(ValidationError) as error:
        f.batch(good, bad)
    text = " ".join(error.value.messages)
    assert f"n° {bad.pk}" in text and "coordonnées bancaires" in text
    assert f"n° {good.pk}" not in text
    good.refresh_from_db()
    assert good.status == O.A_PAYER and good.batch is None


def test_batch_refuses_orders_not_to_pay():
    order = f.order()
    f.batch(order)
    with pytest.raises(ValidationError, match=f"n° {order.pk}"):
        f.batch(order)
    cancelled = services.payment_order_cancel(order=f.order(), actor=None, reason="retirée")
    with pytest.raises(ValidationError, match=f"n° {cancelled.pk}"):
        f.batch(cancelled)


@pytest.mark.parametrize("offset", [-1, 4])  # yesterday; Saturday 5 December 2026
def test_batch_execution_date_must_be_a_future_business_day(offset, clock):
    from datetime import date, timedelta

    clock.set(date(2026, 12, 1))
    order = f.order()
    with pytest.raises(ValidationError) as error:
        services.payment_batch_create(
            orders=[order], execution_date=date(2026, 12, 1) + timedelta(days=offset), actor=None
        )
    assert "execution_date" in error.value.error_dict


def test_sepa_file_validates_and_its_control_sum_equals_the_orders():
    orders = [f.order(amount=a) for a in ("1234.56", "0.01", "99999.99", "0.10")]
    german = f.order(f.bank_account(iban=f.GERMAN_IBAN).structure, "10.00")
    batch = f.exported_batch(*orders, german)
    assert batch.status == B.EXPORTE and batch.exported_at
    content = batch.sepa_file.open("rb").read()
    schema = xmlschema.XMLSchema(exports.SEPA_SCHEMA_PATH)
    schema.validate(content.decode())
    root = ET.fromstring(content)  # noqa: S314
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:MsgId", NS).text == batch.reference
    assert Decimal(header.find("p:CtrlSum", NS).text) == Decimal("101244.66") == batch.total
    assert header.find("p:NbOfTxs", NS).text == "5"
    amounts = [Decimal(a.text) for a in root.iterfind(".//p:InstdAmt", NS)]
    assert sorted(amounts) == sorted(o.amount for o in [*orders, german])
    ibans = {i.text for i in root.iterfind(".//p:CdtrAcct/p:Id/p:IBAN", NS)}
    assert ibans == {f.VALID_IBAN, f.GERMAN_IBAN}
    debtor = root.find(".//p:DbtrAcct/p:Id/p:IBAN", NS).text
    assert debtor == "FR7630001000640000004012348"
    assert root.find(".//p:ReqdExctnDt", NS).text == batch.execution_date.isoformat()
    csv_text = batch.csv_file.open("rb").read().decode("utf-8-sig")
    assert csv_text.splitlines()[-1].endswith("101244,66")
    assert len(csv_text.splitlines()) == 7  # header, 5 orders, total


def test_export_twice_is_refused():
    batch = f.exported_batch()
    with pytest.raises(ValidationError):
        services.payment_batch_export(batch=batch, actor=None)


def test_mark_paid_pays_every_order_and_runs_hooks_once_per_order(oncommit, mailoutbox):
    calls = []
    hooks.register_paid_hook("cnm_portal.auditentry", lambda **kw: calls.append(kw["order"].pk))
    structure = StructureFactory()
    f.member_of(structure)
    orders = [f.order(structure, "100.00"), f.order(structure, "200.00"), f.order()]
    batch = f.exported_batch(*orders)
    with oncommit():
        batch = services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
    assert batch.status == B.PAYE and batch.paid_on == dates.today()
    assert sorted(calls) == sorted(o.pk for o in orders)
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {O.PAYE}
    assert PaymentOrder.objects.filter(paid_on=dates.today()).count() == 3
    assert StatusChange.objects.filter(workflow="ordre_virement", to_status=O.PAYE).count() == 3
    # one e-mail per structure with members, listing its two orders
    assert len(mailoutbox) == 1 and "100,00" in mailoutbox[0].body
    with pytest.raises(ValidationError, match="déjà été marqué payé"):
        services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
    assert len(calls) == 3
    assert StatusChange.objects.filter(workflow="lot_virements", to_status=B.PAYE).count() == 1


def test_a_failing_hook_records_nothing():
    def broken(**kwargs):
        raise ValidationError("la source refuse")

    hooks.register_paid_hook("cnm_portal.auditentry", broken)
    batch = f.exported_batch(f.order())
    with pytest.raises(ValidationError):
        services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
    batch.refresh_from_db()
    assert batch.status == B.EXPORTE and batch.paid_on is None
    assert not PaymentOrder.objects.filter(status=O.PAYE).exists()


def test_hooks_only_for_their_model():
    calls = []
    hooks.register_paid_hook("aides.versement", lambda **kw: calls.append(kw))
    f.paid_batch(f.order())
    assert calls == []


def test_mark_paid_refuses_a_draft_and_bad_dates():
    from datetime import timedelta

    batch = f.batch(f.order())
    with pytest.raises(ValidationError):
        services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
    batch = services.payment_batch_export(batch=batch, actor=None)
    for day in (dates.today() + timedelta(days=1), dates.today() - timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.payment_batch_mark_paid(batch=batch, paid_on=day, actor=None)
        assert "paid_on" in error.value.error_dict
    batch.refresh_from_db()
    assert batch.status == B.EXPORTE


@pytest.mark.parametrize("export", [False, True])
def test_cancel_a_batch_puts_its_orders_back(export):
    order = f.order()
    batch = f.exported_batch(order) if export else f.batch(order)
    with pytest.raises(ValidationError):
        services.payment_batch_cancel(batch=batch, actor=None, reason="")
    batch = services.payment_batch_cancel(batch=batch, actor=None, reason="Rejet de la banque")
    order.refresh_from_db()
    assert batch.status == B.ANNULE and batch.cancel_reason == "Rejet de la banque"
    assert (order.status, order.batch, order.iban) == (O.A_PAYER, None, "")
    # the order can go into a new lot, with the bank details current then
    f.bank_account(order.structure, iban=f.OTHER_IBAN)
    f.batch(order)
    order.refresh_from_db()
    assert order.iban == f.OTHER_IBAN


def test_a_paid_batch_cannot_be_cancelled():
    batch = f.paid_batch(f.order())
    with pytest.raises(ValidationError):
        services.payment_batch_cancel(batch=batch, actor=None, reason="erreur")
    assert PaymentOrder.objects.get().status == O.PAYE


def test_references_follow_numerically_past_9999():
    from virements.models import PaymentBatch

    year = dates.today().year
    PaymentBatch.objects.create(
        reference=f"VIR-{year}-9999", execution_date=dates.today(), total=0, count=0
    )
    assert f.batch(f.order()).reference == f"VIR-{year}-10000"
    assert f.batch(f.order()).reference == f"VIR-{year}-10001"


@pytest.mark.parametrize(
    "debtor",
    [
        {"VIREMENTS_DEBTOR_IBAN": "FR7630001000640000004012349"},  # wrong checksum
        {"VIREMENTS_DEBTOR_BIC": "NOPE"},
    ],
)
def test_export_with_a_bad_debtor_account_produces_nothing(settings, debtor):
    for name, value in debtor.items():
        setattr(settings, name, value)
    batch = f.batch(f.order())
    with pytest.raises(ValidationError, match="compte du CNM"):
        services.payment_batch_export(batch=batch, actor=None)
    batch.refresh_from_db()
    assert batch.status == B.BROUILLON and not batch.sepa_file and not batch.csv_file


def test_export_refuses_a_file_that_does_not_validate(monkeypatch):
    """A value the schema refuses (here a 36-character end-to-end id) stops the export."""
    monkeypatch.setattr(exports, "end_to_end_id", lambda batch, order: "X" * 36)
    batch = f.batch(f.order())
    with pytest.raises(ValidationError, match="schéma"):
        services.payment_batch_export(batch=batch, actor=None)
    batch.refresh_from_db()
    assert batch.status == B.BROUILLON and not batch.sepa_file
