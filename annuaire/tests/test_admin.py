"""Staff screens: the validation queue and the buttons of the workflow table."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from annuaire.tests.factories import entry_in
from annuaire.workflow import E

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


def _transition(entry, to):
    return reverse("admin:annuaire_entry_transition", args=[entry.pk, to])


def test_queue_lists_entries_and_filters_them(client, staff):
    waiting = entry_in(E.SOUMISE, name="En attente Musique")
    entry_in(E.PUBLIEE, name="Déjà publiée")
    url = reverse("admin:annuaire_entry_changelist")
    response = client.get(url, {"status__exact": E.SOUMISE})
    body = response.content.decode()
    assert response.status_code == 200
    assert waiting.name in body and "Déjà publiée" not in body
    found = client.get(url, {"q": waiting.structure.numero_cnm}).content.decode()
    assert waiting.name in found and "Déjà publiée" not in found


def test_change_page_shows_the_buttons_of_the_status(client, staff):
    entry = entry_in(E.SOUMISE)
    body = client.get(reverse("admin:annuaire_entry_change", args=[entry.pk])).content.decode()
    for to in (E.PUBLIEE, E.A_CORRIGER, E.REFUSEE):
        assert _transition(entry, to) in body
    published = entry_in(E.PUBLIEE)
    body = client.get(reverse("admin:annuaire_entry_change", args=[published.pk])).content.decode()
    assert _transition(published, E.REFUSEE) in body
    assert _transition(published, E.PUBLIEE) not in body


def test_publish_from_the_admin(client, staff, django_capture_on_commit_callbacks):
    entry = entry_in(E.SOUMISE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_transition(entry, E.PUBLIEE), {"comment": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == E.PUBLIEE
    assert any("est publiée" in m.subject for m in mail.outbox)
    public = client.get(reverse("annuaire:index")).context["page"].object_list
    assert list(public) == [entry]


def test_ask_correction_needs_a_message(client, staff, django_capture_on_commit_callbacks):
    entry = entry_in(E.SOUMISE)
    response = client.post(_transition(entry, E.A_CORRIGER), {"comment": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == E.SOUMISE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_transition(entry, E.A_CORRIGER), {"comment": "Ajoutez un site internet."})
    entry.refresh_from_db()
    assert entry.status == E.A_CORRIGER and entry.staff_comment == "Ajoutez un site internet."
    assert any("Ajoutez un site internet." in m.body for m in mail.outbox)


def test_refuse_a_published_entry_takes_it_down(client, staff):
    entry = entry_in(E.PUBLIEE)
    client.post(_transition(entry, E.REFUSEE), {"comment": "Structure sans activité musicale."})
    entry.refresh_from_db()
    assert entry.status == E.REFUSEE
    assert client.get(reverse("annuaire:entry", args=[entry.pk])).status_code == 404


def test_bulk_publish_skips_other_statuses(client, staff):
    waiting = entry_in(E.SOUMISE)
    draft = entry_in(E.BROUILLON)
    client.post(
        reverse("admin:annuaire_entry_changelist"),
        {"action": "publish_selected", "_selected_action": [waiting.pk, draft.pk]},
    )
    waiting.refresh_from_db()
    draft.refresh_from_db()
    assert (waiting.status, draft.status) == (E.PUBLIEE, E.BROUILLON)


def test_services_group_has_the_rights():
    group = Group.objects.get(name=roles.SERVICES)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_entry", "change_entry"} <= codenames
