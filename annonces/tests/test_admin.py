import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from annonces.tests.factories import make_ad
from annonces.workflow import A, ad_flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    from allauth.mfa.totp.internal.auth import TOTP

    staff = StaffFactory()
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    staff.groups.add(Group.objects.get(name=roles.SERVICES))
    client.force_login(staff)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session.save()
    return client


def _url(ad, to):
    return reverse("admin:annonces_jobad_transition", args=[ad.pk, to])


def test_queue_lists_submitted_ads_with_buttons(staff_client):
    ad = make_ad(A.SOUMISE)
    content = staff_client.get(
        reverse("admin:annonces_jobad_changelist"), {"status__exact": "soumise"}
    ).content.decode()
    assert ad.title in content
    content = staff_client.get(
        reverse("admin:annonces_jobad_change", args=[ad.pk])
    ).content.decode()
    for label in ("Publier", "Demander une modification", "Refuser"):
        assert label in content


def test_services_group_moderates_with_comment_and_reason(staff_client, oncommit):
    ad = make_ad(A.SOUMISE)
    response = staff_client.post(_url(ad, A.A_MODIFIER), {"comment": ""})
    assert response.status_code == 200  # the form again, nothing changed
    ad.refresh_from_db()
    assert ad.status == A.SOUMISE
    with oncommit():
        staff_client.post(_url(ad, A.A_MODIFIER), {"comment": "Ajoutez le salaire."})
    ad.refresh_from_db()
    assert ad.status == A.A_MODIFIER and ad.moderation_comment == "Ajoutez le salaire."
    assert any("Ajoutez le salaire." in m.body for m in mail.outbox)
    other = make_ad(A.SOUMISE)
    staff_client.post(_url(other, A.REFUSEE), {"reason": "Offre illégale."})
    other.refresh_from_db()
    assert other.status == A.REFUSEE
    third = make_ad(A.SOUMISE)
    staff_client.post(_url(third, A.PUBLIEE), {"comment": ""})
    third.refresh_from_db()
    assert third.status == A.PUBLIEE
    assert ad_flow.history(third).last().actor is not None


def test_services_group_has_the_moderation_rights():
    group = Group.objects.get(name=roles.SERVICES)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_jobad", "change_jobad", "view_jobalert"} <= codenames
