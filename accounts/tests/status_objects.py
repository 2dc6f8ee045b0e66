"""Instances of the accounts' models for tests/test_admin_every_status.py."""

from accounts.models import User


def _user(_status):
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.tests.factories import StaffFactory
    from espace_pro.tests.factories import MembershipFactory

    user = StaffFactory(first_name="Zénith", last_name="Dupont")  # with its e-mail address
    user.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    MembershipFactory(user=user)
    return user


STATUS_OBJECTS = {User: (None, _user)}
