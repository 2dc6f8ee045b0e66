"""Commission members' portal pages and the decision admin: scoping (404 for another session's
member, a non-member, an applicant, a member in conflict — with complete foreign objects),
avis through the page, every page in every status, query counts with 1 and many dossiers."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from aides.models import Avis, CommissionReview, Decision, Dossier, Envelope
from aides.services import commission, decision
from aides.tests import commission_factories as cf
from aides.tests import factories as f
from aides.tests.status_objects import make_dossier
from aides.workflow import DossierStatus as S
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return f.session("16", label="Session art. 16 de décembre")


@pytest.fixture
def member(session):
    return cf.commission_member(session)


@pytest.fixture
def dossier(session):
    return cf.en_commission(session, proposed="9000")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def urls(session, dossier):
    document = dossier.documents.first()
    assert document is not None  # complete objects: the dossier has its files
    return [
        reverse("aides:commission_session", args=[session.pk]),
        reverse("aides:commission_dossier", args=[session.pk, dossier.pk]),
        reverse("aides:commission_conflict", args=[session.pk, dossier.pk]),
        reverse("aides:commission_document", args=[session.pk, dossier.pk, document.pk]),
    ]


def test_member_sees_sessions_session_dossier_and_document(client, session, member, dossier):
    client.force_login(member)
    text = get(client, reverse("aides:commission_sessions")).content.decode()
    assert session.label in text
    text = get(client, reverse("aides:commission_session", args=[session.pk])).content.decode()
    assert dossier.number in text and "Projet cohérent, budget sincère." in text
    assert "9\u202f000,00" in text  # proposed amount and total
    response = get(client, urls(session, dossier)[3])
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["other_session_member", "non_member", "applicant", "conflict"])
def test_everyone_else_gets_404(client, session, member, dossier, who):
    other_session = f.session("16")
    foreign = cf.en_commission(other_session)  # complete: documents, lines, an avis
    cf.give(other_session, foreign, cf.commission_member(other_session))
    if who == "other_session_member":
        user = cf.commission_member(other_session)
    elif who == "non_member":
        user = cf.commission_member()  # in the group, not a named member
    elif who == "applicant":
        user = dossier.structure.memberships.first().user
    else:
        user = member
        MembershipFactory(user=member, structure=dossier.structure)
    client.force_login(user)
    for url in urls(session, dossier)[1:]:
        get(client, url, 404)
    if who != "conflict":
        get(client, urls(session, dossier)[0], 404)
    if who == "other_session_member":
        # the same person reaches their own session's dossier: the 404 is the scoping
        get(client, reverse("aides:commission_dossier", args=[other_session.pk, foreign.pk]))
        get(client, reverse("aides:commission_dossier", args=[session.pk, foreign.pk]), 404)


def test_member_in_conflict_sees_the_row_without_a_link(client, session, member, dossier):
    commission.conflict_declare(session=session, dossier=dossier, member=member, reason="Ami.")
    client.force_login(member)
    text = get(client, reverse("aides:commission_session", args=[session.pk])).content.decode()
    assert "Conflit d'intérêts" in text
    assert reverse("aides:commission_dossier", args=[session.pk, dossier.pk]) not in text
    assert "Projet cohérent" not in text


def test_applicant_gets_404_on_the_members_list(client, dossier):
    client.force_login(dossier.structure.memberships.first().user)
    get(client, reverse("aides:commission_sessions"), 404)


def _avis_data(**extra):
    data = {"kind": "favorable", "amount": "9 000,00", "motivation": "Très bon projet."}
    data.update({f"score_{i}": str(s) for i, s in enumerate(cf.SCORES_16)})
    data.update(extra)
    return data


def test_avis_through_the_page_then_the_others_appear(client, session, member, dossier):
    other = cf.commission_member(session)
    cf.give(session, dossier, other, kind=Avis.Kind.DEFAVORABLE)
    client.force_login(member)
    url = reverse("aides:commission_dossier", args=[session.pk, dossier.pk])
    text = get(client, url).content.decode()
    assert (
        "avis-form" in text and "Motivation de l&#x27;avis." not in text
    )  # hidden before one's own
    # bad input: a message next to the field, nothing saved
    response = client.post(url, _avis_data(amount="-5"))
    assert "Le montant ne peut pas être négatif." in response.content.decode()
    response = client.post(url, _avis_data(amount="12 400,01"))
    assert "ne peut pas dépasser" in response.content.decode()
    response = client.post(url, _avis_data(score_0=""))
    assert "Notez ce critère." in response.content.decode()
    assert Avis.objects.filter(member=member).count() == 0
    response = client.post(url, _avis_data())
    assert response.status_code == 302
    text = get(client, url).content.decode()
    assert "Motivation de l&#x27;avis." in text and "Très bon projet." in text
    # a second submission (another tab): a message, nothing changed
    response = client.post(url, _avis_data(kind="ajourne", amount=""), follow=True)
    assert "déjà donné votre avis" in response.content.decode()
    assert Avis.objects.get(member=member).kind == Avis.Kind.FAVORABLE


def test_conflict_declared_through_the_page(client, session, member, dossier):
    client.force_login(member)
    url = reverse("aides:commission_conflict", args=[session.pk, dossier.pk])
    response = client.post(url, {"reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    response = client.post(url, {"reason": "Ancien associé du gérant."})
    assert response.status_code == 302
    get(client, reverse("aides:commission_dossier", args=[session.pk, dossier.pk]), 404)


@pytest.mark.parametrize("status", list(S))
def test_member_pages_in_every_status(client, session, member, status):
    dossier = make_dossier(status)
    Dossier.objects.filter(pk=dossier.pk).update(session=session)
    client.force_login(member)
    get(client, reverse("aides:commission_sessions"))
    get(client, reverse("aides:commission_session", args=[session.pk]))
    expected = 200 if status == S.EN_COMMISSION else 404
    get(client, reverse("aides:commission_dossier", args=[session.pk, dossier.pk]), expected)
    get(client, reverse("aides:commission_conflict", args=[session.pk, dossier.pk]), expected)
    # the applicant's dossier page (with the decisions in the « Suivi ») renders too
    client.force_login(dossier.structure.memberships.first().user)
    get(client, reverse("aides:dossier", args=[dossier.pk]))


@pytest.mark.parametrize("rows", [1, 12])
def test_session_page_query_count_is_constant(
    client, session, member, django_assert_num_queries, rows
):
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("50000.00")
    )
    dossiers = [cf.en_commission(session) for _ in range(rows)]
    cf.give(session, dossiers[0], member)
    MembershipFactory(user=member, structure=dossiers[-1].structure)
    client.force_login(member)
    url = reverse("aides:commission_session", args=[session.pk])
    # session (member check), user, groups, count, page of dossiers, reductions, envelope,
    # granted, proposed, review
    with django_assert_num_queries(10):
        text = get(client, url).content.decode()
    assert text.count('data-testid="row-') == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_dossier_page_query_count_is_constant(
    client, session, member, django_assert_num_queries, rows
):
    dossier = cf.en_commission(session)
    for _ in range(rows):
        cf.give(session, dossier, cf.commission_member(session))
    cf.give(session, dossier, member)
    client.force_login(member)
    url = reverse("aides:commission_dossier", args=[session.pk, dossier.pk])
    with django_assert_num_queries(10):
        text = get(client, url).content.decode()
    assert text.count("Motivation de l&#x27;avis.") == rows + 1


# --- the applicant's letter ---------------------------------------------------------------


def test_applicant_downloads_the_letter_and_others_get_404(client, session, oncommit):
    with oncommit():
        dossier = cf.attributed(session, amount="9000")
        foreign = cf.attributed(f.session("16"), amount="8000")
    made = Decision.objects.get(dossier=dossier)
    foreign_decision = Decision.objects.get(dossier=foreign)
    assert made.letter and foreign_decision.letter
    client.force_login(dossier.structure.memberships.first().user)
    text = get(client, reverse("aides:dossier", args=[dossier.pk])).content.decode()
    letter_url = reverse("aides:decision_letter", args=[dossier.pk, made.pk])
    assert letter_url in text and "décision d'attribution" in text
    response = get(client, letter_url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    get(client, reverse("aides:decision_letter", args=[foreign.pk, foreign_decision.pk]), 404)
    get(client, reverse("aides:decision_letter", args=[dossier.pk, foreign_decision.pk]), 404)


# --- admin ----------------------------------------------------------------------------------


def _staff_client(client, group=None, **kwargs):
    from allauth.mfa.totp.internal.auth import TOTP

    staff = StaffFactory(**kwargs)
    if group:
        staff.groups.add(Group.objects.get(name=group))
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(staff)
    return client, staff


@pytest.fixture
def president_client(client):
    return _staff_client(client, roles.PRESIDENCE)


@pytest.fixture
def admin_client_instructor(client):
    return _staff_client(client, roles.INSTRUCTEUR)[0]


@pytest.fixture
def admin_client(client):
    return _staff_client(client, is_superuser=True)[0]


def test_president_attributes_from_the_admin_above_caps_refused(president_client, dossier):
    client, _staff = president_client
    change = reverse("admin:aides_dossier_change", args=[dossier.pk])
    text = get(client, change).content.decode()
    assert reverse("admin:aides_dossier_transition", args=[dossier.pk, S.ATTRIBUE]) in text
    assert reverse("admin:aides_dossier_transition", args=[dossier.pk, S.REFUSE]) in text
    url = reverse("admin:aides_dossier_transition", args=[dossier.pk, S.ATTRIBUE])
    text = get(client, url).content.decode()
    assert "9\u202f000,00" in text  # the retained amount prefilled
    response = client.post(url, {"amount": "12 400,01", "reason": ""})
    assert "ne peut pas dépasser" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.EN_COMMISSION
    response = client.post(url, {"amount": "9 000", "reason": "Projet prioritaire"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.montant_attribue) == (S.ATTRIBUE, Decimal("9000.00"))
    # a second president on the same, already decided dossier: no such move any more
    assert client.post(url, {"amount": "9 000"}).status_code == 404


def test_instructor_has_no_decision_button(admin_client_instructor, dossier):
    text = get(
        admin_client_instructor, reverse("admin:aides_dossier_change", args=[dossier.pk])
    ).content.decode()
    assert reverse("admin:aides_dossier_transition", args=[dossier.pk, S.ATTRIBUE]) not in text


def test_session_admin_actions(admin_client, session, member, oncommit):
    Envelope.objects.create(
        programme="16", year=session.commission_date.year, amount=Decimal("10000.00")
    )
    first = cf.eligible(session, proposed="8000")
    second = cf.eligible(session, proposed="4000")
    changelist = reverse("admin:aides_commissionsession_changelist")
    response = admin_client.post(
        changelist, {"action": "open_review", "_selected_action": [session.pk]}, follow=True
    )
    assert "2 dossier(s) transmis" in response.content.decode()
    response = admin_client.post(
        changelist, {"action": "apply_reduction", "_selected_action": [session.pk]}, follow=True
    )
    assert commission.retained_amount(first) == Decimal("6666.67")
    assert commission.retained_amount(second) == Decimal("3333.33")
    text = get(
        admin_client, reverse("admin:aides_commissionsession_change", args=[session.pk])
    ).content.decode()
    assert "commission-panel" in text
    for d in (first, second):
        cf.give(session, d, member)
    url = reverse("admin:aides_commissionsession_decide", args=[session.pk])
    get(admin_client, url)
    response = admin_client.post(url, {"refusal_reason": "Non prioritaire."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.montant_attribue) == (S.ATTRIBUE, Decimal("6666.67"))
    url = reverse("admin:aides_commissionsession_present", args=[session.pk])
    get(admin_client, url)
    with oncommit():
        response = admin_client.post(url, {"present": [member.pk]})
    assert response.status_code == 302
    review = CommissionReview.objects.get(session=session)
    assert review.pv_file
    response = get(admin_client, reverse("admin:aides_commissionsession_pv", args=[session.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_contestation_and_second_review_from_the_admin(admin_client, session, member):
    dossier = cf.en_commission(session)
    decision.dossier_refuse(dossier=dossier, reason="Non.", actor=None)
    change = reverse("admin:aides_dossier_change", args=[dossier.pk])
    url = reverse("admin:aides_dossier_object_action", args=[dossier.pk, "contestation"])
    response = admin_client.post(url, {"received_on": "2099-01-01", "text": "x"})
    assert "futur" in response.content.decode()
    response = admin_client.post(url, {"received_on": dossier.decided_on.isoformat(), "text": "x"})
    assert response.status_code == 302
    get(admin_client, change)
    url = reverse("admin:aides_dossier_transition", args=[dossier.pk, S.EN_COMMISSION])
    response = admin_client.post(url, {"reason": "Éléments nouveaux"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.EN_COMMISSION


def test_user_menu_offers_mes_commissions_to_members_only(client, member):
    """The entry comes from the session set at login (no query on every page)."""
    client.force_login(member)
    content = get(client, reverse("accounts:dashboard")).content.decode()
    assert "Mes commissions" in content
    assert reverse("aides:commission_sessions") in content
    client.logout()
    applicant = MembershipFactory(role="Gérante").user
    client.force_login(applicant)
    assert "Mes commissions" not in get(client, reverse("accounts:dashboard")).content.decode()
