"""Control (art. 76 VIII): rectification with observations, mise en demeure, taxation d'office,
and the reassessment limit — with a moving clock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cnm_portal.models import AuditEntry, OutboxMessage
from espace_pro.tests.factories import MembershipFactory
from taxe import selectors, services
from taxe.models import MiseEnDemeure, Notice
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(user):
    return MembershipFactory(user=user)


def liquidated(member, base: str, day: dt.date):
    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="Show"
    )
    services.representation_add(
        declaration=declaration,
        actor=member.user,
        data=services.RepresentationData(
            date=day, venue="Zénith", city="Lille", category="1", base_ht=Decimal(base)
        ),
    )
    services.declaration_submit(declaration=declaration, actor=member.user)
    services.liquidation_run()
    declaration.refresh_from_db()
    assert declaration.status == D.LIQUIDEE
    return declaration


def test_rectification_with_observations_then_titre(
    user_client, member, instructor, clock, oncommit
):
    clock.set(dt.date(2026, 3, 2))
    declaration = liquidated(member, "10000.00", dt.date(2026, 2, 20))  # tax 350.00
    with oncommit():
        rectification = services.rectification_notify(
            declaration=declaration,
            corrected_base=Decimal("12000.15"),
            motive="Recettes omises",
            actor=instructor,
        )
    # 3.5 % of 12000.15 = 420.00525 → 420.01; extra 70.01; +10 % = 7.001 → 7.00
    assert (rectification.extra_tax, rectification.majoration) == (
        Decimal("70.01"),
        Decimal("7.00"),
    )
    assert rectification.notice.kind == Notice.Kind.RECTIFICATION
    assert "rectification" in mail.outbox[-1].subject.lower() and mail.outbox[-1].attachments

    clock.set(dt.date(2026, 3, 5))
    services.rectification_record_receipt(
        rectification=rectification, received_on=dt.date(2026, 3, 5), actor=instructor
    )
    clock.set(dt.date(2026, 4, 4))  # day 30 after receipt: still in time
    url = reverse("taxe:rectification_observe", args=[member.structure_id, rectification.pk])
    user_client.post(url, {"text": "Les recettes omises concernent une autre date."})
    rectification.refresh_from_db()
    assert rectification.status == "observations"

    with pytest.raises(ValidationError):
        services.rectification_issue_titre(rectification=rectification, actor=instructor)
    services.rectification_answer(
        rectification=rectification, text="Les billetteries confirment la date.", actor=instructor
    )
    rectification.refresh_from_db()
    clock.set(dt.date(2026, 4, 10))
    services.rectification_record_receipt(
        rectification=rectification, received_on=dt.date(2026, 4, 10), actor=instructor, answer=True
    )
    rectification.refresh_from_db()
    clock.set(dt.date(2026, 5, 9))  # 29 days after the answer's receipt
    with pytest.raises(ValidationError):
        services.rectification_issue_titre(rectification=rectification, actor=instructor)
    clock.set(dt.date(2026, 5, 10))
    services.rectification_issue_titre(rectification=rectification, actor=instructor)
    rectification.notice.refresh_from_db()
    assert rectification.notice.status == N.TITRE


def test_observations_after_30_days_are_refused(member, instructor, clock):
    clock.set(dt.date(2026, 3, 2))
    declaration = liquidated(member, "10000.00", dt.date(2026, 2, 20))
    rectification = services.rectification_notify(
        declaration=declaration, corrected_base=Decimal("11000"), motive="X", actor=instructor
    )
    clock.set(dt.date(2026, 3, 5))
    services.rectification_record_receipt(
        rectification=rectification, received_on=dt.date(2026, 3, 5), actor=instructor
    )
    clock.set(dt.date(2026, 4, 5))
    with pytest.raises(ValidationError) as excinfo:
        services.rectification_observe(
            rectification=rectification, text="Trop tard", actor=member.user
        )
    assert "4 avril 2026" in str(excinfo.value)


def test_titre_30_days_after_notification_without_observations(member, instructor, clock):
    clock.set(dt.date(2026, 1, 15))
    declaration = liquidated(member, "10000.00", dt.date(2026, 1, 10))
    rectification = services.rectification_notify(
        declaration=declaration, corrected_base=Decimal("11000"), motive="X", actor=instructor
    )
    clock.set(dt.date(2026, 1, 31))
    services.rectification_record_receipt(
        rectification=rectification, received_on=dt.date(2026, 1, 31), actor=instructor
    )
    for day in (dt.date(2026, 3, 1), dt.date(2026, 3, 2)):  # 2 March: last day for observations
        clock.set(day)
        with pytest.raises(ValidationError):
            services.rectification_issue_titre(rectification=rectification, actor=instructor)
    clock.set(dt.date(2026, 3, 3))  # the 30 days for observations are over
    services.rectification_issue_titre(rectification=rectification, actor=instructor)


@pytest.mark.parametrize(
    ("on", "allowed"), [(dt.date(2029, 12, 31), True), (dt.date(2030, 1, 1), False)]
)
def test_reassessment_limit(member, instructor, clock, on, allowed):
    clock.set(dt.date(2026, 3, 20))
    declaration = liquidated(member, "10000.00", dt.date(2026, 3, 15))
    clock.set(on)
    if allowed:
        services.rectification_notify(
            declaration=declaration, corrected_base=Decimal("11000"), motive="X", actor=instructor
        )
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.rectification_notify(
                declaration=declaration,
                corrected_base=Decimal("11000"),
                motive="X",
                actor=instructor,
            )
        assert "31 décembre 2029" in str(excinfo.value)


def test_rectification_must_increase_the_tax(member, instructor, clock):
    clock.set(dt.date(2026, 3, 2))
    declaration = liquidated(member, "10000.00", dt.date(2026, 2, 20))
    with pytest.raises(ValidationError):
        services.rectification_notify(
            declaration=declaration, corrected_base=Decimal("9000"), motive="X", actor=instructor
        )


def send_mise_en_demeure(member, instructor, representation_date=dt.date(2026, 1, 25)):
    return services.mise_en_demeure_send(
        structure=member.structure,
        spectacle="Concert non déclaré",
        representation_date=representation_date,
        venue="Zénith",
        city="Lille",
        category="1",
        actor=instructor,
    )


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (dt.date(2026, 4, 29), False),
        (dt.date(2026, 4, 30), False),  # last day of the 3rd month: the declaration is due today
        (dt.date(2026, 5, 1), True),  # missing from the day after
    ],
)
def test_mise_en_demeure_only_once_the_declaration_is_due_and_missing(
    member, instructor, clock, on, allowed
):
    clock.set(on)
    if allowed:
        assert send_mise_en_demeure(member, instructor).status == "envoyee"
        with pytest.raises(ValidationError, match="déjà en cours"):  # double submission
            send_mise_en_demeure(member, instructor)
    else:
        with pytest.raises(ValidationError) as excinfo:
            send_mise_en_demeure(member, instructor)
        assert "1er mai 2026" in str(excinfo.value)
        assert not MiseEnDemeure.objects.exists()


def test_no_mise_en_demeure_when_the_declaration_was_filed(member, instructor, clock):
    clock.set(dt.date(2026, 4, 30))
    liquidated(member, "500.00", dt.date(2026, 1, 25))  # filed on its last day
    clock.set(dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="déposée"):
        send_mise_en_demeure(member, instructor)


def test_mise_en_demeure_then_taxation_office_with_40_percent(member, instructor, clock, oncommit):
    clock.set(dt.date(2026, 2, 1))
    other = MembershipFactory()
    for base in ("1000.00", "3000.00", "2000.00"):  # comparables in Lille: median 2000.00
        liquidated(other, base, dt.date(2026, 1, 20))
    clock.set(dt.date(2026, 5, 1))
    with oncommit():
        med = send_mise_en_demeure(member, instructor)
    med.refresh_from_db()
    assert med.letter.name.endswith(".pdf") and "Mise en demeure" in mail.outbox[-1].subject
    clock.set(dt.date(2026, 5, 4))
    med = services.mise_en_demeure_record_receipt(
        med=med, received_on=dt.date(2026, 5, 4), actor=instructor
    )
    proposed = selectors.comparable_representations(med)
    assert len(proposed) == 3
    clock.set(dt.date(2026, 6, 3))  # 30 days after receipt: still time to regularise
    with pytest.raises(ValidationError):
        services.taxation_office_notify(
            med=med, comparable_ids=[r.pk for r in proposed], actor=instructor
        )
    clock.set(dt.date(2026, 6, 4))
    med = services.taxation_office_notify(
        med=med, comparable_ids=[r.pk for r in proposed], actor=instructor
    )
    med.refresh_from_db()
    assert med.base == Decimal("2000.00")
    assert (med.notice.principal, med.notice.majoration) == (Decimal("70.00"), Decimal("28.00"))
    # never feeds the compte-entrepreneur (art. 45); 70 € is the year's only tax: under 80 €,
    # nothing is demanded (art. 76 VI)
    assert med.notice.kind == Notice.Kind.TAXATION_OFFICE
    assert med.notice.status == N.RETENU and med.notice.due_on is None


def test_taxation_office_notifies_nothing_when_a_declaration_was_filed_meanwhile(
    member, instructor, clock, django_capture_on_commit_callbacks
):
    clock.set(dt.date(2026, 2, 1))
    comparable = liquidated(MembershipFactory(), "2000.00", dt.date(2026, 1, 20))
    clock.set(dt.date(2026, 5, 1))
    med = send_mise_en_demeure(member, instructor)
    clock.set(dt.date(2026, 5, 2))
    med = services.mise_en_demeure_record_receipt(
        med=med, received_on=dt.date(2026, 5, 2), actor=instructor
    )
    clock.set(dt.date(2026, 6, 10))
    liquidated(member, "800.00", dt.date(2026, 1, 25))  # late, but filed
    outbox_before = OutboxMessage.objects.count()
    with pytest.raises(ValidationError, match="régularisation"):
        services.taxation_office_notify(
            med=med, comparable_ids=[comparable.representations.get().pk], actor=instructor
        )
    med.refresh_from_db()
    assert med.status == "envoyee" and med.notice is None
    assert not Notice.objects.filter(kind=Notice.Kind.TAXATION_OFFICE).exists()
    assert OutboxMessage.objects.count() == outbox_before


def test_mise_en_demeure_regularised_by_a_declaration(member, instructor, clock):
    clock.set(dt.date(2026, 5, 1))
    med = send_mise_en_demeure(member, instructor)
    declaration = liquidated(member, "500.00", dt.date(2026, 1, 25))
    services.mise_en_demeure_regularise(med=med, declaration=declaration, actor=instructor)
    med.refresh_from_db()
    assert med.status == "regularisee"
    assert AuditEntry.objects.filter(action="taxe.regularisation").exists()


def test_other_structures_rectification_is_404(user_client, member, instructor, clock):
    clock.set(dt.date(2026, 3, 2))
    other = MembershipFactory()
    declaration = liquidated(other, "10000.00", dt.date(2026, 2, 20))
    rectification = services.rectification_notify(
        declaration=declaration, corrected_base=Decimal("11000"), motive="X", actor=instructor
    )
    for structure_id in (member.structure_id, other.structure_id):
        url = reverse("taxe:rectification_observe", args=[structure_id, rectification.pk])
        assert user_client.post(url, {"text": "x"}).status_code == 404
    rectification.refresh_from_db()
    assert rectification.status == "notifiee"


def test_reminders_before_the_declaration_and_payment_deadlines(member, clock, oncommit):
    clock.set(dt.date(2026, 1, 10))
    draft = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="Brouillon"
    )
    services.representation_add(
        declaration=draft,
        actor=member.user,
        data=services.RepresentationData(
            date=dt.date(2026, 1, 5), venue="v", city="c", category="1", base_ht=Decimal("5000")
        ),
    )
    clock.set(dt.date(2026, 4, 15))  # deadline 30 April: 15 days before
    with oncommit():
        assert services.deadline_reminders(on=clock.today) == 1
    assert services.deadline_reminders(on=clock.today) == 0  # once
    assert "30/04/2026" in mail.outbox[-1].body

    services.declaration_submit(declaration=draft, actor=member.user)
    services.liquidation_run()  # avis due 31 May 2026
    clock.set(dt.date(2026, 5, 23))
    assert services.deadline_reminders(on=clock.today) == 0
    clock.set(dt.date(2026, 5, 24))
    with oncommit():
        assert services.deadline_reminders(on=clock.today) == 1
    assert "31/05/2026" in mail.outbox[-1].body
