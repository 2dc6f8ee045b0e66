"""The workflow mechanism, exercised on a real table (the outbox has a status field)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.tests.factories import UserFactory
from cnm_portal.models import OutboxMessage, StatusChange
from cnm_portal.workflow import TransitionNotAllowed, Workflow

P, D, F = "pending", "done", "failed"


def not_too_many_attempts(message):
    return ["Trop de tentatives."] if message.attempts > 3 else []


effects_seen = []

flow = Workflow(
    name="test",
    initial=P,
    transitions={P: {D, F}, F: {P}},
    guards={(F, P): [not_too_many_attempts]},
    effects={D: [lambda obj, change: effects_seen.append((obj.pk, change.to_status))]},
)


@pytest.fixture
def message(db):
    return OutboxMessage.objects.create(kind="test", payload={})


def test_allowed_transition_writes_status_and_history(message):
    actor = UserFactory()
    result = flow.apply(message, D, actor=actor, comment="c'est fait")

    assert result.status == D and message.status == D
    assert OutboxMessage.objects.get(pk=message.pk).status == D
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor, change.comment) == (
        P,
        D,
        actor,
        "c'est fait",
    )
    assert change.workflow == "test" and change.target == message
    assert actor.email in change.actor_label
    assert (message.pk, D) in effects_seen


def test_transition_not_in_table_is_refused_in_french_and_changes_nothing(message):
    flow.apply(message, D, actor=None)
    with pytest.raises(TransitionNotAllowed) as excinfo:
        flow.apply(message, P, actor=None)
    assert "Impossible de passer du statut « Traité » au statut « À envoyer »" in str(excinfo.value)
    assert OutboxMessage.objects.get(pk=message.pk).status == D
    assert StatusChange.objects.count() == 1


def test_guard_errors_block_the_move(message):
    flow.apply(message, F, actor=None)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=4)
    assert flow.can(OutboxMessage.objects.get(pk=message.pk), P) == ["Trop de tentatives."]
    with pytest.raises(ValidationError) as excinfo:
        flow.apply(message, P, actor=None)
    assert excinfo.value.messages == ["Trop de tentatives."]
    assert OutboxMessage.objects.get(pk=message.pk).status == F


def test_updates_are_saved_with_the_status_but_never_the_status_itself(message):
    flow.apply(message, F, actor=None, updates={"last_error": "boom"})
    assert OutboxMessage.objects.get(pk=message.pk).last_error == "boom"
    with pytest.raises(ValueError):
        flow.apply(message, P, actor=None, updates={"status": D})


def test_start_records_creation_and_history_is_ordered(message):
    flow.start(message, actor=None, comment="création")
    flow.apply(message, F, actor=None)
    flow.apply(message, P, actor=None)
    history = [(c.from_status, c.to_status) for c in flow.history(message)]
    assert history == [("", P), (P, F), (F, P)]
    assert StatusChange.objects.first().actor_label == "Système"


def test_table_with_unknown_guard_or_effect_is_rejected_at_import():
    with pytest.raises(ValueError):
        Workflow(name="bad", initial=P, transitions={P: {D}}, guards={(D, P): []})
    with pytest.raises(ValueError):
        Workflow(name="bad", initial=P, transitions={P: {D}}, effects={"nope": []})
    with pytest.raises(ValueError):
        Workflow(name="bad", initial="nope", transitions={P: {D}})


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_moves_are_serialised_by_the_row_lock():
    message = OutboxMessage.objects.create(kind="test", payload={})
    results: list[str] = []
    barrier = threading.Barrier(2)

    def move(target):
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            flow.apply(OutboxMessage.objects.get(pk=message.pk), target, actor=None)
            results.append(target)
        except ValidationError:
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=move, args=(t,)) for t in (D, F)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] != sorted(results)[1]
    assert "refused" in results
    assert StatusChange.objects.filter(object_id=str(message.pk)).count() == 1
