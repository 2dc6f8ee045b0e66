"""The instructor's queue in the admin (the instructor is staff with TOTP, in « Instructeurs »)."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cnm_portal.models import StatusChange
from espace_pro.models import ActivationCode, Structure
from espace_pro.services import activation_code_issue, activation_letter_request
from espace_pro.tests.factories import (
    AccessRequestFactory,
    IncompleteRequestFactory,
    StructureFactory,
)
from espace_pro.workflow import AccessRequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, instructor):
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    return client


def test_queue_filters_late_requests(admin_client):
    late = AccessRequestFactory(name="En retard", due_date=timezone.localdate() - timedelta(days=1))
    AccessRequestFactory(name="Dans les temps", siret="21459990400015")
    url = reverse("admin:espace_pro_accessrequest_changelist")
    content = admin_client.get(url, {"delai": "retard"}).content.decode()
    assert late.name in content and "Dans les temps" not in content
    for filter_query in (
        {"status__exact": "en_attente"},
        {"procedure__exact": "siret"},
        {"legal_form__exact": "association"},
    ):
        assert admin_client.get(url, filter_query).status_code == 200


def test_instructor_approves_from_the_request_page(
    admin_client, instructor, django_capture_on_commit_callbacks
):
    access_request = AccessRequestFactory()
    page = admin_client.get(
        reverse("admin:espace_pro_accessrequest_change", args=[access_request.pk])
    )
    assert "Accepter" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(
                "admin:espace_pro_accessrequest_transition", args=[access_request.pk, "acceptee"]
            )
        )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.ACCEPTEE
    assert access_request.processed_by == instructor
    change = StatusChange.objects.filter(to_status="acceptee").get()
    assert change.actor == instructor
    assert ActivationCode.objects.get(structure=access_request.structure).letter


def test_instructor_refuses_with_a_reason(admin_client, django_capture_on_commit_callbacks):
    access_request = AccessRequestFactory()
    url = reverse("admin:espace_pro_accessrequest_transition", args=[access_request.pk, "refusee"])
    assert "Motif du refus" in admin_client.get(url).content.decode()
    empty = admin_client.post(url, {"reason": ""})
    assert empty.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"reason": "Le Kbis ne correspond pas à l'adresse."})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSEE
    assert "Le Kbis ne correspond pas" in mail.outbox[-1].body


def test_instructor_asks_for_a_corrected_document(admin_client, django_capture_on_commit_callbacks):
    access_request = AccessRequestFactory()
    url = reverse(
        "admin:espace_pro_accessrequest_transition", args=[access_request.pk, "a_completer"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"message": "Kbis de plus de 3 mois."})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.A_COMPLETER
    assert "Kbis de plus de 3 mois." in mail.outbox[-1].body


def test_refresh_registry_fills_missing_data(admin_client):
    access_request = AccessRequestFactory(siret="21459990400015", registry_data=None)
    admin_client.post(
        reverse(
            "admin:espace_pro_accessrequest_object_action", args=[access_request.pk, "repertoire"]
        )
    )
    access_request.refresh_from_db()
    assert access_request.registry_data["name"] == "Commune de Demoville"


def test_buttons_follow_the_workflow_table(admin_client):
    """A request waiting for its corrected document cannot be accepted (no such move): no
    button, and the URL answers 404 without changing anything."""
    waiting = IncompleteRequestFactory()
    page = admin_client.get(reverse("admin:espace_pro_accessrequest_change", args=[waiting.pk]))
    content = page.content.decode()
    assert "/transition/refusee/" in content
    assert "/transition/acceptee/" not in content and "/transition/a_completer/" not in content
    url = reverse("admin:espace_pro_accessrequest_transition", args=[waiting.pk, "acceptee"])
    assert admin_client.post(url).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == AccessRequestStatus.A_COMPLETER


def test_refresh_without_an_identifier_is_disabled(admin_client):
    personal = AccessRequestFactory(siret="", procedure="personne_physique")
    page = admin_client.get(reverse("admin:espace_pro_accessrequest_change", args=[personal.pk]))
    assert "ni SIRET ni RNA" in page.content.decode()


def test_regenerating_a_code_invalidates_the_old_one_and_produces_a_letter(
    admin_client, django_capture_on_commit_callbacks
):
    structure = StructureFactory()
    old, _plaintext = activation_code_issue(structure=structure, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:espace_pro_structure_changelist"),
            {"action": "issue_letters", "_selected_action": [structure.pk]},
        )
    old.refresh_from_db()
    assert old.revoked_at is not None
    new = ActivationCode.objects.get(structure=structure, revoked_at__isnull=True)
    response = admin_client.get(
        reverse("admin:espace_pro_structure_letter", args=[structure.pk, new.pk])
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_letter_handler_is_idempotent_enough(django_capture_on_commit_callbacks):
    structure = StructureFactory()
    with django_capture_on_commit_callbacks(execute=True):
        activation_letter_request(structure=structure, actor=None)
        activation_letter_request(structure=structure, actor=None)
    assert ActivationCode.objects.filter(structure=structure, revoked_at__isnull=True).count() == 1
    assert Structure.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 30])
def test_queue_query_count_is_constant(admin_client, django_assert_max_num_queries, rows):
    for i in range(rows):
        AccessRequestFactory(siret=f"{i:014d}")
    with django_assert_max_num_queries(12):
        assert (
            admin_client.get(reverse("admin:espace_pro_accessrequest_changelist")).status_code
            == 200
        )
