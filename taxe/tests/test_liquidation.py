"""Liquidation of the variety-show tax and what follows it: avis des sommes à payer, the yearly
80 € threshold, history, PDFs and e-mails after commit, payments and bank statements, reminders
and titres exécutoires (loi 2003-1312 art. 76 V-VII).

Database tests, to run on SQLite and on PostgreSQL::

    .venv/bin/pytest taxe/tests/test_liquidation.py -q
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnm_portal .venv/bin/pytest taxe/tests/test_liquidation.py -q

Regression tests for bugs found while writing them (all fixed in ``taxe/services.py`` since):
the history rows of a batch bound a model instance as a SQL parameter; the set-based INSERT of
notices missed NOT NULL columns; on SQLite the 80 € threshold was compared as text, then summed
in floating point (``test_yearly_total_is_summed_exactly``); the 10 % majoration read the
caller's stale copy of the notice (``test_reminder_majoration_reads_the_payments_recorded_meanwhile``).
"""

import copy
import datetime as dt
import re
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from cnm_portal.audit import actor_label
from cnm_portal.models import OutboxMessage, StatusChange
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from taxe import rules, services
from taxe.choices import Category
from taxe.models import Declaration, Notice, Payment
from taxe.tests.factories import (
    DeclarationFactory,
    add_representation,
    held_notice,
    issued_notice,
    submitted_declaration,
)
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N

pytestmark = pytest.mark.django_db

# --- fixtures ----------------------------------------------------------------------------------

# templates/taxe/email and templates/taxe/pdf are being written in parallel: the real templates
# win (filesystem and app loaders come first), these stand-ins are only used when one is missing.
_PDF_STUB = (
    '{% extends "cnm_portal/pdf/base.html" %}{% block content %}'
    "<h1>{{ notice.number }}</h1><p>{{ notice.principal }} {{ notice.due_on }}</p>"
    "{% endblock content %}"
)
_EMAIL_STUB = "{{ notice.number }}{{ declaration.pk }}"
STUB_TEMPLATES = {
    **{
        f"taxe/email/{name}_{part}.txt": _EMAIL_STUB
        for name in (
            "declaration_received",
            "share_to_sign",
            "paid",
            "notice_issued",
            "reminder",
            "titre",
        )
        for part in ("subject", "message")
    },
    **{f"taxe/pdf/{name}.html": _PDF_STUB for name in ("notice", "reminder", "titre")},
}


@pytest.fixture(autouse=True)
def taxe_templates(settings):
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
        ("django.template.loaders.locmem.Loader", STUB_TEMPLATES),
    ]
    settings.TEMPLATES = templates


