"""Services of the commission and the decision: conflicts, avis (once, hidden, capped),
opening a session, reduction, PV, decisions (caps, two presidents), letter, contestation and
second review. Bad input changes nothing."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aides import selectors_commission as sel
from aides.models import Avis, CommissionReview, ConflictOfInterest, Decision, Dossier, Envelope
from aides.services import commission, decision
from aides.tests import commission_factories as cf
from aides.tests import factories as f
from aides.workflow import DossierStatus as S
from cnm_portal.dates import add_months, today
from cnm_portal.money import format_euros
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return f.session("16")


@pytest.fixture
def member(session):
    return cf.commission_member(session, first_name="Paul", last_name="Bernard")


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return ""
    result = subprocess.run(  # noqa: S603 (a fixed local tool)
        [shutil.which("pdftotext"), "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


# --- opening the session ---------------------------------------------------------------------


def test_open_review_moves_eligible_dossiers_and_tells_the_applicant(session, member, oncommit):
    first = cf.eligible(session)
    other_session_dossier = cf.eligible(f.session("16"))
    with oncommit():
        review, moved = commission.session_open_review(session=session, actor=None)
    assert moved == 1
    first.refresh_from_db()
    other_session_dossier.refresh_from_db()
    assert first.status == S.EN_COMMISSION
    assert other_session_dossier.status == S.ELIGIBLE
    assert any("transmis à la commission" in m.subject for m in mail.outbox)
    to_members = [m for m in mail.outbox if "Dossiers à examiner" in m.subject]
    assert to_members[0].to == [member.email]
    assert f"/aides/commission/sessions/{session.pk}/" in to_members[0].body
    # run again: nothing more, the same review
    again, moved = commission.session_open_review(session=session, actor=None)
    assert (again, moved) == (review, 0)


# --- conflicts ------------------------------------------------------------------------------


def test_member_of_the_applicants_espace_pro_is_in_conflict(session, member):
    dossier = cf.en_commission(session)
    assert sel.member_can_open(user=member, session_id=session.pk, dossier_id=dossier.pk)
    MembershipFactory(user=member, structure=dossier.structure)
    assert not sel.member_can_open(user=member, session_id=session.pk, dossier_id=dossier.pk)
    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        cf.give(session, dossier, member)
    assert not Avis.objects.exists()


def test_declared_conflict_closes_the_dossier(session, member):
    dossier = cf.en_commission(session)
    with pytest.raises(ValidationError) as error:
        commission.conflict_declare(session=session, dossier=dossier, member=member, reason=" ")
    assert "motif" in str(error.value)
    assert not ConflictOfInterest.objects.exists()
    commission.conflict_declare(
        session=session, dossier=dossier, member=member, reason="Mon frère est le gérant."
    )
    assert not sel.member_can_open(user=member, session_id=session.pk, dossier_id=dossier.pk)
    with pytest.raises(ValidationError):
        cf.give(session, dossier, member)
    assert not Avis.objects.exists()
    assert sel.session_abstentions(session)[dossier.pk] == [member]


def test_no_conflict_declared_after_giving_an_avis(session, member):
    dossier = cf.en_commission(session)
    cf.give(session, dossier, member)
    with pytest.raises(ValidationError, match="déjà donné"):
        commission.conflict_declare(session=session, dossier=dossier, member=member, reason="x")


# --- avis -----------------------------------------------------------------------------------


def test_avis_from_outside_the_session_is_refused(session, member):
    dossier = cf.en_commission(session)
    stranger = cf.commission_member(f.session("16"))
    not_in_group = f.member().user
    session.members.add(not_in_group)  # named, but not in the commission group
    for user in (stranger, not_in_group):
        with pytest.raises(ValidationError, match="pas membre"):
            cf.give(session, dossier, user)
    assert not Avis.objects.exists()


def test_avis_given_twice_is_refused_and_the_database_refuses_it_too(session, member):
    dossier = cf.en_commission(session)
    first = cf.give(session, dossier, member)
    with pytest.raises(ValidationError, match="déjà donné votre avis"):
        cf.give(session, dossier, member, kind=Avis.Kind.DEFAVORABLE)
    assert list(Avis.objects.all()) == [first]
    with pytest.raises(IntegrityError), transaction.atomic():
        Avis.objects.create(
            dossier=dossier, member=member, session=session, kind="ajourne", motivation="x"
        )


@pytest.mark.parametrize(
    ("kind", "amount", "scores", "field", "message"),
    [
        ("favorable", "12400.01", None, "amount", "ne peut pas dépasser"),
        ("favorable", "0", None, "amount", "supérieur à 0"),
        ("favorable", None, None, "amount", "propose un montant"),
        ("defavorable", "100", None, "amount", "Seul un avis favorable"),
        ("favorable", "1000", [2, 3, 1, 2], "scores", "chacun des critères"),
        ("favorable", "1000", [2, 3, 1, 2, 4], "scores", "de 0 à 3"),
        ("nimporte", None, None, "kind", "Choisissez"),
    ],
)
def test_bad_avis_changes_nothing(session, member, kind, amount, scores, field, message):
    dossier = cf.en_commission(session)
    with pytest.raises(ValidationError) as error:
        commission.avis_give(
            session=session,
            dossier=dossier,
            member=member,
            kind=kind,
            amount=Decimal(amount) if amount else None,
            motivation="Motivation.",
            scores=scores if scores is not None else list(cf.SCORES_16),
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Avis.objects.exists()


def test_avis_at_exactly_the_maximum_is_accepted_and_scores_are_stored(session, member):
    dossier = cf.en_commission(session)
    avis = cf.give(session, dossier, member, amount=str(f.ART16_MAX))
    criteria = dossier.programme_definition.appreciation
    assert avis.scores == [
        {"criterion": c, "score": s} for c, s in zip(criteria, cf.SCORES_16, strict=True)
    ]


def test_others_avis_are_hidden_until_one_gives_ones_own(session, member):
    dossier = cf.en_commission(session)
    other = cf.commission_member(session)
    theirs = cf.give(session, dossier, other, kind=Avis.Kind.DEFAVORABLE)
    assert sel.visible_avis(user=member, dossier=dossier) == []
    mine = cf.give(session, dossier, member)
    assert sel.visible_avis(user=member, dossier=dossier) == [theirs, mine]


def test_avis_on_a_dossier_no_longer_en_commission_is_refused(session, member):
    dossier = cf.attributed(session)
    with pytest.raises(ValidationError, match="n'est pas examiné"):
        cf.give(session, dossier, member)


# --- reduction ------------------------------------------------------------------------------


def test_reduction_brings_the_session_to_the_envelope_at_the_cent(session):
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("20000.00")
    )
    a = cf.en_commission(session, proposed="10000.00")
    b = cf.en_commission(session, proposed="7000.00")
    c = cf.en_commission(session, proposed="5000.01")
    totals = sel.envelope_totals(session)
    assert (totals.proposed, totals.available, totals.exceeded) == (
        Decimal("22000.01"),
        Decimal("20000.00"),
        True,
    )
    commission.session_apply_reduction(session=session, actor=None)
    # 10 000 × 20 000 / 22 000,01 = 9 090,9049…; 7 000 → 6 363,6334…; 5 000,01 → 4 545,4615…
    assert commission.retained_amount(a) == Decimal("9090.91")
    assert commission.retained_amount(b) == Decimal("6363.63")
    assert commission.retained_amount(c) == Decimal("4545.46")
    assert sel.envelope_totals(session).reduced == Decimal("20000.00")
    a.refresh_from_db()
    assert a.montant_propose == Decimal("10000.00")  # the recommendation is kept


def test_reduction_is_refused_when_the_envelope_suffices_or_is_missing(session):
    cf.en_commission(session, proposed="10000.00")
    with pytest.raises(ValidationError, match="Aucune enveloppe"):
        commission.session_apply_reduction(session=session, actor=None)
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("10000.00")
    )
    with pytest.raises(ValidationError, match="ne dépasse pas"):
        commission.session_apply_reduction(session=session, actor=None)
    assert CommissionReview.objects.get().reduced_at is None


def test_granted_this_year_counts_against_the_envelope(session):
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("15000.00")
    )
    cf.attributed(session, amount="8000")
    cf.en_commission(session, proposed="9000")
    totals = sel.envelope_totals(session)
    assert totals.granted == Decimal("8000.00")
    assert totals.available == Decimal("7000.00")
    assert totals.exceeded


# --- procès-verbal --------------------------------------------------------------------------


def test_pv_pdf_lists_presents_abstentions_avis_and_totals(session, member, oncommit):
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("50000.00")
    )
    abstaining = cf.commission_member(session, first_name="Sofia", last_name="Moreau")
    dossier = cf.en_commission(session, proposed="9000")
    MembershipFactory(user=abstaining, structure=dossier.structure)
    cf.give(session, dossier, member, amount="8500")
    with pytest.raises(ValidationError):
        commission.session_record_pv(session=session, present=[], actor=None)
    with oncommit():
        review = commission.session_record_pv(
            session=session, present=[member, abstaining], actor=None
        )
    review.refresh_from_db()
    text = _pdf_text(review.pv_file.read())
    if text:
        assert member.get_full_name() in text and abstaining.get_full_name() in text
        assert "Abstentions" in text and dossier.number in text
        assert "8 500,00" in text and "9 000,00" in text and "50 000,00" in text


def test_pv_refuses_strangers_and_an_unopened_session(member):
    unopened = f.session("16")
    unopened.members.add(member)
    with pytest.raises(ValidationError, match="pas été ouverte"):
        commission.session_record_pv(session=unopened, present=[member], actor=None)
    opened = f.session("16")
    commission.session_open_review(session=opened, actor=None)
    with pytest.raises(ValidationError, match="Seuls les membres"):
        commission.session_record_pv(session=opened, present=[member], actor=None)


# --- decision -------------------------------------------------------------------------------


def test_attribution_sets_the_fields_and_sends_the_letter(session, oncommit):
    dossier = cf.en_commission(session)
    president = cf.president()
    with oncommit():
        result = decision.dossier_attribute(
            dossier=dossier,
            amount=Decimal("12400.00"),
            reason="Projet prioritaire",
            actor=president,
        )
    dossier.refresh_from_db()
    assert dossier.status == S.ATTRIBUE
    assert dossier.montant_attribue == Decimal("12400.00")
    assert dossier.decided_on == today()
    # art. 16 gives no bilan_months: the default of 12 months
    assert dossier.bilan_due_on == add_months(today(), 12)
    result.refresh_from_db()
    text = _pdf_text(result.letter.read())
    if text:
        assert "avec le soutien du Centre national de la musique" in text
        assert "12 400,00" in text and "8 680,00" in text and "3 720,00" in text  # 70 / 30
    letter_mail = [m for m in mail.outbox if "Aide attribuée" in m.subject]
    assert letter_mail and letter_mail[0].attachments
    history = sel_history(dossier)
    assert history[-1].to_status == S.ATTRIBUE
    assert format_euros(Decimal("12400")) in history[-1].comment


def sel_history(dossier):
    from aides.selectors import dossier_history

    return dossier_history(dossier)


def test_attribution_above_the_caps_is_refused(session):
    dossier = cf.en_commission(session)
    for amount in ("12400.01", "0.00"):
        with pytest.raises(ValidationError) as error:
            decision.dossier_attribute(
                dossier=dossier, amount=Decimal(amount), reason="", actor=cf.president()
            )
        assert format_euros(f.ART16_MAX) in " ".join(error.value.message_dict["amount"])
    dossier.refresh_from_db()
    assert (dossier.status, dossier.montant_attribue) == (S.EN_COMMISSION, None)
    assert not Decision.objects.exists()


def test_the_yearly_cap_is_recomputed_at_the_decision(session):
    """Art. 16's yearly cap (135 000 €): an aid granted since the deposit lowers the maximum."""
    membership = f.member()
    dossier = cf.en_commission(session, membership=membership)
    earlier = f.deposited(membership, the_session=f.session("16"), title="Autre album")
    Dossier.objects.filter(pk=earlier.pk).update(
        status=S.ATTRIBUE, montant_attribue=Decimal("130000.00"), decided_on=today()
    )
    with pytest.raises(ValidationError) as error:
        decision.dossier_attribute(
            dossier=dossier, amount=Decimal("6000.00"), reason="", actor=cf.president()
        )
    assert format_euros(Decimal("5000")) in " ".join(error.value.messages)
    decision.dossier_attribute(
        dossier=dossier, amount=Decimal("5000.00"), reason="", actor=cf.president()
    )


