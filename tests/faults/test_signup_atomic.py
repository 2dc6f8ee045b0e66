"""Regression test of a defect found by the PostgreSQL-restart fault: a signup was not one
transaction. The account was written, then its confirmation e-mail queued; a database lost in
between left an account without e-mail (or, replayed, with two). Fixed: the signup view is
wrapped in ``transaction.atomic`` (``cnm_portal/urls.py``). Runs on the embedded SQLite default
(no fault stack needed); the visitor gets the 503 page (database unreachable)."""

from unittest import mock

import pytest
from django.db import OperationalError

from accounts.models import User


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
    assert response.status_code == 503
    assert not User.objects.filter(email="coupure@exemple.fr").exists()
