"""A CNM document number as activation code (guide: « sur les documents taxes, le n° de document
= code d'activation »): once per person, for a set time, every guess limited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from espace_pro import hooks, rules, services
from espace_pro.models import DocumentCodeUse, Membership
from espace_pro.tests.factories import StructureFactory

pytestmark = pytest.mark.django_db
URL = reverse("espace_pro:request_simplified")
NUMBER = "AV-2026-7K3QX9TPRM"
ISSUED_ON = dt.date(2026, 3, 2)


@pytest.fixture
def structure(monkeypatch):
    structure = StructureFactory(name="Salle Demo")

    def verifier(candidate, code):  # what a later app (the tax notices) registers
        return ISSUED_ON if candidate == structure and code == NUMBER else None

    monkeypatch.setattr(hooks, "_code_verifiers", [verifier])
    return structure


def join(user, structure, code=NUMBER, address=""):
    return services.membership_create_with_code(
        user=user, numero_cnm=structure.numero_cnm, code=code, role="Régisseur", address=address
    )


@pytest.mark.parametrize(
    ("on", "works"),
    [
        (ISSUED_ON, True),
        (ISSUED_ON + dt.timedelta(days=rules.DOCUMENT_CODE_VALIDITY_DAYS), True),  # last day
        (ISSUED_ON + dt.timedelta(days=rules.DOCUMENT_CODE_VALIDITY_DAYS + 1), False),
    ],
)
def test_a_document_number_works_for_a_set_time(user, structure, clock, on, works):
    clock.set(on)
    if works:
        assert join(user, structure).structure == structure
    else:
        with pytest.raises(ValidationError) as excinfo:
            join(user, structure)
        assert excinfo.value.code == "expired" and "31/05/2026" in str(excinfo.value)
        assert not Membership.objects.filter(user=user).exists()


def test_document_code_validity_rule():
    assert rules.document_code_valid_until(dt.date(2026, 3, 2)) == dt.date(2026, 5, 31)
    assert rules.document_code_valid_until(dt.date(2027, 12, 1)) == dt.date(2028, 2, 29)


def test_a_document_number_works_once_per_person(user, structure, clock):
    clock.set(ISSUED_ON)
    membership = join(user, structure)
    services.membership_revoke(membership=membership, actor=user)
    with pytest.raises(ValidationError) as excinfo:
        join(user, structure, code=NUMBER.lower())  # the same number however typed
    assert excinfo.value.code == "used"
    assert not Membership.objects.filter(user=user).exists()
    # another person of the structure can still use the letter
    assert join(UserFactory(), structure).structure == structure
    assert DocumentCodeUse.objects.count() == 2


def test_only_a_digest_of_the_number_is_kept(user, structure, clock):
    clock.set(ISSUED_ON)
    join(user, structure)
    use = DocumentCodeUse.objects.get()
    assert "7K3QX9TPRM" not in use.code_digest and len(use.code_digest) == 64


def test_the_confirm_page_refuses_a_used_number(user_client, user, structure, clock):
    clock.set(ISSUED_ON)
    services.membership_revoke(membership=join(user, structure), actor=user)
    response = user_client.post(
        URL, {"numero_cnm": structure.numero_cnm, "code": NUMBER, "role": "Régisseur"}
    )
    assert "déjà utilisé ce numéro de document" in response.content.decode().replace("&#x27;", "'")
    assert not Membership.objects.filter(user=user).exists()


def test_failed_attempts_are_limited_per_address(client, structure, clock):
    clock.set(ISSUED_ON)
    for attempt in range(rules.CODE_ATTEMPTS_PER_ADDRESS):
        client.force_login(UserFactory())  # a new account and another numéro each time
        client.post(
            URL, {"numero_cnm": f"CNM9{attempt:05d}", "code": "MAUVAIS"}, REMOTE_ADDR="203.0.113.7"
        )
    client.force_login(UserFactory())
    blocked = client.post(
        URL, {"numero_cnm": structure.numero_cnm, "code": NUMBER}, REMOTE_ADDR="203.0.113.7"
    )
    assert "Trop de tentatives" in blocked.content.decode()
    elsewhere = client.post(
        URL, {"numero_cnm": structure.numero_cnm, "code": NUMBER}, REMOTE_ADDR="198.51.100.2"
    )
    assert "Trop de tentatives" not in elsewhere.content.decode()


def test_limits_hold_for_document_numbers_too(user, structure, clock):
    clock.set(ISSUED_ON)
    for _ in range(rules.CODE_ATTEMPTS_PER_USER):
        with pytest.raises(ValidationError):
            join(user, structure, code="AV-2026-GUESS")
    with pytest.raises(ValidationError) as excinfo:
        join(user, structure)  # even the right number
    assert excinfo.value.code == "rate_limited"
