"""The structure's « Coordonnées bancaires » page: entering bank details, bad input, scoping and
query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from espace_pro.tests.factories import MembershipFactory
from virements import selectors
from virements.models import BankAccount
from virements.tests import factories as f
from virements.tests.status_objects import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def _url(structure):
    return reverse("virements:bank_account", args=[structure.pk])


def _post(client, structure, **data):
    payload = {
        "holder": "Opéra Demo",
        "iban": "fr76 3000 6000 0112 3456 7890 189",
        "bic": "",
        "rib": f.rib_file(),
        **data,
    }
    return client.post(_url(structure), payload)


def test_a_member_enters_bank_details(client, member):
    structure = member.structure
    response = _post(client, structure)
    assert response.status_code == 302
    account = selectors.current_bank_account(structure=structure)
    assert (account.iban, account.bic, account.created_by) == (
        "FR7630006000011234567890189",
        "AGRIFRPPXXX",
        member.user,
    )
    page = client.get(_url(structure)).content.decode()
    assert "FR76 •••• •••• 0189" in page
    assert "1234567890189" not in page and "3456 7890" not in page
    rib = client.get(reverse("virements:rib", args=[structure.pk, account.pk]))
    assert b"".join(rib.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("iban", {"iban": "FR76 3000 6000 0112 3456 7890 188"}, "clé de contrôle"),
        ("iban", {"iban": "BR1800360305000010009795493C1"}, "zone SEPA"),
        ("bic", {"bic": "ZZZZFRPP"}, "BIC est inconnu"),
        ("bic", {"bic": "BNPA"}, "8 ou 11 caractères"),
        ("rib", {"rib": SimpleUploadedFile("rib.pdf", b"MZ\x90\x00 exe renamed")}, "PDF"),
        ("holder", {"holder": ""}, "obligatoire"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(
    client, member, field, data, message
):
    f.bank_account(member.structure)
    before = list(BankAccount.objects.values_list("pk", "replaced_at"))
    response = _post(client, member.structure, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert f'id="id_{field}"' in response.content.decode()
    assert list(BankAccount.objects.values_list("pk", "replaced_at")) == before


def test_the_page_lists_the_payments_received(client, member):
    order = f.order(member.structure, "2500.00", label="Aide no 12 - solde")
    f.paid_batch(order)
    page = client.get(_url(member.structure)).content.decode()
    assert "Aide no 12 - solde" in page and "Payé" in page


@pytest.mark.parametrize("name", ["virements:bank_account", "virements:rib"])
def test_another_structures_member_gets_404(client, member, name):
    # the foreign structure is complete: bank details with their RIB, paid orders
    foreign = f.bank_account()
    f.paid_batch(f.order(foreign.structure))
    args = (
        [foreign.structure.pk]
        if name == "virements:bank_account"
        else [
            foreign.structure.pk,
            foreign.pk,
        ]
    )
    assert client.get(reverse(name, args=args)).status_code == 404
    # the member's own account under the foreign structure's id is not reachable either
    own = f.bank_account(member.structure)
    assert (
        client.get(reverse("virements:rib", args=[foreign.structure.pk, own.pk])).status_code == 404
    )
    assert (
        client.get(reverse("virements:rib", args=[member.structure.pk, foreign.pk])).status_code
        == 404
    )
    assert client.post(_url(foreign.structure), {"holder": "x"}).status_code == 404
    assert selectors.current_bank_account(structure=foreign.structure) == foreign


def test_anonymous_is_sent_to_login(client):
    account = f.bank_account()
    response = client.get(_url(account.structure))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("count", [1, 30])
def test_page_queries_are_constant(client, member, count, django_assert_num_queries):
    structure = member.structure
    f.bank_account(structure)
    orders = [f.order(structure) for _ in range(count)]
    f.paid_batch(*orders[: max(1, count // 2)])
    # session, user, structure (scoped), current account, count, page of orders with their lot
    with django_assert_num_queries(6):
        response = client.get(_url(structure))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 20)


def test_structure_page_shows_the_section(client, member):
    url = reverse("espace_pro:structure", args=[member.structure.pk])
    assert "Enregistrer mes coordonnées bancaires" in client.get(url).content.decode()
    f.bank_account(member.structure)
    page = client.get(url).content.decode()
    assert "FR76 •••• •••• 0189" in page


@pytest.mark.parametrize("status", ["a_payer", "en_lot", "paye", "annule"])
def test_the_page_renders_with_an_order_in_every_status(client, status):
    order = make_order(status)
    membership = order.structure.memberships.first()
    client.force_login(membership.user)
    response = client.get(_url(order.structure))
    assert response.status_code == 200
    assert order.get_status_display() in response.content.decode()


@pytest.mark.parametrize("with_account", [False, True])
def test_the_section_costs_one_query(
    client, member, with_account, monkeypatch, django_assert_num_queries
):
    """The structure page's own 5 queries (espace_pro pins them) + the current account."""
    from espace_pro import hooks as espace_hooks

    section = espace_hooks._sections["virements"]
    monkeypatch.setattr(espace_hooks, "_sections", {"virements": section})
    if with_account:
        f.bank_account(member.structure)
        f.paid_batch(*[f.order(member.structure) for _ in range(3)])
    url = reverse("espace_pro:structure", args=[member.structure.pk])
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert ("FR76 •••• •••• 0189" in response.content.decode()) is with_account
