"""Access requests without a numéro CNM (SIRET / RNA) and for a personne physique."""

from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

from espace_pro.choices import DocumentType, LegalForm
from espace_pro.models import AccessRequest, AccessRequestDocument, ActivationCode, Membership
from espace_pro.registry import RegistryUnavailable
from espace_pro.services import access_request_approve, access_request_refuse
from espace_pro.tests.factories import AccessRequestFactory, MembershipFactory, StructureFactory
from espace_pro.workflow import AccessRequestStatus

pytestmark = pytest.mark.django_db

COMMUNE = "21459990400015"
LABEL = "90100001800019"
CLOSED = "79500005800011"
JAZZ_RNA = "W691000123"


def morale_url(kind, identifier):
    return reverse("espace_pro:request_morale", args=[kind, identifier])


def commune_post(pdf_file, **overrides):
    data = {
        "forme": LegalForm.COLLECTIVITE_TERRITORIALE,
        "name": "Commune de Demoville",
        "address": "1 place de la Mairie",
        "postal_code": "45170",
        "city": "Demoville",
        "role": "Maire",
        "doc_avis_sirene": pdf_file("avis.pdf"),
        "doc_pv_election": pdf_file("pv.pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- search ---------------------------------------------------------------------------------


def test_search_by_siret_lists_the_establishment(user_client):
    response = user_client.get(
        reverse("espace_pro:request_search", args=["siret"]), {"siret": COMMUNE}
    )
    content = response.content.decode()
    assert "Commune de Demoville" in content
    assert morale_url("siret", COMMUNE) in content


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("siret", "21459990400016", "clé de contrôle"),
        ("siret", "2145999040", "14 chiffres"),
        ("rna", "X691000123", "W suivi de 9 caractères"),
        ("siret", "73282932000074", "Aucun établissement ne correspond"),
    ],
)
def test_search_errors_are_french_and_precise(user_client, kind, value, message):
    response = user_client.get(reverse("espace_pro:request_search", args=[kind]), {kind: value})
    assert message in response.content.decode()


def test_closed_establishment_cannot_be_requested(user_client, pdf_file):
    search = user_client.get(
        reverse("espace_pro:request_search", args=["siret"]), {"siret": CLOSED}
    )
    assert "Établissement fermé : demande impossible" in search.content.decode()
    response = user_client.post(morale_url("siret", CLOSED), commune_post(pdf_file))
    assert response.status_code == 302
    assert not AccessRequest.objects.exists()


def test_search_by_rna_finds_the_association(user_client):
    response = user_client.get(
        reverse("espace_pro:request_search", args=["rna"]), {"rna": JAZZ_RNA}
    )
    assert "Association Demo Jazz" in response.content.decode()


# --- submission -----------------------------------------------------------------------------


def test_siret_request_is_filed_with_registry_data_and_documents(
    user_client, user, pdf_file, oncommit
):
    form_page = user_client.get(morale_url("siret", COMMUNE)).content.decode()
    assert 'value="Commune de Demoville"' in form_page  # pre-filled from the registry
    assert "doc_pv_election" in form_page and "doc_kbis" not in form_page

    with oncommit():
        response = user_client.post(morale_url("siret", COMMUNE), commune_post(pdf_file))
    access_request = AccessRequest.objects.get()
    assert response["Location"] == reverse("espace_pro:request_detail", args=[access_request.pk])
    assert access_request.status == AccessRequestStatus.EN_ATTENTE
    assert access_request.registry_data["nature_juridique"] == "7210"
    assert access_request.legal_form == LegalForm.COLLECTIVITE_TERRITORIALE
    assert sorted(access_request.documents.values_list("doc_type", flat=True)) == [
        DocumentType.AVIS_SIRENE,
        DocumentType.PV_ELECTION,
    ]
    assert mail.outbox[0].to == [user.email] and "2 jours ouvrés" in mail.outbox[0].body


