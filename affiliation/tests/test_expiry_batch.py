"""The daily expiry at volume: by chunks, each move in the history, each e-mail once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from affiliation import services, tasks
from affiliation.models import Affiliation
from affiliation.workflow import AffiliationStatus
from cnm_portal.models import OutboxMessage, StatusChange

S = AffiliationStatus
LAST_DAY = dt.date(2027, 3, 14)
ON = LAST_DAY + dt.timedelta(days=1)


def validated(structure, *, valid_from, valid_until) -> Affiliation:
    return Affiliation.objects.create(
        structure=structure,
        kind=Affiliation.Kind.PREMIERE,
        status=S.VALIDEE,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def ended(count: int) -> list[Affiliation]:
    """``count`` structures with a member each and a validated year ending on ``LAST_DAY``."""
    from espace_pro.tests.factories import MembershipFactory

    return [
        validated(
            MembershipFactory().structure,
            valid_from=LAST_DAY - dt.timedelta(days=364),
            valid_until=LAST_DAY,
        )
        for _ in range(count)
    ]


def expired_emails() -> list[OutboxMessage]:
    return [
        message
        for message in OutboxMessage.objects.filter(kind="email")
        if "a pris fin" in message.payload["subject"]
    ]


@pytest.mark.django_db
def test_every_chunk_expires_with_history_and_one_email_each(monkeypatch, clock):
    monkeypatch.setattr(services, "EXPIRY_CHUNK", 2)
    affiliations = ended(5)
    renewed = affiliations[0]
    validated(renewed.structure, valid_from=ON, valid_until=ON + dt.timedelta(days=364))
    still_valid = validated(
        ended(1)[0].structure, valid_from=ON, valid_until=ON + dt.timedelta(days=364)
    )
    Affiliation.objects.filter(structure=still_valid.structure).exclude(pk=still_valid.pk).delete()

    clock.set(ON)
    assert tasks.expire_affiliations() == 5  # the daily beat task

    statuses = dict(Affiliation.objects.values_list("pk", "status"))
    assert all(statuses[a.pk] == S.EXPIREE for a in affiliations)
    assert statuses[still_valid.pk] == S.VALIDEE
    history = StatusChange.objects.filter(workflow="affiliation", to_status=S.EXPIREE)
    assert sorted(int(pk) for pk in history.values_list("object_id", flat=True)) == sorted(
        a.pk for a in affiliations
    )
    assert set(history.values_list("from_status", "comment")) == {(S.VALIDEE, "Fin de validité")}
    emails = expired_emails()
    # the renewed structure is not told; each other one once, at its members' addresses
    assert len(emails) == 4
    expected = {
        a.structure.memberships.get().user.email for a in affiliations if a.pk != renewed.pk
    }
    assert {address for m in emails for address in m.payload["to"]} == expected

    # run twice = same result
    assert services.affiliation_expire(on=ON) == 0
    assert history.count() == 5
    assert len(expired_emails()) == 4


@pytest.mark.django_db
def test_nothing_expires_on_the_last_valid_day():
    ended(3)
    assert services.affiliation_expire(on=LAST_DAY) == 0
    assert not Affiliation.objects.filter(status=S.EXPIREE).exists()


def _queries(count: int) -> int:
    ended(count)
    with CaptureQueriesContext(connection) as queries:
        assert services.affiliation_expire(on=ON) == count
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_queries_per_expired_affiliation_are_bounded():
    """Per row: the workflow's savepoint, lock, update and history row, and the e-mail's outbox
    row; the renewals and the members' addresses are read once per chunk."""
    few = _queries(2)
    Affiliation.objects.all().delete()
    many = _queries(12)
    assert (many - few) / 10 <= 6  # the workflow's savepoint and its release included
