"""The after-commit dispatch against a real broker (CI points CELERY_BROKER_URL at Redis) and
against an unreachable one."""

import os
from unittest import mock

import pytest
from celery import Celery
from django.conf import settings

from cnm_portal import tasks
from cnm_portal.models import OutboxMessage
from cnm_portal.outbox import outbox_dispatch

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def publishing_task(broker_url: str):
    """The real task, bound to an app that publishes (the suite's app runs tasks eagerly)."""
    app = Celery("cnm_portal_broker_test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.task_always_eager = False
    task = app.task(name=tasks.process_outbox_message.name, shared=False)(
        tasks.process_outbox_message.run
    )
    return app, task


@pytest.mark.broker
@pytest.mark.skipif(not BROKER.startswith("redis://"), reason="CELERY_BROKER_URL is not Redis")
@pytest.mark.django_db
def test_dispatch_publishes_to_redis():
    import redis

    app, task = publishing_task(BROKER)
    queue = app.conf.task_default_queue
    client = redis.Redis.from_url(BROKER)
    client.delete(queue)
    message = OutboxMessage.objects.create(kind="email", payload={})
    with mock.patch("cnm_portal.tasks.process_outbox_message", task):
        outbox_dispatch(message.pk)
    try:
        assert client.llen(queue) == 1
    finally:
        client.delete(queue)
        app.close()


@pytest.mark.django_db
def test_unreachable_broker_does_not_raise():
    """Port 9 on loopback refuses connections: the dispatch logs and returns."""
    app, task = publishing_task("redis://127.0.0.1:9/0")
    message = OutboxMessage.objects.create(kind="email", payload={})
    with mock.patch("cnm_portal.tasks.process_outbox_message", task):
        outbox_dispatch(message.pk)
    app.close()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["max_retries"] == 0