def test_two_presidents_deciding_at_once_second_changes_nothing(session):
    dossier = cf.en_commission(session)
    seen_by_first = Dossier.objects.get(pk=dossier.pk)
    seen_by_second = Dossier.objects.get(pk=dossier.pk)
    decision.dossier_attribute(
        dossier=seen_by_first, amount=Decimal("10000.00"), reason="", actor=cf.president()
    )
    with pytest.raises(ValidationError, match="déjà été décidé"):
        decision.dossier_refuse(dossier=seen_by_second, reason="Non.", actor=cf.president())
    with pytest.raises(ValidationError, match="déjà été décidé"):
        decision.dossier_attribute(
            dossier=seen_by_second, amount=Decimal("9000.00"), reason="", actor=cf.president()
        )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.montant_attribue) == (S.ATTRIBUE, Decimal("10000.00"))
    assert Decision.objects.count() == 1


def test_refusal_needs_a_reason(session, oncommit):
    dossier = cf.en_commission(session)
    with pytest.raises(ValidationError, match="motif"):
        decision.dossier_refuse(dossier=dossier, reason="  ", actor=cf.president())
    with oncommit():
        made = decision.dossier_refuse(dossier=dossier, reason="Hors priorités.", actor=None)
    dossier.refresh_from_db()
    assert dossier.status == S.REFUSE and dossier.montant_attribue is None
    made.refresh_from_db()
    text = _pdf_text(made.letter.read())
    if text:
        assert "Hors priorités." in text


