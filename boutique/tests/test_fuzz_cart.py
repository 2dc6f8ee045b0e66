"""The cart and checkout forms under generated bad input (the shared fuzz suite opens them as a
member with an empty cart, where they show no form): a buyer with a print and a digital title
in the cart, every answer an error message, nothing saved."""

import os

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from boutique import services
from boutique.models import Title
from boutique.tests.factories import make_title
from tests.fuzz import dbstate, helpers, runner
from tests.fuzz.runner import fuzz_all
from tests.fuzz.targets import discover

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.mark.parametrize("name", ["boutique:cart", "boutique:checkout"])
def test_cart_forms_reject_bad_input(name, settings, monkeypatch):
    settings.UPLOAD_MAX_BYTES = 200_000
    if "FUZZ_EXAMPLES" not in os.environ:  # run with the app's tests: fewer examples
        monkeypatch.setattr(runner, "EXAMPLES", 30)
    user = UserFactory()
    for title in (make_title(stock=3), make_title(kind=Title.Kind.DIGITAL)):
        services.cart_set_quantity(user=user, title=title, quantity=1)
    client, csrf_client = helpers.clients(user)
    url = reverse(name)
    response = client.get(url)
    targets = helpers.own_targets(discover(response, url), url)
    assert targets
    fuzz_all(
        targets,
        client=client,
        csrf_client=csrf_client,
        tables=dbstate.touched_tables({"boutique"}),
        tally=lambda inputs: None,
    )
