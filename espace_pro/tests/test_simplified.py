from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from espace_pro import rules
from espace_pro.models import ActivationCode, Membership
from espace_pro.services import activation_code_issue
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db
URL = reverse("espace_pro:request_simplified")


@pytest.fixture
def structure_with_code():
    structure = StructureFactory(name="Label Demo Musique")
    code, plaintext = activation_code_issue(structure=structure, actor=None)
    return structure, code, plaintext


def search(client, numero, code):
    return client.post(URL, {"numero_cnm": numero, "code": code})


def test_search_shows_the_structure_then_confirm_gives_access_and_consumes_code(
    user_client, user, structure_with_code, oncommit
):
    structure, code, plaintext = structure_with_code
    member = MembershipFactory(structure=structure)
    typed = rules.format_activation_code(plaintext).lower()  # dashes and case do not matter

    response = search(user_client, structure.numero_cnm, typed)
    assert "Label Demo Musique" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()

    with oncommit():
        response = user_client.post(
            URL, {"numero_cnm": structure.numero_cnm, "code": typed, "role": "Gérante"}
        )
    assert response["Location"] == reverse("espace_pro:structure", args=[structure.pk])
    membership = Membership.objects.get(user=user)
    assert (membership.structure, membership.role, membership.via) == (structure, "Gérante", "code")
    code.refresh_from_db()
    assert code.used_at is not None and code.used_by == user
    assert [m.to for m in mail.outbox] == [[member.user.email]]  # existing members are told


def test_role_is_required_and_nothing_changes(user_client, user, structure_with_code):
    structure, _code, plaintext = structure_with_code
    response = user_client.post(
        URL, {"numero_cnm": structure.numero_cnm, "code": plaintext, "role": ""}
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("wrong", "Numéro CNM ou code d'activation incorrect"),
        ("unknown_numero", "Numéro CNM ou code d'activation incorrect"),
        ("expired", "Ce code d'activation a expiré"),
        ("used", "Ce code d'activation a déjà été utilisé"),
        ("revoked", "remplacé par un code plus récent"),
        ("member", "Vous avez déjà accès"),
    ],
)
def test_bad_codes_get_a_precise_french_message_and_change_nothing(
    user_client, user, structure_with_code, setup, message
):
    structure, code, plaintext = structure_with_code
    numero = structure.numero_cnm
    if setup == "wrong":
        plaintext = "AAAA-BBBB-CCCC"
    elif setup == "unknown_numero":
        numero = "CNM999999"
    elif setup == "expired":
        ActivationCode.objects.filter(pk=code.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif setup == "used":
        ActivationCode.objects.filter(pk=code.pk).update(used_at=timezone.now())
    elif setup == "revoked":
        activation_code_issue(structure=structure, actor=None)
    elif setup == "member":
        MembershipFactory(user=user, structure=structure)
    members_before = Membership.objects.count()

    response = user_client.post(URL, {"numero_cnm": numero, "code": plaintext, "role": "Gérante"})
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Membership.objects.count() == members_before


def test_failed_attempts_are_rate_limited_per_user(user_client, structure_with_code):
    structure, _code, plaintext = structure_with_code
    for _ in range(rules.CODE_ATTEMPTS_PER_USER):
        search(user_client, structure.numero_cnm, "MAUVAIS-CODE")
    response = search(user_client, structure.numero_cnm, plaintext)  # even the right code
    assert "Trop de tentatives" in response.content.decode()
    assert "structure-found" not in response.content.decode()


def test_failed_attempts_are_rate_limited_per_structure(client, structure_with_code):
    structure, _code, plaintext = structure_with_code
    for _ in range(rules.CODE_ATTEMPTS_PER_STRUCTURE):
        client.force_login(UserFactory())
        search(client, structure.numero_cnm, "MAUVAIS-CODE")
    client.force_login(UserFactory())
    response = search(client, structure.numero_cnm, plaintext)
    assert "Trop de tentatives" in response.content.decode()


def test_new_code_revokes_the_previous_one(structure_with_code):
    structure, first, _plaintext = structure_with_code
    second, _ = activation_code_issue(structure=structure, actor=None)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.is_live
    assert ActivationCode.objects.filter(structure=structure, revoked_at__isnull=True).count() == 1


def test_code_is_stored_hashed(structure_with_code):
    _structure, code, plaintext = structure_with_code
    assert rules.normalize_activation_code(plaintext) not in code.code_hash
