"""The applicant's missing-items page (art. 3): scoped, the items asked only."""

import pytest
from django.urls import reverse

from aides.models import Dossier, DossierDocument
from aides.tests import factories as f
from aides.tests import factories_instruction as fi
from aides.workflow import DossierStatus

S = DossierStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def incomplete(pdf_file):
    membership = f.member()
    dossier = fi.take(f.deposited(membership))
    fi.request_items(dossier, other_items="Calendrier de sortie")
    dossier.membership = membership
    return dossier


def url(dossier):
    return reverse("aides:missing_items", args=[dossier.pk])


def test_page_lists_the_items_and_the_dossier_links_to_it(client, incomplete):
    client.force_login(incomplete.membership.user)
    detail = client.get(reverse("aides:dossier", args=[incomplete.pk])).content.decode()
    assert url(incomplete) in detail
    response = client.get(url(incomplete))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Contrat de coproduction" in content or "coproduction" in content
    assert "Calendrier de sortie" in content
    form_fields = set(response.context["figures_form"].fields)
    assert form_fields == {"nombre_titres"}
    assert [c for c, _l in response.context["document_form"].fields["code"].choices] == [
        "contrat_coproduction"
    ]


def test_another_structures_user_gets_a_404(client, incomplete, pdf_file):
    other = f.member()
    foreign = fi.take(f.deposited(other))
    fi.request_items(foreign)
    from aides import services

    services.missing_items_add_document(
        dossier=foreign, actor=other.user, code="contrat_coproduction", upload=pdf_file()
    )
    client.force_login(incomplete.membership.user)
    assert client.get(url(foreign)).status_code == 404
    assert client.post(url(foreign), {"action": "send"}).status_code == 404
    assert Dossier.objects.get(pk=foreign.pk).status == S.INCOMPLET


def test_a_figure_not_asked_is_refused_and_nothing_changes(client, incomplete):
    client.force_login(incomplete.membership.user)
    response = client.post(
        url(incomplete), {"action": "figures", "nombre_titres": "12", "duree_minutes": "99"}
    )
    assert response.status_code == 400
    assert "Seules les informations demandées" in response.content.decode()
    dossier = Dossier.objects.get(pk=incomplete.pk)
    assert dossier.figures["nombre_titres"] == f.ART16_FIGURES["nombre_titres"]
    assert dossier.figures["duree_minutes"] == f.ART16_FIGURES["duree_minutes"]


def test_a_document_not_asked_is_refused(client, incomplete, pdf_file):
    client.force_login(incomplete.membership.user)
    before = DossierDocument.objects.filter(dossier=incomplete).count()
    response = client.post(
        url(incomplete), {"action": "document", "code": "devis", "file": pdf_file()}
    )
    assert response.status_code == 200 and response.context["document_form"].errors
    assert DossierDocument.objects.filter(dossier=incomplete).count() == before


def test_bad_values_get_a_message_next_to_the_field(client, incomplete, pdf_file):
    client.force_login(incomplete.membership.user)
    response = client.post(url(incomplete), {"action": "figures", "nombre_titres": "-4"})
    assert (
        response.status_code == 200 and "nombre_titres" in response.context["figures_form"].errors
    )
    response = client.post(
        url(incomplete),
        {
            "action": "document",
            "code": "contrat_coproduction",
            "file": pdf_file("x.pdf", b"GIF89a"),
        },
    )
    assert "file" in response.context["document_form"].errors


def test_the_applicant_completes_and_sends_back(client, incomplete, pdf_file, mailoutbox, oncommit):
    client.force_login(incomplete.membership.user)
    response = client.post(url(incomplete), {"action": "send", "answer": ""}, follow=True)
    assert "non fournie" in response.content.decode()
    client.post(
        url(incomplete), {"action": "document", "code": "contrat_coproduction", "file": pdf_file()}
    )
    client.post(url(incomplete), {"action": "figures", "nombre_titres": "12"})
    with oncommit():
        response = client.post(url(incomplete), {"action": "send", "answer": "Sortie en mars"})
    assert response.status_code == 302
    dossier = Dossier.objects.get(pk=incomplete.pk)
    assert dossier.status == S.EN_INSTRUCTION and dossier.figures["nombre_titres"] == "12"
    assert any("compléments reçus" in m.subject for m in mailoutbox)
    # closed: the page sends back to the dossier
    assert client.get(url(incomplete)).status_code == 302


@pytest.mark.parametrize("status", sorted(S.values))
def test_portal_pages_in_every_status(client, status):
    dossier = f.in_status(status)
    member = dossier.structure.memberships.first()
    client.force_login(member.user)
    assert client.get(reverse("aides:dossier", args=[dossier.pk])).status_code == 200
    expected = 200 if status == S.INCOMPLET else 302
    assert client.get(url(dossier)).status_code == expected