def test_session_decision_follows_the_majority(session, member):
    other = cf.commission_member(session)
    favorable = cf.en_commission(session, proposed="9000")
    unfavorable = cf.en_commission(session, proposed="8000")
    split = cf.en_commission(session, proposed="7000")
    for m in (member, other):
        cf.give(session, favorable, m)
        cf.give(session, unfavorable, m, kind=Avis.Kind.DEFAVORABLE)
    cf.give(session, split, member)
    cf.give(session, split, other, kind=Avis.Kind.AJOURNE)
    with pytest.raises(ValidationError):
        decision.session_decide(session=session, refusal_reason="", actor=cf.president())
    result = decision.session_decide(
        session=session, refusal_reason="Non prioritaire.", actor=cf.president()
    )
    assert [d.pk for d in result.attributed] == [favorable.pk]
    assert [d.pk for d in result.refused] == [unfavorable.pk]
    assert [d.pk for d, _reason in result.left] == [split.pk]
    favorable.refresh_from_db()
    split.refresh_from_db()
    assert favorable.montant_attribue == Decimal("9000.00")
    assert split.status == S.EN_COMMISSION


# --- contestation and second review ---------------------------------------------------------


def test_contestation_then_second_review(session, member, oncommit):
    dossier = cf.en_commission(session)
    cf.give(session, dossier, member)
    decision.dossier_refuse(dossier=dossier, reason="Non.", actor=cf.president())
    dossier.refresh_from_db()
    # no contestation yet: the guard refuses the move
    with pytest.raises(ValidationError, match="contestation"):
        decision.dossier_second_review(dossier=dossier, reason="Revoir", actor=cf.president())
    with pytest.raises(ValidationError) as error:
        decision.contestation_record(
            dossier=dossier, received_on=add_months(today(), 1), text="x", actor=None
        )
    assert "futur" in " ".join(error.value.message_dict["received_on"])
    with oncommit():
        decision.contestation_record(
            dossier=dossier, received_on=today(), text="Budget mal lu.", actor=None
        )
    assert any("Contestation reçue" in m.subject for m in mail.outbox)
    decision.dossier_second_review(dossier=dossier, reason="Éléments nouveaux", actor=None)
    dossier.refresh_from_db()
    assert dossier.status == S.EN_COMMISSION and dossier.decided_on is None
    # the earlier avis is kept but superseded: the member gives a new one
    assert Avis.objects.get().superseded
    cf.give(session, dossier, member, amount="9000")
    assert Avis.objects.filter(superseded=False).count() == 1
