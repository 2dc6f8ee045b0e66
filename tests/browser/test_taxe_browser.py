"""End-to-end: the variety-show tax, from the member's declaration to the titre exécutoire.

The member of a structure declares a spectacle in « Ma taxe » and deposits it; the liquidation
batch (run here in the test process, as the periodic task would) issues the avis des sommes à
payer, which the member downloads. In the Django admin (staff logged in with a TOTP code) the
instructor records a payment on one notice and takes another, unpaid after its due date, through
the reminder letter (+10 %) and the titre exécutoire; the member sees each document.
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory
from taxe import services
from taxe.choices import Category
from taxe.models import Declaration, Notice, Payment, Representation
from taxe.workflow import DeclarationStatus, NoticeStatus
from tests.browser.helpers import instructor, login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPECTACLE = "Tournée des Zéniths 2025"


# --- helpers (copied from test_espace_pro_browser.py: test modules do not import each other) ---


def text(locator) -> str:
    """Visible text with the no-break and narrow no-break spaces of French amounts normalised."""
    return re.sub(r"[\u00a0\u202f]", " ", locator.inner_text())


def status(page) -> str:
    """The declaration's status badge as written (DSFR badges are upper-cased by CSS)."""
    badge = page.get_by_test_id("status")
    badge.wait_for()
    return badge.text_content().strip()


def notice_row(page, number: str):
    """The notice's row in « Avis des sommes à payer » on « Ma taxe »."""
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=number, exact=True))
    row.wait_for()
    return row


