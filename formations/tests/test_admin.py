"""Staff screens: sessions with seats taken / free (no N+1), the attendance CSV, cancelling a
session or an inscription with the workflow buttons, module with its sessions inline."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from espace_pro.tests.factories import MembershipFactory
from formations.models import Inscription, Module, Session
from formations.tests.factories import ModuleFactory, make_session, register
from formations.workflow import IS, S

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def staff(client):
    from allauth.mfa.totp.internal.auth import TOTP

    user = StaffFactory()
    TOTP.activate(user, TOTP_SECRET)
    user.groups.add(Group.objects.get(name=roles.SERVICES))
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session.save()
    return user


def _changelist_queries(client, django_assert_max_num_queries, budget):
    url = reverse("admin:formations_session_changelist")
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_session_list_counts_without_n_plus_one(client, staff, django_assert_max_num_queries):
    session = make_session(seats=2)
    register(session), register(session), register(session)
    few = _changelist_queries(client, django_assert_max_num_queries, 30)
    for _i in range(8):
        other = make_session(seats=1)
        register(other), register(other)
    many = _changelist_queries(client, django_assert_max_num_queries, 30)
    assert many == few
    response = client.get(reverse("admin:formations_session_changelist"))
    row = next(s for s in response.context["cl"].result_list if s.pk == session.pk)
    assert (row.n_taken, row.n_waiting) == (2, 1)


def test_attendance_csv_lists_the_seated_people(client, staff):
    session = make_session(seats=1)
    member = MembershipFactory(role="Gérante", user__last_name="Zola", user__first_name="Émile")
    register(session, member.user, structure=member.structure)
    waiting = register(session)
    response = client.get(reverse("admin:formations_session_attendance", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "ZOLA;Émile;" in text and member.structure.name in text
    assert waiting.user.email not in text


def test_attendance_csv_needs_the_right_group(client):
    from allauth.mfa.totp.internal.auth import TOTP

    user = StaffFactory()
    TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session.save()
    response = client.get(reverse("admin:formations_session_attendance", args=[make_session().pk]))
    assert response.status_code == 403


def test_cancel_session_button_emails_everyone(client, staff, django_capture_on_commit_callbacks):
    session = make_session(seats=1)
    people = [register(session), register(session)]
    url = reverse("admin:formations_session_transition", args=[session.pk, S.ANNULEE])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Salle indisponible"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == S.ANNULEE
    for inscription in people:
        assert Inscription.objects.get(pk=inscription.pk).status == IS.ANNULEE_CNM
        assert any(inscription.user.email in m.to and "annulée" in m.subject for m in mail.outbox)


def test_staff_cancel_inscription_promotes_the_next(client, staff):
    session = make_session(days=3, seats=1)
    seated, waiting = register(session), register(session)
    url = reverse("admin:formations_inscription_transition", args=[seated.pk, IS.ANNULEE_CNM])
    response = client.post(url, {"reason": "Désistement par téléphone"})
    assert response.status_code == 302
    assert Inscription.objects.get(pk=seated.pk).status == IS.ANNULEE_CNM
    assert Inscription.objects.get(pk=waiting.pk).status == IS.CONFIRMEE


def test_module_with_inline_session_through_the_service(client, staff):
    url = reverse("admin:formations_module_add")
    data = {
        "title": "Financer son projet",
        "slug": "financer-son-projet",
        "parcours": "financements",
        "format": "distanciel",
        "duration_hours": "3,5",
        "price": "0",
        "description": "Les aides du CNM.",
        "published": "on",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-start_0": "15/03/2027",
        "sessions-0-start_1": "14:00",
        "sessions-0-end_0": "15/03/2027",
        "sessions-0-end_1": "12:00",
        "sessions-0-online": "on",
        "sessions-0-link": "",
        "sessions-0-seats": "20",
        "sessions-0-cancellation_delay_days": "7",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # errors shown, nothing saved
    assert not Module.objects.exists()
    body = response.content.decode()
    assert "La fin doit être postérieure au début." in body
    assert "Indiquez le lien de connexion" in body
    data.update({"sessions-0-end_1": "17:30", "sessions-0-link": "https://visio.cnm.fr/f"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    session = Session.objects.get()
    assert session.status == S.OUVERTE and session.module.slug == "financer-son-projet"
    from formations.workflow import session_flow

    assert session_flow.history(session).count() == 1


def test_reserved_slug_refused(client, staff):
    response = client.post(
        reverse("admin:formations_module_add"),
        {
            "title": "Mes inscriptions",
            "slug": "mes-inscriptions",
            "parcours": "numerique",
            "format": "distanciel",
            "duration_hours": "2",
            "price": "0",
            "description": "x",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "Cette adresse est réservée" in response.content.decode()
    assert not ModuleFactory._meta.model.objects.exists()
