import pytest

from espace_pro.tests.conftest import PDF, oncommit, pdf_file  # noqa: F401


@pytest.fixture
def accountant(db):
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.tests.factories import StaffFactory

    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=roles.COMPTABILITE))
    return staff


@pytest.fixture
def business_day():
    """The next business day from today (a valid execution date)."""
    from cnm_portal import dates

    day = dates.today()
    while not dates.is_business_day(day):
        day = dates.add_business_days(day, 1)
    return day


@pytest.fixture(autouse=True)
def _restore_hooks():
    """Tests register hooks of their own; the other apps' hooks stay as they were."""
    from virements import hooks

    saved = [
        (registry, {key: list(value) for key, value in registry.items()})
        for registry in (hooks._paid_hooks, hooks._cancelled_hooks)
    ]
    yield
    for registry, content in saved:
        registry.clear()
        registry.update(content)
