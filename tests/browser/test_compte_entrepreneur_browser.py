"""End-to-end: the compte-entrepreneur, from a tax payment to a validated droit de tirage.

A tax payment is recorded (through the tax app's service, as the accounting agent's screen or a
bank statement would): the member sees 65 % of it on « Mon compte-entrepreneur », downloads the
notification PDF, requests a drawing after reading the conditions, and the instructor validates
it in the Django admin (TOTP login); the member then sees the debit and the status.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from compte_entrepreneur.documents import notify_generation
from compte_entrepreneur.models import Compte, Drawing, Generation
from compte_entrepreneur.tests.factories import affiliate, bank_details, notice_for, pay
from compte_entrepreneur.workflow import DrawingStatus
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import instructor, login, wait_for_mail, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def text(locator) -> str:
    """Visible text with the no-break and narrow no-break spaces of French amounts normalised."""
    return re.sub(r"[\u00a0\u202f]", " ", locator.inner_text())


def test_credit_drawing_request_and_validation(page, live_server, browser, tmp_path):
    member = MembershipFactory(user__first_name="Jeanne", user__last_name="Tirage")
    structure, email = member.structure, member.user.email
    affiliate(structure)
    bank_details(structure)
    pay(notice_for(structure, "2000.00"), "2000.00")  # 1 300 € credited
    # the worker renders the notification (outbox after commit, eager in this process)
    generation = Generation.objects.get(compte__structure=structure)
    notify_generation({"generation_id": generation.pk})
    wait_for_mail(email, "Notification de vos droits")

    login(page, live_server.url, email)
    page.goto(f"{live_server.url}/espace-pro/structures/{structure.pk}/")
    page.get_by_role(
        "link", name="Mon compte-entrepreneur : solde, droits, droits de tirage"
    ).click()
    page.get_by_role("heading", name="Mon compte-entrepreneur").wait_for()
    assert text(page.get_by_test_id("balance")) == "1 300,00 €"
    soonest = page.get_by_test_id("soonest")
    assert "1 300,00 €" in text(soonest) and "ÉCHÉANCE LA PLUS PROCHE" in text(soonest).upper()
    assert "65 % de la taxe payée" in text(page.get_by_test_id("history"))
    with page.expect_download() as info:
        soonest.get_by_role("link", name="PDF").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    # the drawing request: conditions shown first, then the form
    page.get_by_role("link", name="Demander un droit de tirage").click()
    conditions = text(page.get_by_test_id("conditions"))
    assert "Être affilié au CNM" in conditions and "non remplie" not in conditions
    page.get_by_label("Montant demandé (€)").fill("1400")
    page.get_by_label("Production de spectacles", exact=True).check(force=True)
    page.get_by_label("Projet financé").fill("Tournée d'automne : 12 dates")
    page.get_by_label("Je m'engage à poursuivre").check(force=True)
    page.get_by_label("Justificatif (budget, contrats…)").set_input_files(
        write_pdf(tmp_path, "budget.pdf")
    )
    page.get_by_role("button", name="Envoyer la demande").click()
    # above the balance: the message is next to the field, nothing is created
    page.get_by_text("dépasse le solde disponible").wait_for()
    assert not Drawing.objects.exists()
    page.get_by_label("Montant demandé (€)").fill("1000")
    page.get_by_label("Justificatif (budget, contrats…)").set_input_files(
        write_pdf(tmp_path, "budget.pdf")
    )
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_test_id("status").wait_for()
    assert page.get_by_test_id("status").text_content().strip() == "Déposée, en cours de contrôle"
    drawing = Drawing.objects.get()

    # the instructor validates in the admin: the conditions are checked again under the lock
    context, admin = instructor(browser, live_server.url)
    admin.goto(f"{live_server.url}/admin/compte_entrepreneur/drawing/{drawing.pk}/change/")
    admin.get_by_role("button", name="Valider et ordonner le paiement").click()
    admin.get_by_text("Droit de tirage validé").wait_for()
    context.close()
    drawing.refresh_from_db()
    assert drawing.status == DrawingStatus.VALIDEE
    assert Compte.objects.get(structure=structure).balance == Decimal("300.00")
    wait_for_mail(email, f"Droit de tirage n° {drawing.pk} validé")

    page.goto(f"{live_server.url}/compte-entrepreneur/structures/{structure.pk}/")
    assert text(page.get_by_test_id("balance")) == "300,00 €"
    assert f"Droit de tirage n° {drawing.pk}" in text(page.get_by_test_id("history"))
    page.get_by_role("link", name=f"Demande n° {drawing.pk}").click()
    assert page.get_by_test_id("status").text_content().strip() == "Validée, paiement en cours"
