import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code() -> str:
    return format_hotp_value(hotp_value(SECRET, int(timezone.now().timestamp()) // 30))


def test_staff_groups_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.STAFF_GROUPS) <= names
    instructeurs = Group.objects.get(name=roles.INSTRUCTEUR)
    assert instructeurs.permissions.filter(codename="view_user").exists()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_totp_must_set_it_up_before_the_admin(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # The portal itself stays usable.
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_staff_with_totp_logs_in_with_a_code_then_reaches_the_admin(client):
    staff = StaffFactory()
    TOTP.activate(staff, SECRET)
    response = client.post(
        reverse("account_login"),
        {"login": staff.email, "password": DEFAULT_PASSWORD, "next": reverse("admin:index")},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    bad = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert bad.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert Authenticator.objects.filter(user=staff).exists()


def test_non_staff_cannot_open_the_admin(user_client):
    response = user_client.get(reverse("admin:index"))
    assert response.status_code == 302