class Clock:
    """Moves "now" (and so ``cnm_portal.dates.today()``) without sleeping."""

    def __init__(self):
        self.now = timezone.now()
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)

    def set(self, day: date) -> None:
        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock():
    c = Clock()
    c._patch.start()
    yield c
    c._patch.stop()


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    """Run after-commit callbacks (outbox → PDFs, e-mails) inside the test transaction."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


# --- helpers -----------------------------------------------------------------------------------

JAN_31 = date(2026, 1, 31)
SHOW_DAY = date(2026, 1, 10)


def history(obj) -> list[tuple[str, str]]:
    rows = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")
    return [(row.from_status, row.to_status) for row in rows]


def notice_of(declaration: Declaration) -> Notice:
    return Notice.objects.get(declaration=declaration)


def attachments_named(mailbox, filename: str) -> list:
    return [message for message in mailbox if any(a[0] == filename for a in message.attachments)]


def bank_csv(*lines: str) -> bytes:
    return "\n".join(["date;montant;libelle;identifiant", *lines]).encode("utf-8-sig")


# --- tax in SQL (art. 76 V) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bases", "tax"),
    [
        (["1000.15"], "35.01"),  # 35.00525
        (["1000.14"], "35.00"),  # 35.0049
        (["101.00"], "3.54"),  # 3.535
        (["15.00"], "0.53"),  # 0.525
        (["1234567.89"], "43209.88"),  # 43209.87615
        (["500.07", "500.08"], "35.01"),  # rounded once, on the declaration's total base
    ],
)
def test_tax_is_3_5_percent_half_up_to_the_cent(clock, bases, tax):
    clock.set(JAN_31)
    declaration = submitted_declaration(bases=bases, day=SHOW_DAY)

    services.liquidation_run()

    declaration.refresh_from_db()
    assert declaration.status == D.LIQUIDEE
    assert declaration.tax_due == Decimal(tax) == rules.tax_due(declaration.taxable_base)
    assert notice_of(declaration).principal == Decimal(tax)


# --- notices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("liquidated_on", "due_on"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2027, 12, 15), date(2028, 1, 31)),
        (date(2028, 1, 31), date(2028, 2, 29)),
    ],
)
def test_one_notice_per_declaration_due_at_the_end_of_the_following_month(
    clock, liquidated_on, due_on
):
    clock.set(liquidated_on)
    structure = StructureFactory()
    first = submitted_declaration(
        structure, bases=["5000.00"], day=liquidated_on - dt.timedelta(days=20)
    )
    second = submitted_declaration(
        structure, bases=["3000.00"], day=liquidated_on - dt.timedelta(days=10)
    )

    batch = services.liquidation_run()

    assert (
        batch.declarations,
        batch.notices_issued,
        batch.notices_held,
        batch.notices_released,
    ) == (2, 2, 0, 0)
    assert Notice.objects.count() == 2
    for declaration, principal in ((first, "175.00"), (second, "105.00")):
        declaration.refresh_from_db()
        assert declaration.batch == batch
        assert declaration.liquidated_at == clock.now
        notice = notice_of(declaration)
        # sequence and 48 random bits (the number doubles as an activation code)
        assert re.fullmatch(rf"AV-{declaration.pk}-[0-9A-F]{{12}}", notice.number)
        assert notice.structure == structure
        assert notice.batch == batch
        assert notice.status == N.A_PAYER
        assert notice.tax_year == declaration.tax_year
        assert notice.principal == Decimal(principal)
        assert (notice.majoration, notice.paid) == (Decimal("0.00"), Decimal("0.00"))
        assert notice.issued_on == liquidated_on
        assert notice.due_on == due_on == rules.payment_deadline(liquidated_on)


@pytest.mark.parametrize(
    "representation",
    [
        {"category": Category.TRADITIONNELLE},
        {"educational": True},
        {"category": Category.HUMOUR, "astp_theatre": True},
    ],
    ids=["traditionnelle", "educative", "astp"],
)
def test_declaration_without_taxable_representation_is_non_taxable(clock, representation):
    clock.set(JAN_31)
    declaration = submitted_declaration(bases=["5000.00"], day=SHOW_DAY, **representation)
    assert declaration.taxable_base == 0

    batch = services.liquidation_run()

    declaration.refresh_from_db()
    assert declaration.status == D.NON_TAXABLE
    assert declaration.tax_due == Decimal("0.00")
    assert declaration.batch == batch
    assert declaration.liquidated_at == clock.now
    assert not Notice.objects.exists()
    assert history(declaration) == [
        ("", D.BROUILLON),
        (D.BROUILLON, D.DEPOSEE),
        (D.DEPOSEE, D.NON_TAXABLE),
    ]
    assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (0, 0, 0)
    assert not OutboxMessage.objects.filter(kind=services.NOTICES_KIND).exists()


def test_only_taxable_representations_make_the_base(clock):
    clock.set(JAN_31)
    declaration = DeclarationFactory()
    add_representation(declaration, "3000.00", day=SHOW_DAY)
    add_representation(declaration, "9000.00", day=SHOW_DAY, category=Category.TRADITIONNELLE)
    add_representation(declaration, "7000.00", day=SHOW_DAY, educational=True)
    services.declaration_submit(declaration=declaration, actor=None)

    services.liquidation_run()

    declaration.refresh_from_db()
    assert (declaration.taxable_base, declaration.tax_due) == (
        Decimal("3000.00"),
        Decimal("105.00"),
    )
    assert notice_of(declaration).principal == Decimal("105.00")


# --- the yearly 80 € threshold (art. 76 VI) ----------------------------------------------------


def test_notice_below_the_yearly_threshold_is_held(clock):
    clock.set(JAN_31)
    declaration = submitted_declaration(bases=["2000.00"], day=SHOW_DAY)

    batch = services.liquidation_run()

    notice = notice_of(declaration)
    assert (notice.status, notice.principal) == (N.RETENU, Decimal("70.00"))
    assert (notice.issued_on, notice.due_on) == (None, None)
    assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (0, 1, 0)


@pytest.mark.parametrize(
    ("base", "tax", "status"),
    [
        pytest.param("2285.71", "80.00", N.A_PAYER),
        pytest.param("2285.43", "79.99", N.RETENU),
    ],
    ids=["80.00-recovered", "79.99-held"],
)
def test_threshold_is_80_euros_included(clock, base, tax, status):
    clock.set(JAN_31)
    declaration = submitted_declaration(bases=[base], day=SHOW_DAY)

    batch = services.liquidation_run()

    notice = notice_of(declaration)
    assert (notice.principal, notice.status) == (Decimal(tax), status)
    payable = status == N.A_PAYER
    assert (batch.notices_issued, batch.notices_held) == ((1, 0) if payable else (0, 1))
    assert notice.due_on == (date(2026, 2, 28) if payable else None)


@pytest.mark.parametrize(
    ("second_base", "second_tax", "reached"),
    [
        pytest.param("285.71", "10.00", True),
        pytest.param("285.43", "9.99", False),
    ],
    ids=["total-80.00-releases", "total-79.99-keeps-held"],
)
def test_second_declaration_of_the_year_reaching_80_releases_the_held_notice(
    clock, second_base, second_tax, reached
):
    structure = StructureFactory()
    clock.set(JAN_31)
    first = submitted_declaration(structure, bases=["2000.00"], day=SHOW_DAY)
    services.liquidation_run()
    assert notice_of(first).status == N.RETENU

    clock.set(date(2026, 3, 10))
    second = submitted_declaration(structure, bases=[second_base], day=date(2026, 3, 1))
    batch = services.liquidation_run()

    held, new = notice_of(first), notice_of(second)
    assert new.principal == Decimal(second_tax)
    if reached:
        assert (new.status, new.issued_on, new.due_on) == (
            N.A_PAYER,
            date(2026, 3, 10),
            date(2026, 4, 30),
        )
        assert (held.status, held.issued_on, held.due_on) == (
            N.A_PAYER,
            date(2026, 3, 10),
            date(2026, 4, 30),
        )
        assert held.release_marker == batch.pk
        assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (1, 0, 1)
        assert history(held) == [("", N.RETENU), (N.RETENU, N.A_PAYER)]
        assert history(new) == [("", N.A_PAYER)]
    else:
        assert (new.status, held.status) == (N.RETENU, N.RETENU)
        assert (held.issued_on, held.due_on) == (None, None)
        assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (0, 1, 0)


def test_yearly_total_is_summed_exactly(clock):
    """1.74 + 67.32 + 10.94 = 80.00 exactly (in binary floating point: 79.99999999999999)."""
    structure = StructureFactory()
    clock.set(JAN_31)
    first = submitted_declaration(structure, bases=["49.71"], day=SHOW_DAY)  # 1.74
    second = submitted_declaration(structure, bases=["1923.43"], day=SHOW_DAY)  # 67.32
    services.liquidation_run()
    clock.set(date(2026, 3, 10))
    third = submitted_declaration(structure, bases=["312.57"], day=date(2026, 3, 1))  # 10.94

    batch = services.liquidation_run()

    assert [notice_of(d).principal for d in (first, second, third)] == [
        Decimal("1.74"),
        Decimal("67.32"),
        Decimal("10.94"),
    ]
    assert {notice_of(d).status for d in (first, second, third)} == {N.A_PAYER}
    assert (batch.notices_issued, batch.notices_released) == (1, 2)


def test_threshold_is_per_redevable_and_per_calendar_year(clock):
    clock.set(JAN_31)
    structure, other = StructureFactory(), StructureFactory()
    december = submitted_declaration(structure, bases=["2000.00"], day=date(2025, 12, 15))
    january = submitted_declaration(structure, bases=["2000.00"], day=SHOW_DAY)
    other_january = submitted_declaration(other, bases=["2000.00"], day=SHOW_DAY)

    batch = services.liquidation_run()

    assert (december.tax_year, january.tax_year) == (2025, 2026)
    for declaration in (december, january, other_january):
        notice = notice_of(declaration)
        assert (notice.status, notice.principal, notice.due_on) == (
            N.RETENU,
            Decimal("70.00"),
            None,
        )
        assert notice.tax_year == declaration.tax_year
    assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (0, 3, 0)


@pytest.mark.parametrize(
    ("on", "settled_years"),
    [
        (date(2026, 4, 15), {2024}),
        (date(2026, 4, 16), {2024, 2025}),
        (date(2026, 12, 31), {2024, 2025}),
        (date(2027, 4, 15), {2024, 2025}),
        (date(2027, 4, 16), {2024, 2025, 2026}),
    ],
)
def test_threshold_year_end_settles_held_notices_from_16_april(clock, on, settled_years):
    clock.set(on)
    held = {
        year: held_notice(DeclarationFactory(), principal="70.00", tax_year=year)
        for year in (2024, 2025, 2026)
    }
    payable = issued_notice(
        DeclarationFactory(),
        principal="90.00",
        issued_on=date(2025, 6, 1),
        due_on=date(2025, 7, 31),
    )

    assert services.threshold_year_end(on=on) == len(settled_years)
    assert services.threshold_year_end(on=on) == 0  # idempotent

    for year, notice in held.items():
        notice.refresh_from_db()
        if year in settled_years:
            assert notice.status == N.NON_RECOUVRE
            assert history(notice) == [("", N.RETENU), (N.RETENU, N.NON_RECOUVRE)]
        else:
            assert notice.status == N.RETENU
            assert history(notice) == [("", N.RETENU)]
    payable.refresh_from_db()
    assert payable.status == N.A_PAYER


def test_notice_held_by_the_liquidation_is_not_recovered_after_year_end(clock):
    clock.set(date(2025, 12, 31))
    declaration = submitted_declaration(bases=["2000.00"], day=date(2025, 12, 5))
    services.liquidation_run()

    assert services.threshold_year_end(on=date(2026, 4, 15)) == 0
    assert notice_of(declaration).status == N.RETENU
    assert services.threshold_year_end(on=date(2026, 4, 16)) == 1
    assert notice_of(declaration).status == N.NON_RECOUVRE
    assert services.threshold_year_end(on=date(2026, 4, 17)) == 0


# --- idempotency, review -----------------------------------------------------------------------


def test_running_the_liquidation_twice_liquidates_nothing_the_second_time(clock):
    clock.set(JAN_31)
    for base in ("5000.00", "2000.00"):
        submitted_declaration(bases=[base], day=SHOW_DAY)
    submitted_declaration(bases=["5000.00"], day=SHOW_DAY, category=Category.TRADITIONNELLE)
    first = services.liquidation_run()
    counts = (Notice.objects.count(), StatusChange.objects.count(), OutboxMessage.objects.count())

    second = services.liquidation_run()

    assert first.declarations == 2
    assert (
        second.declarations,
        second.notices_issued,
        second.notices_held,
        second.notices_released,
    ) == (0, 0, 0, 0)
    assert (
        Notice.objects.count(),
        StatusChange.objects.count(),
        OutboxMessage.objects.count(),
    ) == counts
    assert not Declaration.objects.filter(batch=second).exists()


def test_declaration_held_for_review_is_liquidated_only_after_release(clock):
    clock.set(JAN_31)
    instructor = StaffFactory()
    reviewed = submitted_declaration(bases=["5000.00"], day=SHOW_DAY)
    other = submitted_declaration(bases=["5000.00"], day=SHOW_DAY)
    with pytest.raises(ValidationError):
        services.declaration_hold(declaration=reviewed, actor=instructor, reason="  ")
    services.declaration_hold(
        declaration=reviewed, actor=instructor, reason="Billetterie à vérifier"
    )

    first = services.liquidation_run()

    reviewed.refresh_from_db()
    other.refresh_from_db()
    assert (first.declarations, other.status) == (1, D.LIQUIDEE)
    assert (reviewed.status, reviewed.batch, reviewed.tax_due) == (D.EN_REVUE, None, None)
    assert not Notice.objects.filter(declaration=reviewed).exists()

    services.declaration_release(declaration=reviewed, actor=instructor)
    second = services.liquidation_run()

    reviewed.refresh_from_db()
    assert (second.declarations, reviewed.status, reviewed.batch) == (1, D.LIQUIDEE, second)
    assert notice_of(reviewed).status == N.A_PAYER
    assert history(reviewed)[-3:] == [
        (D.DEPOSEE, D.EN_REVUE),
        (D.EN_REVUE, D.DEPOSEE),
        (D.DEPOSEE, D.LIQUIDEE),
    ]


# --- history -----------------------------------------------------------------------------------


def test_liquidation_writes_one_history_row_per_declaration_and_notice(clock):
    clock.set(JAN_31)
    instructor = StaffFactory()
    payable = submitted_declaration(bases=["5000.00"], day=SHOW_DAY)
    held = submitted_declaration(bases=["100.00"], day=SHOW_DAY)
    non_taxable = submitted_declaration(bases=["5000.00"], day=SHOW_DAY, educational=True)

    services.liquidation_run(actor=instructor)

    for declaration in (payable, held):
        rows = StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Declaration),
            object_id=str(declaration.pk),
            to_status=D.LIQUIDEE,
        )
        assert rows.count() == 1
        row = rows.get()
        assert (row.workflow, row.from_status) == ("declaration_taxe", D.DEPOSEE)
        assert (row.actor, row.actor_label) == (instructor, actor_label(instructor))
        assert row.at == clock.now
    assert history(non_taxable)[-1] == (D.DEPOSEE, D.NON_TAXABLE)
    assert not StatusChange.objects.filter(
        object_id=str(non_taxable.pk), to_status=D.LIQUIDEE
    ).exists()
    for declaration, status in ((payable, N.A_PAYER), (held, N.RETENU)):
        notice = notice_of(declaration)
        assert notice.status == status
        assert history(notice) == [("", status)]
        assert (
            StatusChange.objects.get(
                object_id=str(notice.pk),
                to_status=status,
                content_type=ContentType.objects.get_for_model(Notice),
            ).workflow
            == "avis_sommes_a_payer"
        )


# --- after commit: PDFs and e-mails ------------------------------------------------------------


def test_notices_are_rendered_and_mailed_with_the_pdf_after_commit(clock, oncommit, mailoutbox):
    clock.set(JAN_31)
    structure = StructureFactory()
    members = [MembershipFactory(structure=structure).user.email for _ in range(2)]
    MembershipFactory()  # someone else's structure
    declaration = submitted_declaration(structure, bases=["5000.00"], day=SHOW_DAY)
    mailoutbox.clear()

    with oncommit():
        services.liquidation_run()

    notice = notice_of(declaration)
    assert notice.pdf.name
    with notice.pdf.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    sent = attachments_named(mailoutbox, f"avis-{notice.number}.pdf")
    assert len(sent) == 1
    assert sorted(sent[0].to) == sorted(members)
    _filename, content, mimetype = sent[0].attachments[0]
    assert (mimetype, content[:4]) == ("application/pdf", b"%PDF")


# --- payments and bank statements --------------------------------------------------------------


def _notice(clock, principal="80.15", structure=None) -> Notice:
    clock.set(date(2026, 2, 10))
    declaration = DeclarationFactory(structure=structure or StructureFactory())
    return issued_notice(
        declaration, principal=principal, issued_on=JAN_31, due_on=date(2026, 2, 28)
    )


def test_partial_then_full_payment_settles_the_notice(clock):
    notice = _notice(clock)

    services.payment_record(
        notice=notice,
        amount=Decimal("40.00"),
        paid_on=date(2026, 2, 9),
        reference="Chèque 1234",
        actor=None,
    )
    notice.refresh_from_db()
    assert (notice.status, notice.paid, notice.remaining) == (
        N.A_PAYER,
        Decimal("40.00"),
        Decimal("40.15"),
    )

    services.payment_record(
        notice=notice,
        amount=Decimal("40.15"),
        paid_on=date(2026, 2, 10),
        reference="Chèque 1250",
        actor=None,
    )
    notice.refresh_from_db()
    assert (notice.status, notice.paid, notice.remaining) == (
        N.PAYE,
        Decimal("80.15"),
        Decimal("0.00"),
    )
    assert history(notice) == [("", N.A_PAYER), (N.A_PAYER, N.PAYE)]
    assert notice.payments.count() == 2


@pytest.mark.parametrize(
    ("amount", "paid_on"),
    [
        (Decimal("0.00"), date(2026, 2, 10)),
        (Decimal("-5.00"), date(2026, 2, 10)),
        (Decimal("10.00"), date(2026, 2, 11)),
    ],
    ids=["zero", "negative", "future"],
)
def test_payment_must_be_positive_and_not_in_the_future(clock, amount, paid_on):
    notice = _notice(clock)
    with pytest.raises(ValidationError):
        services.payment_record(
            notice=notice, amount=amount, paid_on=paid_on, reference="x", actor=None
        )
    assert not Payment.objects.exists()


def test_bank_statement_matches_notices_and_keeps_the_rest_in_suspense(clock):
    structure = StructureFactory()
    settled = _notice(clock, principal="80.15", structure=structure)
    partly = _notice(clock, principal="1234.56", structure=structure)
    accountant = StaffFactory()
    content = bank_csv(
        f"05/02/2026;80,15;VIR SEPA PRODUCTION MUSIQUE {settled.number} TAXE;REL-0001",
        "06/02/2026;1 234,56;VIR SEPA SANS REFERENCE;REL-0002",
        f"07/02/2026;1 000,00;virement {partly.number.lower()} acompte;REL-0003",
        f"07/02/2026;1 000,00;virement {partly.number.lower()} acompte;REL-0003",
        "08/02/2026;12,00;VIR AV-999999;REL-0004",
        "31/02/2026;12,00;date impossible;REL-0005",
        "",
    )

    result = services.bank_statement_import(content=content, actor=accountant)

    assert (result.matched, result.suspense, result.duplicates) == (2, 2, 1)
    assert len(result.errors) == 1
    settled.refresh_from_db()
    partly.refresh_from_db()
    assert (settled.status, settled.paid) == (N.PAYE, Decimal("80.15"))
    assert (partly.status, partly.paid) == (N.A_PAYER, Decimal("1000.00"))
    suspense = Payment.objects.filter(notice=None).order_by("bank_line_id")
    assert [(p.amount, p.paid_on, p.bank_line_id) for p in suspense] == [
        (Decimal("1234.56"), date(2026, 2, 6), "REL-0002"),
        (Decimal("12.00"), date(2026, 2, 8), "REL-0004"),
    ]
    assert suspense[0].recorded_by == accountant

    again = services.bank_statement_import(content=content, actor=accountant)

    assert (again.matched, again.suspense, again.duplicates) == (0, 0, 5)
    assert Payment.objects.count() == 4
    partly.refresh_from_db()
    assert partly.paid == Decimal("1000.00")


def test_bank_lines_without_identifier_are_never_dropped_as_duplicates(clock):
    clock.set(date(2026, 2, 10))
    content = bank_csv("05/02/2026;10,00;VIR SEPA A;", "06/02/2026;20,00;VIR SEPA B;")

    result = services.bank_statement_import(content=content, actor=None)

    assert result.duplicates == 0
    assert Payment.objects.count() + len(result.errors) == 2


def test_liquidated_notice_is_paid_from_the_bank_statement(clock):
    clock.set(JAN_31)
    declaration = submitted_declaration(bases=["5000.00"], day=SHOW_DAY)
    services.liquidation_run()
    notice = notice_of(declaration)
    clock.set(date(2026, 2, 20))

    result = services.bank_statement_import(
        content=bank_csv(f"19/02/2026;175,00;TAXE {notice.number};REL-1"), actor=None
    )

    notice.refresh_from_db()
    assert (result.matched, notice.status) == (1, N.PAYE)


# --- reminders and titres exécutoires (art. 76 VII) --------------------------------------------


def test_reminder_after_the_due_date_adds_10_percent(clock, oncommit, mailoutbox):
    structure = StructureFactory()
    member = MembershipFactory(structure=structure).user.email
    notice = _notice(clock, principal="80.15", structure=structure)
    clock.set(date(2026, 2, 28))
    with pytest.raises(ValidationError):
        services.notice_send_reminder(notice=notice, actor=None)

    clock.set(date(2026, 3, 1))
    with oncommit():
        services.notice_send_reminder(notice=notice, actor=StaffFactory())

    notice.refresh_from_db()
    assert notice.status == N.RELANCE
    assert notice.majoration == Decimal("8.02")  # 8.015 half up
    assert notice.total == Decimal("88.17")
    assert notice.reminder_sent_on == date(2026, 3, 1)
    assert history(notice)[-1] == (N.A_PAYER, N.RELANCE)
    with notice.reminder_pdf.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    sent = attachments_named(mailoutbox, f"reminder-{notice.number}.pdf")
    assert [message.to for message in sent] == [[member]]


def test_reminder_majoration_is_on_what_remains_due(clock):
    notice = _notice(clock, principal="80.15")
    services.payment_record(
        notice=notice,
        amount=Decimal("20.00"),
        paid_on=date(2026, 2, 10),
        reference="Acompte",
        actor=None,
    )
    clock.set(date(2026, 3, 2))

    notice = services.notice_send_reminder(notice=Notice.objects.get(pk=notice.pk), actor=None)

    assert notice.majoration == Decimal("6.02")  # 10 % of 60.15 = 6.015
    assert notice.remaining == Decimal("66.17")


def test_reminder_majoration_reads_the_payments_recorded_meanwhile(clock):
    """The caller's copy of the notice predates a payment (another request, the bank import)."""
    notice = _notice(clock, principal="80.15")
    services.payment_record(
        notice=Notice.objects.get(pk=notice.pk),
        amount=Decimal("20.00"),
        paid_on=date(2026, 2, 10),
        reference="Acompte",
        actor=None,
    )
    clock.set(date(2026, 3, 2))

    notice = services.notice_send_reminder(notice=notice, actor=None)

    assert notice.majoration == Decimal("6.02")


