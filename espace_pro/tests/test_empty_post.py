"""Regression (fuzz suite, issue 13): an empty POST to a request form came back as the blank form,
without any error, because ``request.POST or None`` leaves an empty POST unbound."""

import pytest
from django.urls import reverse

from espace_pro.models import AccessRequest, Membership


@pytest.mark.parametrize(
    "url",
    [
        reverse("espace_pro:request_simplified"),
        reverse("espace_pro:request_personne_physique"),
        reverse(
            "espace_pro:request_morale", kwargs={"kind": "siret", "identifier": "90100001800019"}
        ),
    ],
)
def test_an_empty_post_gets_the_errors_and_changes_nothing(user_client, url):
    response = user_client.post(url, {})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not AccessRequest.objects.exists()
    assert not Membership.objects.exists()
