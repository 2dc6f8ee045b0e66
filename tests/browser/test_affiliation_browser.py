"""End-to-end: the demande d'affiliation (RGA art. 1), member and instructor in Chromium.

1. A member of a société commerciale asks for the affiliation from the structure page, is told
   precisely what is missing (commitments, expired licence, licence document), sends it, and the
   instructor validates it in the Django admin (staff logged in with a TOTP code): the members
   receive the notification d'affiliation as a PDF attachment, and the portal shows the validity
   period and lets them download the same PDF.
2. The instructor marks a request incomplete with a list of missing items (the relance); the
   member reads the e-mail and the overview, completes the request with an extra document and
   sends it back for instruction.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from affiliation import services
from affiliation.models import Affiliation, AffiliationDocument, LiveShowActivity
from affiliation.workflow import AffiliationStatus
from cnm_portal.dates import add_months
from espace_pro.models import ActivationCode
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import instructor, login, wait_for_mail, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITMENT_REQUIRED = "Cet engagement sur l'honneur est obligatoire."
LICENCE_OPTION = "Je suis titulaire d'une licence d'entrepreneur de spectacles vivants"


# --- helpers (copied from test_espace_pro_browser.py, which is not imported) ---------------


def field_errors(page, name: str) -> list[str]:
    """The DSFR error messages rendered next to the field ``name`` (checkbox, radio or input)."""
    group = page.locator(
        f".fr-checkbox-group:has([name={name}]), .fr-input-group:has([name={name}]), "
        f".fr-select-group:has([name={name}]), .fr-fieldset:has([name={name}])"
    ).last
    assert group.count() == 1, f"no field {name} on the page"
    return [text.strip() for text in group.locator(".fr-message--error").all_inner_texts()]


def open_in_admin(admin, base_url: str, affiliation: Affiliation) -> None:
    admin.goto(f"{base_url}/admin/affiliation/affiliation/{affiliation.pk}/change/")
    admin.get_by_role("heading", name=str(affiliation)).first.wait_for()


def callout_title(page) -> str:
    title = page.locator(".fr-callout__title")
    title.wait_for()
    return title.inner_text().strip()


def fmt(day) -> str:
    return day.strftime("%d/%m/%Y")


# --- 1. request, validation, notification --------------------------------------------------


def test_member_requests_affiliation_and_instructor_validates_it(
    page, browser, live_server, tmp_path
):
    member = MembershipFactory(user__first_name="Gaëlle", user__last_name="Gérante")
    structure = member.structure
    email = member.user.email
    login(page, live_server.url, email)

    # Structure page → « Gérer l'affiliation » → « Demander l'affiliation ».
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    section = page.get_by_test_id("affiliation-section")
    section.get_by_text("Cette structure n'est pas affiliée").wait_for()
    section.get_by_role("link", name="Gérer l'affiliation").click()
    page.get_by_role("heading", name="Affiliation au CNM", exact=True).wait_for()
    assert page.url.endswith(f"/affiliation/structures/{structure.pk}/")
    page.get_by_role("link", name="Demander l'affiliation").click()
    page.get_by_role(
        "heading", name=f"Demande d'affiliation — {structure.name}", exact=True
    ).wait_for()
    page.get_by_text("Première affiliation", exact=True).wait_for()
    # Personne morale: the 1° wording for a structure, and the protocol commitment (3°).
    assert "La structure est établie en France" in page.content()
    assert page.locator("input[name=commit_protocole_vss]").count() == 1

    # 1st try: nothing ticked → an error next to each commitment of a personne morale.
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("La demande n'a pas été envoyée : corrigez les champs signalés.").wait_for()
    for name in ("commit_etabli_france", "commit_obligations", "commit_protocole_vss"):
        assert field_errors(page, name) == [COMMITMENT_REQUIRED], name
    # No live-show activity declared: 4° and 5° are not required.
    assert field_errors(page, "commit_licence") == []
    assert field_errors(page, "commit_sibil") == []
    assert not Affiliation.objects.exclude(status=AffiliationStatus.BROUILLON).exists()
    assert not [m for m in mail.outbox if "affiliation" in m.subject.lower()]

    # 2nd try: licence holder, but the licence has expired and its copy is not attached.
    expired = timezone.localdate() - timedelta(days=10)
    page.get_by_label(LICENCE_OPTION, exact=True).check(force=True)
    page.get_by_label("Numéro de licence ou de récépissé").fill("PLATESV-R-2023-001234")
    page.get_by_label("Catégorie").select_option("2")
    page.get_by_label("Date de fin de validité").fill(expired.isoformat())
    for name in (
        "commit_etabli_france",
        "commit_obligations",
        "commit_protocole_vss",
        "commit_licence",
        "commit_sibil",
    ):
        page.locator(f"input[name={name}]").check(force=True)
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text(f"Votre licence a expiré le {fmt(expired)}").wait_for()
    assert field_errors(page, "licence_valid_until") == [
        f"Votre licence a expiré le {fmt(expired)} : renouvelez-la, ou déclarez une activité "
        "occasionnelle."
    ]
    assert field_errors(page, "doc_licence") == ["Joignez votre licence ou votre récépissé."]
    for name in ("commit_etabli_france", "commit_licence", "commit_sibil"):
        assert field_errors(page, name) == [], name
        assert page.locator(f"input[name={name}]").is_checked(), name  # kept after the error
    affiliation = Affiliation.objects.get(structure=structure)
    assert affiliation.status == AffiliationStatus.BROUILLON
    assert affiliation.submitted_at is None

    # 3rd try: a licence valid until next year, its copy attached → sent.
    valid_until = add_months(timezone.localdate(), 14)
    page.get_by_label("Date de fin de validité").fill(valid_until.isoformat())
    page.set_input_files("input[name=doc_licence]", write_pdf(tmp_path, "licence.pdf"))
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Votre demande d'affiliation a été envoyée au CNM.").wait_for()
    assert page.url.endswith(f"/affiliation/structures/{structure.pk}/")
    assert callout_title(page) == "Première affiliation — En cours d'instruction"
    page.get_by_text("Votre demande est en cours d'instruction par les services du CNM.").wait_for()

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.SOUMISE
    assert affiliation.kind == Affiliation.Kind.PREMIERE
    assert affiliation.submitted_at is not None
    assert affiliation.live_show_activity == LiveShowActivity.LICENCE
    assert affiliation.licence_number == "PLATESV-R-2023-001234"
    assert affiliation.licence_category == "2"
    assert affiliation.licence_valid_until == valid_until
    assert all(
        (
            affiliation.commit_etabli_france,
            affiliation.commit_obligations,
            affiliation.commit_protocole_vss,
            affiliation.commit_licence,
            affiliation.commit_sibil,
        )
    )
    document = affiliation.documents.get()
    assert document.kind == AffiliationDocument.Kind.LICENCE
    assert document.original_name == "licence.pdf"
    wait_for_mail(email, "Demande d'affiliation reçue")

    # The instructor validates the request in the admin.
    context, admin = instructor(browser, live_server.url)
    try:
        open_in_admin(admin, live_server.url, affiliation)
        assert "licence.pdf" in admin.content()
        admin.get_by_role("button", name="Valider", exact=True).click()
        admin.get_by_text("Affiliation validée : la notification part par email.").wait_for()
        assert admin.get_by_role("button", name="Valider", exact=True).count() == 0
    finally:
        context.close()

    affiliation.refresh_from_db()
    today = timezone.localdate()
    assert affiliation.status == AffiliationStatus.VALIDEE
    assert affiliation.notified_on == today
    assert affiliation.valid_from == today
    assert affiliation.valid_until == add_months(today, 12) - timedelta(days=1)

    notification = wait_for_mail(email, "Notification d'affiliation")
    assert structure.name in notification.subject
    assert f"valable du {fmt(affiliation.valid_from)} au {fmt(affiliation.valid_until)}" in (
        notification.body
    )
    assert f"{live_server.url}/affiliation/structures/{structure.pk}/" in notification.body
    assert len(notification.attachments) == 1
    filename, content, mimetype = notification.attachments[0]
    assert mimetype == "application/pdf"
    assert filename.endswith(".pdf")
    assert content.startswith(b"%PDF")
    # The notification carries a code d'activation for the structure (guide).
    assert ActivationCode.objects.filter(structure=structure, used_at__isnull=True).exists()
    affiliation.refresh_from_db()
    assert affiliation.decision_pdf

    # The member sees the validity period and downloads the same PDF.
    page.reload()
    current = page.get_by_test_id("affiliation-current")
    current.get_by_role(
        "heading",
        name=f"Affiliée du {fmt(affiliation.valid_from)} au {fmt(affiliation.valid_until)}",
    ).wait_for()
    assert page.locator(".fr-callout__title").count() == 0  # no open request any more
    with page.expect_download() as download_info:
        current.get_by_role("link", name="Télécharger la notification d'affiliation (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"affiliation-{structure.numero_cnm}-{affiliation.pk}.pdf"
    )
    downloaded = (tmp_path / "notification.pdf").as_posix()
    download.save_as(downloaded)
    with open(downloaded, "rb") as fh:
        assert fh.read() == content

    # Back on the structure page, the section shows the affiliation.
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    page.get_by_test_id("affiliation-section").get_by_text(
        f"jusqu'au {fmt(affiliation.valid_until)}"
    ).wait_for()


# --- 2. incomplete → relance → completion --------------------------------------------------


def test_incomplete_request_relance_then_member_completes_it(page, browser, live_server, tmp_path):
    member = MembershipFactory(user__first_name="Hugo", user__last_name="Hébergeur")
    structure = member.structure
    email = member.user.email
    # A request already sent (no live-show activity), as test 1 does through the browser.
    affiliation = services.affiliation_save_draft(
        structure=structure,
        actor=member.user,
        data=services.AffiliationData(
            commit_etabli_france=True, commit_obligations=True, commit_protocole_vss=True
        ),
    )
    affiliation = services.affiliation_submit(affiliation=affiliation, actor=member.user)
    assert affiliation.status == AffiliationStatus.SOUMISE
    missing = "Extrait Kbis de moins de trois mois\nAttestation de vigilance URSSAF"

    context, admin = instructor(browser, live_server.url)
    try:
        open_in_admin(admin, live_server.url, affiliation)
        # no button for a move the table does not have from « soumise »
        assert admin.get_by_role("link", name="Enregistrer la désaffiliation…").count() == 0
        admin.get_by_role("link", name="Incomplète : envoyer la relance…").click()
        admin.get_by_role("heading", name="Incomplète : envoyer la relance").wait_for()
        # An empty list is refused by the form.
        admin.get_by_role("button", name="Enregistrer").click()
        admin.locator(".errorlist").first.wait_for()
        affiliation.refresh_from_db()
        assert affiliation.status == AffiliationStatus.SOUMISE
        admin.get_by_label("Pièces ou informations manquantes (envoyées au demandeur)").fill(
            missing
        )
        admin.get_by_role("button", name="Enregistrer").click()
        admin.get_by_text("Relance envoyée : la structure a un mois pour compléter.").wait_for()
    finally:
        context.close()

    today = timezone.localdate()
    deadline = add_months(today, 1)
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.INCOMPLETE
    # A textarea posts CRLF line breaks (HTML spec); Django's CharField keeps them.
    assert affiliation.missing_items.replace("\r\n", "\n") == missing
    assert affiliation.relance_sent_on == today
    assert affiliation.completion_deadline == deadline

    relance = wait_for_mail(email, "Demande d'affiliation incomplète")
    assert "à compléter sous un mois" in relance.subject
    assert "Extrait Kbis de moins de trois mois" in relance.body
    assert "Attestation de vigilance URSSAF" in relance.body
    assert f"soit jusqu'au {fmt(deadline)}" in relance.body
    request_url = f"{live_server.url}/affiliation/structures/{structure.pk}/demande/"
    assert request_url in relance.body

    # The member reads the overview: the missing items and the deadline.
    login(page, live_server.url, email)
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    page.get_by_test_id("affiliation-section").get_by_text(
        "Incomplète : pièces ou informations manquantes"
    ).wait_for()
    page.get_by_role("link", name="Gérer l'affiliation").click()
    assert (
        callout_title(page)
        == "Première affiliation — Incomplète : pièces ou informations manquantes"
    )
    page.get_by_text(f"Le CNM a besoin des éléments suivants avant le {fmt(deadline)}").wait_for()
    page.get_by_text("Extrait Kbis de moins de trois mois").wait_for()
    page.get_by_text("Attestation de vigilance URSSAF").wait_for()
    page.get_by_role("link", name="Compléter ma demande").click()

    # The form reopens with the answers given and the items asked for.
    page.get_by_role("heading", name=f"À compléter avant le {fmt(deadline)}", exact=True).wait_for()
    for name in ("commit_etabli_france", "commit_obligations", "commit_protocole_vss"):
        assert page.locator(f"input[name={name}]").is_checked(), name
    page.set_input_files("input[name=doc_autre]", write_pdf(tmp_path, "kbis-urssaf.pdf"))
    page.get_by_role("button", name="Envoyer les compléments").click()
    page.get_by_text("Votre demande d'affiliation a été envoyée au CNM.").wait_for()
    assert callout_title(page) == "Première affiliation — En cours d'instruction"

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.SOUMISE
    document = affiliation.documents.get()
    assert document.kind == AffiliationDocument.Kind.AUTRE
    assert document.original_name == "kbis-urssaf.pdf"
    wait_for_mail(email, "Compléments d'affiliation reçus")

    # Once sent, the form is closed until the instructor decides.
    page.goto(request_url)
    page.get_by_text("Votre demande est en cours d'instruction.", exact=True).wait_for()
    assert page.url.endswith(f"/affiliation/structures/{structure.pk}/")