def test_missing_document_for_the_legal_form_changes_nothing(user_client, pdf_file):
    response = user_client.post(
        morale_url("siret", COMMUNE), commune_post(pdf_file, doc_pv_election=None)
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert 'value="Maire"' in response.content.decode()  # what was typed is kept
    assert not AccessRequest.objects.exists()
    assert not AccessRequestDocument.objects.exists()


def test_fake_pdf_is_refused(user_client, pdf_file):
    fake = pdf_file("pv.pdf", b"MZ\x90\x00 this is an executable")
    response = user_client.post(
        morale_url("siret", COMMUNE), commune_post(pdf_file, doc_pv_election=fake)
    )
    assert "n'est pas un document PDF, JPEG ou PNG valide" in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert not AccessRequest.objects.exists()


def test_oversized_file_is_refused(user_client, pdf_file, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = user_client.post(morale_url("siret", COMMUNE), commune_post(pdf_file))
    assert "taille maximale" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_duplicate_pending_request_is_refused(user_client, user, pdf_file):
    AccessRequestFactory(user=user, siret=COMMUNE)
    response = user_client.post(morale_url("siret", COMMUNE), commune_post(pdf_file))
    assert "Vous avez déjà une demande en cours pour cette structure" in response.content.decode()
    assert AccessRequest.objects.count() == 1


def test_request_for_a_structure_already_joined_is_refused(user_client, user, pdf_file):
    MembershipFactory(user=user, structure=StructureFactory(siret=COMMUNE))
    response = user_client.post(morale_url("siret", COMMUNE), commune_post(pdf_file))
    assert "Vous avez déjà accès" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_registry_down_the_request_can_still_be_filed(user_client, pdf_file):
    with mock.patch(
        "espace_pro.registry.OfflineDirectory.search_siret", side_effect=RegistryUnavailable
    ):
        search = user_client.get(
            reverse("espace_pro:request_search", args=["siret"]), {"siret": COMMUNE}
        )
        assert "ne répond pas" in search.content.decode()
        choice = user_client.get(morale_url("siret", COMMUNE))
        assert "Forme juridique" in choice.content.decode()
        response = user_client.post(morale_url("siret", COMMUNE), commune_post(pdf_file))
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    assert access_request.registry_data is None and access_request.registry_missing


# --- instruction ----------------------------------------------------------------------------


def test_approval_creates_the_structure_and_a_letter_whose_code_opens_access(
    user_client, user, instructor, oncommit
):
    access_request = AccessRequestFactory(user=user, siret=LABEL)
    with oncommit():
        access_request_approve(request=access_request, actor=instructor)
    access_request.refresh_from_db()
    structure = access_request.structure
    assert access_request.status == AccessRequestStatus.ACCEPTEE
    assert structure.numero_cnm.startswith("CNM") and structure.siret == LABEL
    code = ActivationCode.objects.get(structure=structure)
    assert code.letter.name.endswith(".pdf")
    assert default_storage.open(code.letter.name).read().startswith(b"%PDF")
    assert any("acceptée" in m.subject for m in mail.outbox if m.to == [user.email])
    assert not Membership.objects.filter(user=user).exists()  # the code comes by post


def test_personne_physique_request_then_approval_erases_the_identity_document(
    user_client, user, instructor, pdf_file, oncommit
):
    with oncommit():
        response = user_client.post(
            reverse("espace_pro:request_personne_physique"),
            {
                "last_name": "Dupont",
                "first_names": "Camille Marie",
                "birth_date": "1990-05-17",
                "country": "France",
                "address": "1 place de la Mairie",
                "postal_code": "75001",
                "city": "Paris",
                "fiscal_residence_certified": "on",
                "doc_piece_identite": pdf_file("cni.pdf"),
            },
        )
    assert response.status_code == 302, response.content.decode()
    access_request = AccessRequest.objects.get()
    assert access_request.fiscal_residence_certified
    assert access_request.fiscal_residence_year is not None
    document = access_request.documents.get()
    path = document.file.name
    assert default_storage.exists(path)

    with oncommit():
        access_request_approve(request=access_request, actor=instructor)
    assert not default_storage.exists(path)
    assert not AccessRequestDocument.objects.exists()
    membership = Membership.objects.get(user=user)
    assert membership.structure.legal_form == LegalForm.PERSONNE_PHYSIQUE
    assert membership.structure.numero_cnm


def test_refusal_erases_identity_document_and_sends_the_reason(
    user, instructor, pdf_file, oncommit
):
    from espace_pro.models import AccessRequestDocument as Doc

    access_request = AccessRequestFactory(
        user=user, procedure="personne_physique", legal_form=LegalForm.PERSONNE_PHYSIQUE, siret=""
    )
    document = Doc.objects.create(
        request=access_request,
        doc_type="piece_identite",
        file=pdf_file("cni.pdf"),
        original_name="cni.pdf",
        size=10,
    )
    path = document.file.name
    with oncommit():
        access_request_refuse(request=access_request, actor=instructor, reason="Pièce illisible.")
    assert not default_storage.exists(path) and not Doc.objects.exists()
    assert "Pièce illisible." in mail.outbox[-1].body


def test_refusal_needs_a_reason(user, instructor):
    from django.core.exceptions import ValidationError

    access_request = AccessRequestFactory(user=user)
    with pytest.raises(ValidationError):
        access_request_refuse(request=access_request, actor=instructor, reason="  ")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.EN_ATTENTE


def test_correction_sends_the_request_back_to_the_queue(user_client, user, pdf_file):
    from espace_pro.tests.factories import IncompleteRequestFactory

    access_request = IncompleteRequestFactory(user=user)
    url = reverse("espace_pro:request_detail", args=[access_request.pk])
    page = user_client.get(url).content.decode()
    assert "Le Kbis a plus de 3 mois." in page
    empty = user_client.post(url, {})
    assert "Joignez au moins un justificatif corrigé." in empty.content.decode()
    user_client.post(url, {"doc_kbis": pdf_file("kbis.pdf")})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.EN_ATTENTE
    assert access_request.documents.get().original_name == "kbis.pdf"


def test_applicant_can_cancel_an_open_request(user_client, user):
    access_request = AccessRequestFactory(user=user)
    user_client.post(reverse("espace_pro:request_cancel", args=[access_request.pk]))
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.ANNULEE


def test_text_emails_are_not_html_escaped(user, instructor, oncommit):
    access_request = AccessRequestFactory(user=user, name="L'Autre Canal & Co")
    reason = "La pièce d'identité est illisible & floue."
    with oncommit():
        access_request_refuse(request=access_request, actor=instructor, reason=reason)
    assert reason in mail.outbox[-1].body
    assert "&#x27;" not in mail.outbox[-1].subject + mail.outbox[-1].body
