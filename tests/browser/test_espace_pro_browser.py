"""End-to-end: the four ways into an espace professionnel, applicant and instructor in Chromium.

Each test goes from the applicant's request in the portal, through the instructor's decision in
the Django admin (staff logged in with a TOTP code), to the e-mail sent to the applicant and the
access actually working.
"""

import re
import subprocess

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from espace_pro.choices import DocumentType, Procedure
from espace_pro.models import (
    AccessRequest,
    AccessRequestDocument,
    ActivationCode,
    Invitation,
    Membership,
    Structure,
)
from espace_pro.services import activation_code_issue
from espace_pro.tests.factories import MembershipFactory
from espace_pro.workflow import AccessRequestStatus
from tests.browser.helpers import (
    instructor,
    login,
    wait_for_mail,
    write_pdf,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Commune de Demoville in the offline directory (espace_pro/demo.py): collectivité territoriale.
COMMUNE_SIRET = "21459990400015"
LETTER_CODE_RE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


# --- helpers --------------------------------------------------------------------------------


def open_request_in_admin(admin, base_url: str, access_request: AccessRequest) -> None:
    admin.goto(f"{base_url}/admin/espace_pro/accessrequest/")
    admin.locator("#result_list").get_by_role(
        "link", name=str(access_request.pk), exact=True
    ).click()
    admin.wait_for_url(re.compile(rf"/admin/espace_pro/accessrequest/{access_request.pk}/change/"))


def status(page) -> str:
    """The request's status badge as written (DSFR badges are upper-cased by CSS)."""
    badge = page.get_by_test_id("status")
    badge.wait_for()
    return badge.text_content().strip()


def code_from_letter(activation: ActivationCode, tmp_path) -> str:
    pdf = tmp_path / "courrier.pdf"
    with activation.letter.open("rb") as letter:
        pdf.write_bytes(letter.read())
    text = subprocess.run(  # noqa: S603 -- fixed arguments, our own temporary file
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert activation.structure.numero_cnm in text
    # The code is printed with letter-spacing, which pdftotext may render as stray spaces
    # ("6SVD-C2MB-F TU8"): read the whole line after the label and drop the whitespace.
    line = re.search(r"Code d'activation[ \t]+([A-Z0-9 \t-]+)$", text, re.MULTILINE)
    assert line, text
    code = re.sub(r"\s+", "", line.group(1))
    assert LETTER_CODE_RE.fullmatch(code), text
    return code


def use_simplified_procedure(page, numero_cnm: str, code: str) -> None:
    """Side menu → « Demande accès espace Pro » → « Procédure simplifiée » → numéro + code."""
    page.locator("#menu-lateral").get_by_role("link", name="Demande accès espace Pro").click()
    page.get_by_role("heading", name="Demander un accès à l'espace professionnel").wait_for()
    page.get_by_role("link", name="Procédure simplifiée").click()
    page.get_by_role("heading", name=re.compile("Procédure simplifiée")).wait_for()
    page.get_by_label("Numéro CNM").fill(numero_cnm)
    page.get_by_label("Code d'activation").fill(code)
    page.get_by_role("button", name="Rechercher").click()


# --- 1. procédure simplifiée ----------------------------------------------------------------


def test_simplified_procedure_with_numero_cnm_and_code(page, live_server):
    existing = MembershipFactory(user__first_name="Alice", user__last_name="Ancienne")
    structure = existing.structure
    _code, plaintext = activation_code_issue(structure=structure, actor=None)
    applicant = UserFactory(first_name="Bruno", last_name="Nouveau")
    login(page, live_server.url, applicant.email)
    page.get_by_role("heading", name="Bonjour Bruno !").wait_for()

    # A wrong code: French error, nothing changes.
    use_simplified_procedure(page, structure.numero_cnm, "AAAA-BBBB-CCCC")
    page.get_by_text("Numéro CNM ou code d'activation incorrect").wait_for()
    assert not Membership.objects.filter(user=applicant).exists()
    assert ActivationCode.objects.get(structure=structure).used_at is None
    assert page.get_by_test_id("structure-found").count() == 0

    # The right code, typed in lower case with spaces as read from a letter.
    page.get_by_label("Numéro CNM").fill(structure.numero_cnm.lower())
    page.get_by_label("Code d'activation").fill(
        " ".join(plaintext[i : i + 4] for i in range(0, 12, 4)).lower()
    )
    page.get_by_role("button", name="Rechercher").click()
    found = page.get_by_test_id("structure-found")
    found.wait_for()
    assert structure.name in found.inner_text()
    page.get_by_label("Votre fonction dans la structure").fill("Chargé de production")
    page.get_by_role("button", name="Confirmer et accéder à l'espace professionnel").click()

    page.get_by_role("heading", name=structure.name, exact=True).wait_for()
    assert page.url.endswith(f"/espace-pro/structures/{structure.pk}/")
    assert page.get_by_test_id("numero-cnm").inner_text() == structure.numero_cnm
    page.get_by_text(
        f"Vous avez désormais accès à l'espace professionnel de {structure.name}."
    ).wait_for()
    assert "Chargé de production" in page.content()

    membership = Membership.objects.get(user=applicant, structure=structure)
    assert membership.via == Membership.Via.CODE
    assert membership.role == "Chargé de production"
    activation = ActivationCode.objects.get(structure=structure)
    assert activation.used_at is not None and activation.used_by == applicant

    message = wait_for_mail(existing.user.email, "Nouvel accès à l'espace professionnel")
    assert applicant.email in message.body
    assert f"{live_server.url}/espace-pro/structures/{structure.pk}/" in message.body
    assert not [m for m in mail.outbox if applicant.email in m.to]


# --- 2. sans numéro CNM (SIRET) ------------------------------------------------------------


def test_siret_request_approved_in_admin_then_letter_code_opens_access(
    page, browser, live_server, tmp_path
):
    applicant = UserFactory(first_name="Chloé", last_name="Maire")
    login(page, live_server.url, applicant.email)
    page.locator("#menu-lateral").get_by_role("link", name="Demande accès espace Pro").click()
    page.get_by_role("link", name="Rechercher par SIRET").click()
    page.get_by_label("Siret").fill("214 599 904 00015")
    page.get_by_role("button", name="Rechercher").click()
    establishment = page.get_by_test_id("establishment")
    establishment.wait_for()
    assert "Commune de Demoville" in establishment.inner_text()
    establishment.get_by_role("link", name="Sélectionner cet établissement").click()

    page.get_by_text("Collectivité territoriale", exact=False).first.wait_for()
    assert page.locator("input[name=name]").input_value() == "Commune de Demoville"
    assert page.locator("input[name=postal_code]").input_value() == "45170"
    page.get_by_label("Votre fonction dans la structure").fill("Maire")
    page.set_input_files("input[name=doc_avis_sirene]", write_pdf(tmp_path, "avis-sirene.pdf"))
    page.set_input_files("input[name=doc_pv_election]", write_pdf(tmp_path, "pv-election.pdf"))
    page.get_by_role("button", name="Envoyer ma demande").click()

    assert status(page) == "En cours de traitement"
    access_request = AccessRequest.objects.get(user=applicant)
    assert access_request.procedure == Procedure.SIRET
    assert access_request.siret == COMMUNE_SIRET
    assert sorted(access_request.documents.values_list("doc_type", flat=True)) == [
        DocumentType.AVIS_SIRENE,
        DocumentType.PV_ELECTION,
    ]
    wait_for_mail(applicant.email, "bien reçue")

    # The instructor accepts the request in the admin.
    context, admin = instructor(browser, live_server.url)
    try:
        open_request_in_admin(admin, live_server.url, access_request)
        assert "Commune de Demoville" in admin.content()
        admin.get_by_role("button", name="Accepter", exact=True).click()
        admin.get_by_text("Demande acceptée ; le demandeur est prévenu par email.").wait_for()
    finally:
        context.close()

    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.ACCEPTEE
    structure = Structure.objects.get(siret=COMMUNE_SIRET)
    assert access_request.structure == structure
    assert structure.numero_cnm
    approved = wait_for_mail(applicant.email, "est acceptée")
    assert structure.numero_cnm in approved.body
    assert f"{live_server.url}/espace-pro/demande/simplifiee/" in approved.body
    assert not Membership.objects.filter(user=applicant).exists()  # not before the code

    activation = ActivationCode.objects.get(structure=structure)
    assert activation.letter, "the activation letter PDF was not rendered"
    code = code_from_letter(activation, tmp_path)

    page.goto(f"{live_server.url}/espace-pro/demandes/{access_request.pk}/")
    assert status(page) == "Acceptée"
    assert structure.numero_cnm in page.content()
    use_simplified_procedure(page, structure.numero_cnm, code)
    page.get_by_test_id("structure-found").get_by_text("Commune de Demoville").wait_for()
    page.get_by_label("Votre fonction dans la structure").fill("Maire")
    page.get_by_role("button", name="Confirmer et accéder à l'espace professionnel").click()
    page.get_by_role("heading", name="Commune de Demoville", exact=True).wait_for()
    assert page.url.endswith(f"/espace-pro/structures/{structure.pk}/")
    assert Membership.objects.filter(user=applicant, structure=structure).exists()


# --- 3. personne physique ------------------------------------------------------------------


def submit_personne_physique(page, tmp_path) -> AccessRequest:
    page.locator("#menu-lateral").get_by_role("link", name="Demande accès espace Pro").click()
    page.get_by_role("link", name="Demander un accès personne physique").click()
    page.locator("input[name=last_name]").fill("Compositrice")
    page.locator("input[name=first_names]").fill("Diane Marie")
    page.locator("input[name=birth_date]").fill("1985-04-12")
    page.locator("input[name=address]").fill("3 rue des Lilas")
    page.locator("input[name=postal_code]").fill("69003")
    page.locator("input[name=city]").fill("Lyon")
    page.locator("input[name=fiscal_residence_certified]").check(force=True)
    page.set_input_files("input[name=doc_piece_identite]", write_pdf(tmp_path, "cni.pdf"))
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert status(page) == "En cours de traitement"
    return AccessRequest.objects.get(procedure=Procedure.PERSONNE_PHYSIQUE)


def test_personne_physique_accepted_in_admin_opens_access_and_erases_identity(
    page, browser, live_server, tmp_path
):
    applicant = UserFactory(first_name="Diane", last_name="Compositrice")
    login(page, live_server.url, applicant.email)
    access_request = submit_personne_physique(page, tmp_path)
    assert access_request.fiscal_residence_certified
    assert access_request.birth_date.isoformat() == "1985-04-12"
    document = AccessRequestDocument.objects.get(request=access_request)
    assert document.doc_type == DocumentType.PIECE_IDENTITE
    path = document.file.name
    assert default_storage.exists(path)

    context, admin = instructor(browser, live_server.url)
    try:
        open_request_in_admin(admin, live_server.url, access_request)
        admin.get_by_role("button", name="Accepter", exact=True).click()
        admin.get_by_text("Demande acceptée ; le demandeur est prévenu par email.").wait_for()
    finally:
        context.close()

    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.ACCEPTEE
    structure = access_request.structure
    assert Membership.objects.filter(
        user=applicant, structure=structure, via=Membership.Via.DEMANDE
    ).exists()
    assert AccessRequestDocument.objects.count() == 0
    assert not default_storage.exists(path)
    approved = wait_for_mail(applicant.email, "est acceptée")
    assert structure.numero_cnm in approved.body
    assert "affiliation au CNM sera automatique" in approved.body
    assert not ActivationCode.objects.exists()  # no letter for a personne physique

    # Access at once, from the request page.
    page.goto(f"{live_server.url}/espace-pro/demandes/{access_request.pk}/")
    assert status(page) == "Acceptée"
    page.get_by_text("Aucun justificatif conservé").wait_for()
    page.get_by_role("link", name="Accéder à mon espace professionnel").click()
    page.get_by_role("heading", name="Diane Marie COMPOSITRICE", exact=True).wait_for()
    assert page.get_by_test_id("numero-cnm").inner_text() == structure.numero_cnm


def test_personne_physique_refused_in_admin_shows_reason_to_applicant(
    page, browser, live_server, tmp_path
):
    applicant = UserFactory(first_name="Diane", last_name="Compositrice")
    login(page, live_server.url, applicant.email)
    access_request = submit_personne_physique(page, tmp_path)
    path = AccessRequestDocument.objects.get(request=access_request).file.name
    reason = "La pièce d'identité est illisible : envoyez une nouvelle demande avec un scan net."

    context, admin = instructor(browser, live_server.url)
    try:
        open_request_in_admin(admin, live_server.url, access_request)
        admin.get_by_role("link", name="Refuser…").click()
        admin.get_by_role("heading", name="Refuser", exact=True).wait_for()
        admin.get_by_role("heading", name=re.compile(f"Demande n° {access_request.pk} ")).wait_for()
        # An empty reason is refused by the form.
        admin.get_by_role("button", name="Enregistrer").click()
        admin.locator(".errorlist").first.wait_for()
        admin.get_by_label("Motif du refus").fill(reason)
        admin.get_by_role("button", name="Enregistrer").click()
        admin.get_by_text("Décision enregistrée ; le demandeur est prévenu par email.").wait_for()
    finally:
        context.close()

    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSEE
    assert access_request.instructor_message == reason
    assert not Membership.objects.filter(user=applicant).exists()
    assert AccessRequestDocument.objects.count() == 0
    assert not default_storage.exists(path)
    refused = wait_for_mail(applicant.email, "n'a pas été acceptée")
    assert reason in refused.body

    page.goto(f"{live_server.url}/espace-pro/demandes/{access_request.pk}/")
    assert status(page) == "Refusée"
    alert = page.locator(".fr-alert--error")
    alert.get_by_role("heading", name="Motif du refus").wait_for()
    assert reason in alert.inner_text()
    assert "Aucun justificatif conservé" in page.content()


# --- 4. invitation -------------------------------------------------------------------------


def test_member_invites_someone_who_accepts_from_the_email(page, browser, live_server):
    member = MembershipFactory(user__first_name="Gaëlle", user__last_name="Gérante")
    structure = member.structure
    invitee = UserFactory(email="hugo.invite@exemple.fr", first_name="Hugo", last_name="Invité")

    login(page, live_server.url, member.user.email)
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    page.get_by_label("Email de la personne à inviter").fill("Hugo.Invite@exemple.fr")
    page.get_by_label("Sa fonction dans la structure").fill("Régisseur")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_text("Invitation envoyée à").wait_for()
    assert "hugo.invite@exemple.fr (Régisseur)" in page.content()
    invitation = Invitation.objects.get(structure=structure)
    assert invitation.email == "hugo.invite@exemple.fr"

    message = wait_for_mail("hugo.invite@exemple.fr", "Invitation à l'espace professionnel")
    link = re.search(r"https?://\S+/espace-pro/invitations/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)

    context = browser.new_context(locale="fr-FR")
    try:
        guest = context.new_page()
        guest.set_default_timeout(15_000)
        guest.goto(link)  # not logged in: the login page, then back to the invitation
        assert "/compte/login/" in guest.url
        guest.get_by_label("Identifiant").fill(invitee.email)
        guest.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
        guest.get_by_role("button", name="Connexion").click()
        guest.get_by_role(
            "heading", name=f"Invitation à l'espace professionnel de {structure.name}"
        ).wait_for()
        guest.get_by_role("button", name="Accepter l'invitation").click()
        guest.get_by_role("heading", name=structure.name, exact=True).wait_for()
        assert guest.url.endswith(f"/espace-pro/structures/{structure.pk}/")
        assert "Régisseur" in guest.content()
    finally:
        context.close()

    membership = Membership.objects.get(user=invitee, structure=structure)
    assert membership.via == Membership.Via.INVITATION
    assert membership.role == "Régisseur"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    wait_for_mail(member.user.email, "Nouvel accès à l'espace professionnel")
