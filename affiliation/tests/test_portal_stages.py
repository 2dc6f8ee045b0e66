"""The portal pages of a person and a structure at each stage answer without a server error:
no access yet, access requested (every status of the request), member with an affiliation in
every status of its workflow."""

import pytest
from django.urls import reverse

from affiliation.tests.status_objects import DECISIONS, make_affiliation
from affiliation.workflow import affiliation_flow
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from espace_pro.tests.status_objects import make_access_request
from espace_pro.workflow import access_request_flow

pytestmark = pytest.mark.django_db

HOME_PAGES = ("accounts:dashboard", "espace_pro:home", "espace_pro:request_choice")


def _ok(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{url}: HTTP {response.status_code}"
    return response


def test_no_access_yet(user_client):
    for name in HOME_PAGES:
        assert _ok(user_client, reverse(name)).status_code == 200
    stranger = StructureFactory()
    for url in (
        reverse("espace_pro:structure", args=[stranger.pk]),
        reverse("affiliation:overview", args=[stranger.pk]),
    ):
        assert _ok(user_client, url).status_code == 404


@pytest.mark.parametrize("personne_physique", [False, True], ids=["morale", "physique"])
@pytest.mark.parametrize("status", sorted(access_request_flow.statuses))
def test_access_requested(user_client, user, status, personne_physique):
    request = make_access_request(status, user, personne_physique=personne_physique)
    for name in HOME_PAGES:
        assert _ok(user_client, reverse(name)).status_code == 200
    detail = reverse("espace_pro:request_detail", args=[request.pk])
    assert _ok(user_client, detail).status_code == 200
    for document in request.documents.all():
        url = reverse("espace_pro:request_document", args=[request.pk, document.pk])
        assert _ok(user_client, url).status_code == 200
    if request.structure_id and request.structure.memberships.filter(user=user).exists():
        url = reverse("espace_pro:structure", args=[request.structure_id])
        assert _ok(user_client, url).status_code == 200


@pytest.mark.parametrize("status", sorted(affiliation_flow.statuses))
def test_member_with_an_affiliation_in_each_status(user_client, user, status):
    membership = MembershipFactory(user=user)
    affiliation = make_affiliation(status, membership)
    structure = membership.structure
    for url in (
        *(reverse(name) for name in HOME_PAGES),
        reverse("espace_pro:structure", args=[structure.pk]),
        reverse("affiliation:overview", args=[structure.pk]),
    ):
        assert _ok(user_client, url).status_code == 200, url
    # the request form answers (or sends back to the overview when nothing can be asked now)
    assert _ok(user_client, reverse("affiliation:request", args=[structure.pk])).status_code in (
        200,
        302,
    )
    assert bool(affiliation.decision_pdf) == (status in (*DECISIONS, "expiree"))
    if affiliation.decision_pdf:
        url = reverse("affiliation:decision_pdf", args=[affiliation.pk])
        assert _ok(user_client, url).status_code == 200
    for document in affiliation.documents.all():
        url = reverse("affiliation:document", args=[affiliation.pk, document.pk])
        assert _ok(user_client, url).status_code == 200
