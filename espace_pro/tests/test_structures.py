"""Structure pages, invitations and memberships; scoping (404) and query counts."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from espace_pro.models import AccessRequestDocument, Invitation, Membership
from espace_pro.services import invitation_create
from espace_pro.tests.factories import (
    AccessRequestFactory,
    IncompleteRequestFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(user):
    return MembershipFactory(user=user)


def test_structure_page_lists_members(user_client, member):
    other = MembershipFactory(structure=member.structure, role="Trésorier")
    content = user_client.get(
        reverse("espace_pro:structure", args=[member.structure_id])
    ).content.decode()
    assert member.structure.numero_cnm in content
    assert other.user.get_full_name() in content and "Trésorier" in content


def test_invitation_is_emailed_and_accepted_by_the_invitee(client, user_client, member, oncommit):
    url = reverse("espace_pro:structure_invite", args=[member.structure_id])
    with oncommit():
        user_client.post(url, {"email": "Invitee@Exemple.fr", "role": "Chargée de production"})
    invitation = Invitation.objects.get()
    assert invitation.email == "invitee@exemple.fr"
    assert mail.outbox[-1].to == ["invitee@exemple.fr"]
    accept_url = reverse("espace_pro:invitation_accept", args=[invitation.token])
    assert accept_url in mail.outbox[-1].body

    invitee = UserFactory(email="invitee@exemple.fr")
    client.force_login(invitee)
    assert member.structure.name in client.get(accept_url).content.decode()
    with oncommit():
        response = client.post(accept_url)
    assert response["Location"] == reverse("espace_pro:structure", args=[member.structure_id])
    assert Membership.objects.get(user=invitee).via == "invitation"
    assert client.post(accept_url).status_code == 200  # second time: no longer valid
    assert Membership.objects.filter(user=invitee).count() == 1


def test_invitation_for_an_existing_member_or_twice_is_refused(user_client, member):
    url = reverse("espace_pro:structure_invite", args=[member.structure_id])
    other = MembershipFactory(structure=member.structure)
    response = user_client.post(url, {"email": other.user.email, "role": "X"})
    assert "déjà accès" in response.content.decode()
    user_client.post(url, {"email": "new@exemple.fr", "role": "X"})
    response = user_client.post(url, {"email": "new@exemple.fr", "role": "X"})
    assert "déjà en attente" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_invitation_opened_by_another_account_reveals_nothing(client, member):
    invitation = invitation_create(
        structure=member.structure, email="invitee@exemple.fr", role="X", actor=member.user
    )
    client.force_login(UserFactory(email="someone.else@exemple.fr"))
    url = reverse("espace_pro:invitation_accept", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 404
    assert member.structure.name not in response.content.decode()
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(user__email="someone.else@exemple.fr").exists()


def test_member_can_revoke_an_access_and_the_person_is_told(user_client, member, oncommit):
    other = MembershipFactory(structure=member.structure)
    url = reverse("espace_pro:membership_remove", args=[member.structure_id, other.pk])
    with oncommit():
        user_client.post(url)
    assert not Membership.objects.filter(pk=other.pk).exists()
    assert mail.outbox[-1].to == [other.user.email]
    assert member.structure.__class__.objects.filter(pk=member.structure_id).exists()


def test_member_can_cancel_a_pending_invitation(user_client, member):
    invitation = invitation_create(
        structure=member.structure, email="x@exemple.fr", role="X", actor=member.user
    )
    user_client.post(
        reverse("espace_pro:invitation_cancel", args=[member.structure_id, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_deleting_an_account_keeps_the_structure(user, member):
    from accounts.services import user_delete

    structure = member.structure
    user_delete(user=user, actor=user)
    structure.refresh_from_db()
    assert not Membership.objects.filter(structure=structure).exists()


# --- scoping: another structure's user gets 404 on every view that takes an id ---------------


@pytest.fixture
def foreign(db, pdf_file):
    """Objects of another person and another structure."""
    owner = UserFactory()
    membership = MembershipFactory(user=owner)
    other_member = MembershipFactory(structure=membership.structure)
    invitation = invitation_create(
        structure=membership.structure, email="z@exemple.fr", role="X", actor=owner
    )
    access_request = AccessRequestFactory(user=owner)
    document = AccessRequestDocument.objects.create(
        request=access_request, doc_type="kbis", file=pdf_file(), original_name="k.pdf", size=1
    )
    # waiting for a corrected document: the only status where the detail page accepts a POST
    incomplete = IncompleteRequestFactory(user=owner, siret="21459990400015")
    return {
        "owner": owner,
        "structure": membership.structure,
        "membership": other_member,
        "invitation": invitation,
        "request": access_request,
        "incomplete": incomplete,
        "document": document,
    }


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("espace_pro:structure", "get", lambda f: [f["structure"].pk]),
        ("espace_pro:structure_invite", "post", lambda f: [f["structure"].pk]),
        ("espace_pro:membership_remove", "post", lambda f: [f["structure"].pk, f["membership"].pk]),
        ("espace_pro:invitation_cancel", "post", lambda f: [f["structure"].pk, f["invitation"].pk]),
        ("espace_pro:request_detail", "get", lambda f: [f["request"].pk]),
        ("espace_pro:request_detail", "post", lambda f: [f["incomplete"].pk]),
        ("espace_pro:request_cancel", "post", lambda f: [f["request"].pk]),
        ("espace_pro:request_document", "get", lambda f: [f["request"].pk, f["document"].pk]),
    ],
)
def test_other_structures_objects_are_404(user_client, member, foreign, name, method, args):
    url = reverse(name, args=args(foreign))
    response = getattr(user_client, method)(url, {"email": "a@exemple.fr", "role": "X"})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign["membership"].pk).exists()
    foreign["invitation"].refresh_from_db()
    assert foreign["invitation"].revoked_at is None
    foreign["request"].refresh_from_db()
    assert foreign["request"].status == "en_attente"
    foreign["incomplete"].refresh_from_db()
    assert foreign["incomplete"].status == "a_completer"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("espace_pro:structure", lambda f: [f["structure"].pk]),
        ("espace_pro:request_detail", lambda f: [f["request"].pk]),
        ("espace_pro:request_detail", lambda f: [f["incomplete"].pk]),
        ("espace_pro:request_document", lambda f: [f["request"].pk, f["document"].pk]),
    ],
)
def test_the_foreign_objects_are_complete(client, foreign, name, args):
    """Control for the 404 test: the owner reaches each page, so a 404 there is the scoping."""
    client.force_login(foreign["owner"])
    assert client.get(reverse(name, args=args(foreign))).status_code == 200


def test_own_member_cannot_reach_another_structures_member_through_own_structure(
    user_client, member, foreign
):
    url = reverse(
        "espace_pro:membership_remove", args=[member.structure_id, foreign["membership"].pk]
    )
    assert user_client.post(url).status_code == 404


def test_own_document_can_be_downloaded(user_client, user, pdf_file):
    access_request = AccessRequestFactory(user=user)
    document = AccessRequestDocument.objects.create(
        request=access_request, doc_type="kbis", file=pdf_file(), original_name="k.pdf", size=1
    )
    response = user_client.get(
        reverse("espace_pro:request_document", args=[access_request.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 25])
def test_dashboard_query_count_with_many_structures(
    user_client, user, django_assert_num_queries, rows
):
    for _ in range(rows):
        MembershipFactory(user=user)
        AccessRequestFactory(user=user)
    # session, user, structures, open requests, affiliations; the job tiles' one query
    with django_assert_num_queries(6):
        response = user_client.get(reverse("accounts:dashboard"))
    assert response.content.decode().count("fr-card__title") == rows


@pytest.mark.parametrize("rows", [1, 25])
def test_espace_pro_home_query_count(user_client, user, django_assert_num_queries, rows):
    for _ in range(rows):
        MembershipFactory(user=user)
        AccessRequestFactory(user=user)
    with django_assert_num_queries(5):
        assert user_client.get(reverse("espace_pro:home")).status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_structure_page_query_count(
    user_client, member, django_assert_num_queries, rows, monkeypatch
):
    """The page's own queries; each later app pins the cost of the section it registers."""
    from espace_pro import hooks

    monkeypatch.setattr(hooks, "_sections", {})
    for i in range(rows):
        MembershipFactory(structure=member.structure)
        invitation_create(
            structure=member.structure, email=f"i{i}@exemple.fr", role="X", actor=member.user
        )
    # session, user, structure, members, invitations
    with django_assert_num_queries(5):
        assert (
            user_client.get(reverse("espace_pro:structure", args=[member.structure_id])).status_code
            == 200
        )


@pytest.mark.parametrize("rows", [1, 10])
def test_request_detail_query_count_is_constant(
    user_client, user, pdf_file, django_assert_num_queries, rows
):
    access_request = AccessRequestFactory(user=user)
    for _ in range(rows):
        AccessRequestDocument.objects.create(
            request=access_request, doc_type="kbis", file=pdf_file(), original_name="k.pdf", size=1
        )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(access_request)  # cached once per process in production
    # session, user, request, documents, history
    with django_assert_num_queries(5):
        response = user_client.get(reverse("espace_pro:request_detail", args=[access_request.pk]))
    assert response.status_code == 200
