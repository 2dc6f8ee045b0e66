"""Instances of the third-party models registered in our admin (see test_admin_every_status)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from dsfr.models import DsfrConfig

from accounts import roles


def _group(_status):
    return Group.objects.get(name=roles.INSTRUCTEUR)


def _dsfr_config(_status):
    return DsfrConfig.objects.create(language="fr", site_title="Mon Espace CNM")


def _email_address(_status):
    from accounts.tests.factories import UserFactory

    return EmailAddress.objects.filter(user=UserFactory()).first()


def _authenticator(_status):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import StaffFactory

    return TOTP.activate(StaffFactory(), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").instance


STATUS_OBJECTS = {
    Group: (None, _group),
    DsfrConfig: (None, _dsfr_config),
    EmailAddress: (None, _email_address),
    Authenticator: (None, _authenticator),
}