def test_titre_is_issued_30_days_after_the_reminder_is_received(clock, oncommit, mailoutbox):
    structure = StructureFactory()
    MembershipFactory(structure=structure)
    notice = _notice(clock, principal="80.15", structure=structure)
    clock.set(date(2026, 3, 2))
    notice = services.notice_send_reminder(notice=notice, actor=None)
    with pytest.raises(ValidationError):  # no receipt recorded yet
        services.notice_issue_titre(notice=notice, actor=None)

    clock.set(date(2026, 3, 6))
    for wrong in (date(2026, 3, 1), date(2026, 3, 7)):  # before sending, in the future
        with pytest.raises(ValidationError):
            services.notice_record_reminder_receipt(notice=notice, received_on=wrong, actor=None)
    notice = services.notice_record_reminder_receipt(
        notice=notice, received_on=date(2026, 3, 4), actor=None
    )
    assert notice.reminder_received_on == date(2026, 3, 4)
    assert services.titre_issuable_on(notice) == date(2026, 4, 3)

    clock.set(date(2026, 4, 2))  # day 29
    with pytest.raises(ValidationError):
        services.notice_issue_titre(notice=notice, actor=None)

    clock.set(date(2026, 4, 3))  # day 30
    with oncommit():
        notice = services.notice_issue_titre(notice=notice, actor=None)

    notice.refresh_from_db()
    assert (notice.status, notice.titre_on) == (N.TITRE, date(2026, 4, 3))
    assert history(notice)[-2:] == [(N.A_PAYER, N.RELANCE), (N.RELANCE, N.TITRE)]
    with notice.titre_pdf.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert len(attachments_named(mailoutbox, f"titre-{notice.number}.pdf")) == 1

    services.payment_record(
        notice=notice,
        amount=Decimal("88.17"),
        paid_on=date(2026, 4, 3),
        reference="Paiement après titre",
        actor=None,
    )
    notice.refresh_from_db()
    assert notice.status == N.PAYE


# --- a constant number of queries --------------------------------------------------------------


def test_liquidation_issues_the_same_number_of_queries_for_1_and_50_declarations(clock):
    clock.set(JAN_31)
    ContentType.objects.get_for_models(Declaration, Notice)  # warm the content-type cache
    structures = [StructureFactory() for _ in range(10)]

    def liquidate(count: int) -> int:
        for i in range(count):
            submitted_declaration(structures[i % len(structures)], bases=["3000.00"], day=SHOW_DAY)
        with CaptureQueriesContext(connection) as queries:
            batch = services.liquidation_run()
        assert batch.declarations == count
        return len(queries.captured_queries)

    one = liquidate(1)
    fifty = liquidate(50)

    print(f"liquidation_run queries: {one} for 1, {fifty} for 50")
    assert one == fifty
    assert Notice.objects.filter(status=N.A_PAYER).count() == 51
