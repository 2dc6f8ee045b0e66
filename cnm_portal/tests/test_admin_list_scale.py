"""Admin lists of the portal's big tables: the same queries with 1 and with many rows, and never
a full COUNT(*) (shared/DESIGN.md §5; measured by bench/scale.py)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import StaffFactory, UserFactory
from cnm_portal import paginator as paginator_module
from cnm_portal.audit import audit_record
from cnm_portal.models import OutboxMessage
from espace_pro.tests.factories import AccessRequestFactory, MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db

LISTS = {
    "/admin/espace_pro/structure/": lambda n: StructureFactory.create_batch(n),
    "/admin/espace_pro/membership/": lambda n: MembershipFactory.create_batch(n),
    "/admin/espace_pro/accessrequest/": lambda n: AccessRequestFactory.create_batch(n),
    "/admin/accounts/user/": lambda n: UserFactory.create_batch(n),
    "/admin/cnm_portal/outboxmessage/": lambda n: OutboxMessage.objects.bulk_create(
        [OutboxMessage(kind="bench") for _ in range(n)]
    ),
    "/admin/cnm_portal/auditentry/": lambda n: [
        audit_record(actor=None, action="bench", target=structure)
        for structure in StructureFactory.create_batch(n)
    ],
}
BARE_COUNT = re.compile(r"^SELECT COUNT\(\*\) AS \"__count\" FROM \"\w+\"", re.I)


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(is_superuser=True)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(staff)
    return client


def _open(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("url", list(LISTS))
@pytest.mark.parametrize("suffix", ["", "?q=CNM000001"])
def test_constant_queries_and_no_full_count(staff_client, url, suffix, monkeypatch):
    monkeypatch.setattr(paginator_module, "CAP", 5)  # the cap is reached by the second size
    LISTS[url](1)
    _open(staff_client, url + suffix)  # session, content types and permissions cached
    small = _open(staff_client, url + suffix)
    LISTS[url](12)
    large = _open(staff_client, url + suffix)
    assert len(small) == len(large), "\n".join(large)
    for sql in large:
        assert not BARE_COUNT.match(sql), f"full COUNT(*) on {url}: {sql}"
    assert any("COUNT(*)" in sql and "LIMIT 6" in sql for sql in large), "\n".join(large)


def test_structure_search_by_number_is_exact(staff_client):
    wanted, other = StructureFactory(), StructureFactory()
    response = staff_client.get("/admin/espace_pro/structure/", {"q": wanted.numero_cnm})
    assert wanted.name in response.content.decode()
    assert other.name not in response.content.decode()
    # A fragment of a number no longer matches every structure (no LIKE '%…%' on numbers).
    response = staff_client.get("/admin/espace_pro/structure/", {"q": wanted.numero_cnm[3:]})
    assert wanted.name not in response.content.decode()
