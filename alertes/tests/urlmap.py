"""The alerts' kwargs for tests/test_access.py and the fuzz suite: the unsubscribe link is
signed (no id kwarg) and open without login."""


def _token():
    from alertes.tests.factories import make_alert
    from alertes.tokens import unsubscribe_token

    return {"token": unsubscribe_token(make_alert())}


VALUES = {"alertes:unsubscribe": _token}
PUBLIC = {
    "alertes:unsubscribe": "one-click unsubscribe from the e-mail: the signed token is the secret"
}
