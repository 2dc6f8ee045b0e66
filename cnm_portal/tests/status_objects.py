"""Instances of the kit's models for tests/test_admin_every_status.py."""

from cnm_portal.audit import audit_record
from cnm_portal.models import AuditEntry, OutboxMessage


def _outbox_message(_status):
    return OutboxMessage.objects.create(
        kind="taxe.notices", payload={"batch_id": 1}, status=OutboxMessage.Status.FAILED
    )


def _audit_entry(_status):
    from accounts.tests.factories import UserFactory

    user = UserFactory()
    audit_record(actor=user, action="test.action", target=user, data={"k": "v"})
    return AuditEntry.objects.latest("pk")


STATUS_OBJECTS = {
    OutboxMessage: (None, _outbox_message),
    AuditEntry: (None, _audit_entry),
}
