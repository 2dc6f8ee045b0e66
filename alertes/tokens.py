"""The one-click unsubscribe link of the alert e-mails: a signed alert id (no expiry: an old
e-mail's link must keep working)."""

from django.core import signing

SALT = "alertes.unsubscribe"


def unsubscribe_token(alert) -> str:
    return signing.dumps(alert.pk, salt=SALT, compress=False)


def alert_id_from(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
