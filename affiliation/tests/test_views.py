"""Applicant pages and the instructor's admin for affiliations."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from affiliation import services
from affiliation.models import Affiliation, AffiliationDocument
from affiliation.services import AffiliationData
from affiliation.workflow import AffiliationStatus as S
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
FULL = AffiliationData(
    commit_etabli_france=True, commit_obligations=True, commit_protocole_vss=True
)
FORM = {
    "commit_etabli_france": "on",
    "commit_obligations": "on",
    "commit_protocole_vss": "on",
    "live_show_activity": "none",
}


@pytest.fixture
def member(user):
    return MembershipFactory(user=user)


def validated(member, instructor, pdf_file=None):
    affiliation = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL
    )
    affiliation = services.affiliation_submit(affiliation=affiliation, actor=member.user)
    return services.affiliation_validate(affiliation=affiliation, actor=instructor)


def test_draft_is_saved_half_filled_then_sent(user_client, member):
    url = reverse("affiliation:request", args=[member.structure_id])
    page = user_client.get(url).content.decode()
    assert "1° La structure est établie en France" in page
    assert "protocole de prévention des violences" in page

    user_client.post(
        url, {"commit_obligations": "on", "live_show_activity": "none", "action": "draft"}
    )
    draft = Affiliation.objects.get()
    assert draft.status == S.BROUILLON and draft.commit_obligations

    response = user_client.post(
        url, {"commit_obligations": "on", "live_show_activity": "none", "action": "submit"}
    )
    assert response.status_code == 200
    assert "Cet engagement sur l&#x27;honneur est obligatoire." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.BROUILLON

    response = user_client.post(url, {**FORM, "action": "submit"})
    assert response["Location"] == reverse("affiliation:overview", args=[member.structure_id])
    draft.refresh_from_db()
    assert draft.status == S.SOUMISE


def test_personne_physique_is_not_asked_about_the_protocol(user_client, user):
    from espace_pro.choices import LegalForm
    from espace_pro.tests.factories import StructureFactory

    structure = StructureFactory(legal_form=LegalForm.PERSONNE_PHYSIQUE, siret="")
    MembershipFactory(user=user, structure=structure)
    page = user_client.get(reverse("affiliation:request", args=[structure.pk])).content.decode()
    assert "résidence fiscale et d&#x27;une activité professionnelle régulière" in page
    assert "commit_protocole_vss" not in page
    user_client.post(
        reverse("affiliation:request", args=[structure.pk]),
        {
            "commit_etabli_france": "on",
            "commit_obligations": "on",
            "live_show_activity": "none",
            "action": "submit",
        },
    )
    assert Affiliation.objects.get().status == S.SOUMISE


def test_structure_page_and_dashboard_show_the_end_date(user_client, member, instructor):
    affiliation = validated(member, instructor)
    end = affiliation.valid_until.strftime("%d/%m/%Y")
    structure_page = user_client.get(reverse("espace_pro:structure", args=[member.structure_id]))
    assert f"jusqu'au {end}" in structure_page.content.decode()
    dashboard = user_client.get(reverse("accounts:dashboard"))
    assert f"affiliée jusqu'au {end}" in dashboard.content.decode()


def test_notification_pdf_can_be_downloaded(
    user_client, member, instructor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = validated(member, instructor)
    response = user_client.get(reverse("affiliation:decision_pdf", args=[affiliation.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_desaffiliation_request_from_the_portal(user_client, member, instructor):
    validated(member, instructor)
    url = reverse("affiliation:desaffiliation", args=[member.structure_id])
    user_client.post(url, {"reason": "Fin d'activité"})  # box not ticked: nothing
    assert Affiliation.objects.get().desaffiliation_requested_at is None
    user_client.post(url, {"reason": "Fin d'activité", "confirm": "on"})
    assert Affiliation.objects.get().desaffiliation_requested_at is not None


@pytest.fixture
def foreign(db, pdf_file, instructor, django_capture_on_commit_callbacks):
    """Another structure's affiliation with everything a real one has: its piece and its
    notification PDF (rendered by the outbox handler)."""
    owner = UserFactory()
    membership = MembershipFactory(user=owner)
    affiliation = services.affiliation_save_draft(
        structure=membership.structure, actor=owner, data=FULL, documents=[("autre", pdf_file())]
    )
    services.affiliation_submit(affiliation=affiliation, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.affiliation_validate(affiliation=affiliation, actor=instructor)
    affiliation.refresh_from_db()
    assert affiliation.decision_pdf
    return {
        "owner": owner,
        "structure": membership.structure,
        "affiliation": affiliation,
        "document": affiliation.documents.get(),
    }


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("affiliation:overview", "get", lambda f: [f["structure"].pk]),
        ("affiliation:request", "get", lambda f: [f["structure"].pk]),
        ("affiliation:request", "post", lambda f: [f["structure"].pk]),
        ("affiliation:desaffiliation", "post", lambda f: [f["structure"].pk]),
        ("affiliation:decision_pdf", "get", lambda f: [f["affiliation"].pk]),
        ("affiliation:document", "get", lambda f: [f["affiliation"].pk, f["document"].pk]),
    ],
)
def test_other_structures_affiliations_are_404(user_client, member, foreign, name, method, args):
    response = getattr(user_client, method)(
        reverse(name, args=args(foreign)), {**FORM, "action": "submit", "confirm": "on"}
    )
    assert response.status_code == 404
    foreign["affiliation"].refresh_from_db()
    assert foreign["affiliation"].status == S.VALIDEE
    assert foreign["affiliation"].desaffiliation_requested_at is None
    assert Affiliation.objects.filter(structure=foreign["structure"]).count() == 1


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("affiliation:overview", lambda f: [f["structure"].pk]),
        ("affiliation:decision_pdf", lambda f: [f["affiliation"].pk]),
        ("affiliation:document", lambda f: [f["affiliation"].pk, f["document"].pk]),
    ],
)
def test_the_foreign_objects_are_complete(client, foreign, name, args):
    """Control for the 404 test: the owner gets each page, so a 404 there is the scoping."""
    client.force_login(foreign["owner"])
    assert client.get(reverse(name, args=args(foreign))).status_code == 200


def cancelled_requests(member, instructor, pdf_file, rows):
    """``rows`` past requests of the structure, each with its piece."""
    for _ in range(rows):
        affiliation = services.affiliation_save_draft(
            structure=member.structure,
            actor=member.user,
            data=FULL,
            documents=[("autre", pdf_file())],
        )
        services.affiliation_cancel(affiliation=affiliation, actor=instructor, reason="test")


@pytest.mark.parametrize("rows", [1, 12])
def test_overview_query_count_is_constant(
    user_client, member, instructor, django_assert_num_queries, rows, pdf_file
):
    cancelled_requests(member, instructor, pdf_file, rows)
    # session, user, structure, affiliations, their documents
    with django_assert_num_queries(5):
        assert (
            user_client.get(reverse("affiliation:overview", args=[member.structure_id])).status_code
            == 200
        )


@pytest.mark.parametrize("rows", [1, 12])
def test_structure_section_query_count_is_constant(
    user_client, member, instructor, django_assert_num_queries, rows, pdf_file, monkeypatch
):
    from espace_pro import hooks

    monkeypatch.setattr(hooks, "_sections", {"affiliation": hooks._sections["affiliation"]})
    cancelled_requests(member, instructor, pdf_file, rows)
    # the structure page's five, then the section: affiliations, their documents
    with django_assert_num_queries(7):
        url = reverse("espace_pro:structure", args=[member.structure_id])
        assert user_client.get(url).status_code == 200


# --- admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, instructor):
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    return client


def test_instructor_validates_and_marks_incomplete_from_the_admin(
    admin_client, member, django_capture_on_commit_callbacks
):
    affiliation = services.affiliation_submit(
        affiliation=services.affiliation_save_draft(
            structure=member.structure, actor=member.user, data=FULL
        ),
        actor=member.user,
    )
    change = reverse("admin:affiliation_affiliation_change", args=[affiliation.pk])
    page = admin_client.get(change).content.decode()
    assert "Incomplète : envoyer la relance" in page
    assert "/transition/desaffiliee/" not in page  # not a move from « soumise »
    url = reverse("admin:affiliation_affiliation_transition", args=[affiliation.pk, "incomplete"])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"missing_items": "Licence manquante"})
    affiliation.refresh_from_db()
    assert affiliation.status == S.INCOMPLETE
    assert "Licence manquante" in mail.outbox[-1].body


def test_instructor_validates(admin_client, member, django_capture_on_commit_callbacks):
    affiliation = services.affiliation_submit(
        affiliation=services.affiliation_save_draft(
            structure=member.structure, actor=member.user, data=FULL
        ),
        actor=member.user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:affiliation_affiliation_transition", args=[affiliation.pk, "validee"])
        )
    affiliation.refresh_from_db()
    assert affiliation.status == S.VALIDEE and affiliation.decision_pdf


def test_admin_filters_respond(admin_client, member, instructor):
    validated(member, instructor)
    url = reverse("admin:affiliation_affiliation_changelist")
    for query in (
        {"echeance": "60"},
        {"relance": "depassee"},
        {"licence": "60"},
        {"licence": "expiree"},
        {"status__exact": "validee"},
        {"structure__legal_form__exact": "association"},
    ):
        assert admin_client.get(url, query).status_code == 200
    content = admin_client.get(url, {"echeance": "60"}).content.decode()
    assert member.structure.name not in content  # a year away


def test_admin_records_a_desaffiliation(admin_client, member, instructor):
    affiliation = validated(member, instructor)
    url = reverse("admin:affiliation_affiliation_transition", args=[affiliation.pk, "desaffiliee"])
    before_start = affiliation.valid_from - dt.timedelta(days=1)
    refused = admin_client.post(url, {"on": before_start.isoformat()})
    assert "avant le début de l&#x27;affiliation" in refused.content.decode()  # next to the field
    affiliation.refresh_from_db()
    assert affiliation.status == S.VALIDEE
    admin_client.post(url, {"on": affiliation.valid_from.isoformat()})
    affiliation.refresh_from_db()
    assert affiliation.status == S.DESAFFILIEE


def test_a_draft_has_no_instructor_button(admin_client, member):
    draft = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL
    )
    page = admin_client.get(reverse("admin:affiliation_affiliation_change", args=[draft.pk]))
    assert "/transition/" not in page.content.decode()
    url = reverse("admin:affiliation_affiliation_transition", args=[draft.pk, "annulee"])
    assert admin_client.post(url, {"reason": "x"}).status_code == 404


def test_documents_open_in_the_admin(admin_client, member, pdf_file):
    affiliation = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL, documents=[("autre", pdf_file())]
    )
    document = AffiliationDocument.objects.get()
    response = admin_client.get(
        reverse("admin:affiliation_affiliation_document", args=[affiliation.pk, document.pk])
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("rows", [1, 5])
def test_request_form_query_count_is_constant(
    user_client, member, pdf_file, django_assert_max_num_queries, rows
):
    for i in range(rows):
        services.affiliation_save_draft(
            structure=member.structure,
            actor=member.user,
            data=FULL,
            documents=[
                (kind, pdf_file()) for kind in ("autre", "licence", "occasionnel")[: 1 + i % 3]
            ],
        )
    with django_assert_max_num_queries(12):
        assert (
            user_client.get(reverse("affiliation:request", args=[member.structure_id])).status_code
            == 200
        )