def download(page, link_name: str, row) -> bytes:
    with page.expect_download() as info:
        row.get_by_role("link", name=link_name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def pdf_attachment(message, filename: str) -> bytes:
    attachments = {a[0]: a for a in message.attachments}
    assert filename in attachments, [a[0] for a in message.attachments]
    _name, content, mimetype = attachments[filename]
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    return content


def deposit_with_services(structure, actor, spectacle: str, base: str) -> Declaration:
    """A deposited declaration written through the services (the browser path is test 1's)."""
    declaration = services.declaration_create(structure=structure, actor=actor, spectacle=spectacle)
    services.representation_add(
        declaration=declaration,
        actor=actor,
        data=services.RepresentationData(
            date=today() - timedelta(days=10),
            venue="La Cigale",
            city="Paris",
            category=Category.CONCERTS,
            base_ht=Decimal(base),
        ),
    )
    return services.declaration_submit(declaration=declaration, actor=actor)


def admin_notice_list(admin, base_url: str, queue: str) -> None:
    """The notice list in the admin, filtered on one work queue of the sidebar."""
    response = admin.goto(f"{base_url}/admin/taxe/notice/")
    # Django formats each action's description with « % model_format_dict »: a bare « % »
    # (« majoration de 10 % ») must be written « %% » or the whole list answers 500.
    assert response.ok, f"/admin/taxe/notice/ answered {response.status}"
    admin.locator("#changelist-filter").get_by_role("link", name=queue, exact=True).click()
    admin.wait_for_url(re.compile(r"[?&]file="))


def run_admin_action(admin, notice: Notice, action: str) -> None:
    admin.locator(f"input[name=_selected_action][value='{notice.pk}']").check()
    admin.locator("select[name=action]").select_option(label=action)
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()


def admin_field(admin, name: str) -> str:
    """A read-only field of the admin change form, as shown."""
    return text(admin.locator(f".field-{name} .readonly")).strip()


# --- 1. declaring, liquidation, avis ---------------------------------------------------------


def test_member_declares_and_downloads_the_avis_after_liquidation(page, live_server):
    member = MembershipFactory(user__first_name="Gaëlle", user__last_name="Gérante")
    structure, email = member.structure, member.user.email
    login(page, live_server.url, email)

    # From the structure page to « Ma taxe ».
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    page.get_by_role("link", name="Ma taxe : déclarations, avis, paiements").click()
    page.get_by_role("heading", name="Ma taxe sur les spectacles de variétés").wait_for()
    assert page.url.endswith(f"/taxe/structures/{structure.pk}/")
    page.get_by_text("Aucune déclaration.").wait_for()

    page.get_by_label("Titre du spectacle").fill(SPECTACLE)
    page.get_by_role("button", name="Nouvelle déclaration").click()
    page.get_by_role("heading", name=f"Déclaration — {SPECTACLE}").wait_for()
    declaration = Declaration.objects.get(structure=structure)
    assert declaration.status == DeclarationStatus.BROUILLON
    assert status(page) == "Brouillon"

    # A representation with a negative amount: French error, nothing stored.
    played_on = today() - timedelta(days=10)
    page.get_by_label("Date de la représentation").fill(played_on.isoformat())
    page.get_by_label(re.compile(r"^Lieu\b")).fill("Le Zénith")
    page.get_by_label(re.compile(r"^Commune\b")).fill("Nantes")
    page.get_by_label("Catégorie").select_option(label=str(Category.CONCERTS.label))
    page.get_by_label("Avec billetterie").check(force=True)
    page.get_by_label("Montant HT (€)", exact=True).fill("-3 000,00")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.get_by_text("Le montant ne peut pas être négatif.").wait_for()
    assert not Representation.objects.exists()

    page.get_by_label("Montant HT (€)", exact=True).fill("3 000,00")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.get_by_text("Représentation ajoutée.").wait_for()
    representation = Representation.objects.get(declaration=declaration)
    assert representation.base_ht == Decimal("3000.00")
    assert representation.date == played_on and representation.ticketing
    assert representation.category == Category.CONCERTS
    assert representation.taxability == "taxable"
    row = page.get_by_role("row").filter(has_text="Le Zénith, Nantes")
    assert "3 000,00 €" in text(row)

    page.get_by_role("button", name="Déposer la déclaration").click()
    page.get_by_text("Déclaration déposée. Le CNM la liquide sous 15 jours").wait_for()
    assert status(page) == "Déposée, à liquider"
    assert page.get_by_role("button", name="Déposer la déclaration").count() == 0
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DEPOSEE
    assert declaration.taxable_base == Decimal("3000.00") and not declaration.is_late
    received = wait_for_mail(email, f"Déclaration de taxe reçue — {SPECTACLE}")
    assert f"« {SPECTACLE} »" in received.body

    # The batch, as the periodic task runs it: 3,5 % of 3 000 € = 105 €, above 80 € → payable.
    batch = services.liquidation_run()
    assert (batch.declarations, batch.notices_issued, batch.notices_held) == (1, 1, 0)
    notice = Notice.objects.get(declaration=declaration)
    assert re.fullmatch(rf"AV-{declaration.pk}-[0-9A-F]{{12}}", notice.number)
    assert notice.status == NoticeStatus.A_PAYER and notice.principal == Decimal("105.00")
    issued = wait_for_mail(email, f"Avis des sommes à payer {notice.number}")
    avis_pdf = pdf_attachment(issued, f"avis-{notice.number}.pdf")
    assert f"{notice.due_on:%d/%m/%Y}" in issued.body
    assert f"{live_server.url}/taxe/structures/{structure.pk}/" in issued.body

    page.get_by_role("link", name="Ma taxe", exact=True).click()
    page.get_by_role("heading", name="Ma taxe sur les spectacles de variétés").wait_for()
    row = notice_row(page, notice.number)
    shown = text(row)
    assert "105,00 €" in shown and "À payer" in shown
    assert f"{notice.due_on:%d/%m/%Y}" in shown
    assert text(page.get_by_test_id("remaining")) == "105,00 €"
    declarations = text(page.get_by_role("row").filter(has_text=SPECTACLE))
    assert "Liquidée" in declarations and "105,00 €" in declarations
    assert row.get_by_role("link", name="Rappel").count() == 0
    pdf = download(page, "Avis", row)
    assert pdf.startswith(b"%PDF") and pdf == avis_pdf


# --- 2. payment, reminder, titre exécutoire ----------------------------------------------------


def test_instructor_records_payment_then_reminder_and_titre_for_an_unpaid_notice(
    page, browser, live_server
):
    member = MembershipFactory(user__first_name="Gaëlle", user__last_name="Gérante")
    structure, email, user = member.structure, member.user.email, member.user
    declaration_a = deposit_with_services(structure, user, "Tournée A", "3000.00")
    services.liquidation_run()
    declaration_b = deposit_with_services(structure, user, "Tournée B", "2000.00")
    services.liquidation_run()
    notice_a = Notice.objects.get(declaration=declaration_a)
    notice_b = Notice.objects.get(declaration=declaration_b)
    assert notice_a.principal == Decimal("105.00") and notice_b.principal == Decimal("70.00")
    # 70 € alone is under the 80 € threshold, but the year's total (175 €) is not.
    assert notice_a.status == notice_b.status == NoticeStatus.A_PAYER
    wait_for_mail(email, f"Avis des sommes à payer {notice_b.number}")
    # Time passes: B's due date is behind us (A is paid in time).
    Notice.objects.filter(pk=notice_b.pk).update(due_on=today() - timedelta(days=40))

    context, admin = instructor(browser, live_server.url)
    try:
        # Notice A: a full payment.
        admin.goto(f"{live_server.url}/admin/taxe/notice/{notice_a.pk}/change/")
        admin.get_by_role("link", name="Enregistrer un paiement…").click()
        admin.get_by_role("heading", name=f"Avis {notice_a.number}").wait_for()
        admin.get_by_label("Montant").fill("105,00")
        admin.get_by_label("Date du paiement").fill(today().isoformat())
        admin.get_by_label("Référence").fill(f"VIR SEPA {notice_a.number}")
        admin.get_by_role("button", name="Enregistrer").click()
        admin.get_by_text("Enregistré.").wait_for()
        assert admin.url.endswith(f"/admin/taxe/notice/{notice_a.pk}/change/")
        assert admin_field(admin, "status") == "Payé"
        assert f"VIR SEPA {notice_a.number}" in text(admin.locator("#payments-group"))
        assert admin.get_by_role("link", name="Enregistrer un paiement…").count() == 0

        # Notice B: unpaid after its due date → reminder letter, +10 %.
        admin_notice_list(admin, live_server.url, "Impayés après la date limite")
        results = admin.locator("#result_list")
        results.get_by_role("link", name=notice_b.number, exact=True).wait_for()
        assert results.get_by_role("link", name=notice_a.number, exact=True).count() == 0
        run_admin_action(admin, notice_b, "Envoyer la lettre de rappel (majoration de 10 %)")
        admin.get_by_text("1 lettre(s) de rappel préparée(s).").wait_for()
        notice_b.refresh_from_db()
        assert notice_b.status == NoticeStatus.RELANCE
        assert notice_b.majoration == Decimal("7.00")
        assert notice_b.reminder_sent_on == today()
        assert notice_b.reminder_pdf

        admin.goto(f"{live_server.url}/admin/taxe/notice/{notice_b.pk}/change/")
        assert admin_field(admin, "status") == "Relancé, majoré de 10 %"
        assert admin_field(admin, "majoration") == "7,00"

        # The letter left 35 days ago; its acknowledgement of receipt is dated 31 days ago.
        Notice.objects.filter(pk=notice_b.pk).update(reminder_sent_on=today() - timedelta(days=35))
        received_on = today() - timedelta(days=31)
        admin.get_by_role("link", name="Saisir la réception du rappel…").click()
        admin.get_by_role("heading", name="Saisir la réception du rappel").wait_for()
        admin.get_by_label("Date de réception de la lettre").fill(received_on.isoformat())
        admin.get_by_role("button", name="Enregistrer").click()
        admin.get_by_text("Enregistré.").wait_for()
        notice_b.refresh_from_db()
        assert notice_b.reminder_received_on == received_on

        # 30 days after the receipt and still unpaid: titre exécutoire.
        admin_notice_list(admin, live_server.url, "Titres à émettre")
        run_admin_action(
            admin,
            notice_b,
            "Émettre le titre exécutoire (délai de 30 jours écoulé)",
        )
        admin.get_by_text("1 titre(s) exécutoire(s) émis.").wait_for()
        assert admin.locator(".messagelist .warning").count() == 0
    finally:
        context.close()

    notice_a.refresh_from_db()
    notice_b.refresh_from_db()
    assert notice_a.status == NoticeStatus.PAYE and notice_a.paid == Decimal("105.00")
    assert Payment.objects.get(notice=notice_a).amount == Decimal("105.00")
    assert notice_b.status == NoticeStatus.TITRE and notice_b.titre_on == today()
    assert notice_b.titre_pdf

    wait_for_mail(email, f"Avis soldé {notice_a.number}")
    reminder = wait_for_mail(email, f"Lettre de rappel : taxe majorée de 10 % — {notice_b.number}")
    pdf_attachment(reminder, f"reminder-{notice_b.number}.pdf")
    titre = wait_for_mail(email, f"Titre exécutoire — {notice_b.number}")
    pdf_attachment(titre, f"titre-{notice_b.number}.pdf")

    # The member's view: A paid, B with its reminder and titre.
    login(page, live_server.url, email)
    page.goto(f"{live_server.url}/taxe/structures/{structure.pk}/")
    row_a = notice_row(page, notice_a.number)
    assert "Payé" in text(row_a)
    assert row_a.get_by_role("link", name="Rappel").count() == 0
    row_b = notice_row(page, notice_b.number)
    shown = text(row_b)
    assert "Titre exécutoire émis" in shown
    assert "7,00 €" in shown and "+10 %" in shown
    assert row_b.get_by_role("link", name="Rappel", exact=True).count() == 1
    assert row_b.get_by_role("link", name="Titre exécutoire", exact=True).count() == 1
    assert text(page.get_by_test_id("remaining")) == "77,00 €"
    assert f"105,00 € — {notice_a.number}" in text(page.locator("main"))
    assert download(page, "Rappel", row_b).startswith(b"%PDF")
    assert download(page, "Titre exécutoire", row_b).startswith(b"%PDF")
