"""Defect found by the PostgreSQL-restart fault: a signup is not one transaction. The account
is written, then its confirmation e-mail queued; a database lost in between leaves an account
without e-mail (or, replayed, with two), while the visitor sees an error page.

Fix (lead, shared files): ``DATABASES["default"]["ATOMIC_REQUESTS"] = True`` in
``cnm_portal/settings.py``, or wrap allauth's signup view in ``transaction.atomic`` where
``accounts`` mounts it. Runs on the embedded SQLite default (no fault stack needed).
"""

from unittest import mock

import pytest
from django.db import OperationalError

from accounts.models import User


@pytest.mark.xfail(
    strict=True,
    reason="signup is not atomic: an account is left without its confirmation e-mail when the "
    "database fails between the two writes (fix: ATOMIC_REQUESTS or an atomic signup view)",
)
@pytest.mark.django_db(transaction=True)
def test_a_signup_cut_after_the_account_leaves_no_account(client):
    data = {
        "email": "coupure@exemple.fr",
        "password1": "Correct-Horse-Battery-9",
        "password2": "Correct-Horse-Battery-9",
        "last_name": "Durand",
        "first_name": "Alice",
    }
    client.raise_request_exception = False
    with mock.patch("accounts.adapter.email_enqueue", side_effect=OperationalError("coupure")):
        response = client.post("/compte/signup/", data)
    assert response.status_code == 500
    assert not User.objects.filter(email="coupure@exemple.fr").exists()
