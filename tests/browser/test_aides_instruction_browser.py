"""End-to-end: the instruction of an aid dossier through missing items to caducité (RGA art. 3).

The instructor (Django admin, TOTP) finds the deposited dossier on the instruction home, takes
it, asks for a document and a figure with a deadline; the member reads the e-mail, opens the
missing-items page where only those items can be changed, sends the document and corrects the
figure but does not send them back. The day after the deadline the daily job makes the dossier
caduc: the member is told by e-mail and the dossier page shows it in its « Suivi ».
"""

import pytest

from aides import services
from aides.models import Dossier
from aides.rules_instruction import default_missing_items_deadline
from aides.tests import factories as f
from aides.tests import factories_instruction as fi
from aides.workflow import DossierStatus
from cnm_portal.dates import today
from tests.browser.helpers import instructor, login, wait_for_mail, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = DossierStatus


def test_missing_items_then_caducite(page, browser, live_server, tmp_path):
    membership = f.member()
    dossier = f.deposited(membership, title="Album Lumière")
    email = membership.user.email
    base = live_server.url
    context, admin = instructor(browser, base)

    # The home lists the deposited dossier by programme and session; its count links to it.
    admin.goto(f"{base}/admin/")
    admin.get_by_role("link", name="Accueil de l'instruction").click()
    admin.get_by_role("heading", name="Accueil de l'instruction").wait_for()
    admin.get_by_test_id("sessions").get_by_role("link", name="1").first.click()
    admin.get_by_role("link", name=dossier.number).click()

    # Take it, then ask for the co-production contract and the number of titles.
    admin.get_by_role("button", name="Prendre en instruction").click()
    admin.get_by_text("Dossier pris en instruction.").wait_for()
    admin.get_by_role("link", name="Demander des pièces ou informations…").click()
    admin.get_by_label("Contrat de coproduction", exact=False).check()
    admin.get_by_label("Nombre de titres", exact=False).check()
    deadline = default_missing_items_deadline(today())
    admin.get_by_label("À compléter au plus tard le (jour ouvré)").fill(deadline.isoformat())
    admin.get_by_role("button", name="Enregistrer").click()
    admin.get_by_text("Demande envoyée").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).status == S.INCOMPLET

    # The member reads the e-mail and opens the page it links to.
    message = wait_for_mail(email, "pièces ou informations à compléter")
    assert deadline.strftime("%d/%m/%Y") in message.body
    login(page, base, email)
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/")
    page.get_by_test_id("missing-items-link").click()
    page.get_by_test_id("deadline").wait_for()
    assert deadline.strftime("%d/%m/%Y") in page.get_by_test_id("deadline").inner_text()
    # Only the figure asked is a field; every other answer stays read-only.
    figures = page.get_by_test_id("figures-form")
    assert figures.locator("input[name=duree_minutes]").count() == 0
    figures.locator("input[name=nombre_titres]").fill("-2")
    figures.get_by_role("button", name="Enregistrer les informations").click()
    page.locator(".fr-message--error").first.wait_for()
    page.get_by_test_id("figures-form").locator("input[name=nombre_titres]").fill("12")
    page.get_by_test_id("figures-form").get_by_role(
        "button", name="Enregistrer les informations"
    ).click()
    page.get_by_text("Informations enregistrées.").wait_for()
    page.get_by_test_id("document-form").locator("input[type=file]").set_input_files(
        write_pdf(tmp_path, "coproduction.pdf")
    )
    page.get_by_role("button", name="Enregistrer la pièce").click()
    page.get_by_text("Pièce enregistrée.").wait_for()
    items = page.get_by_test_id("requested-items").inner_text()
    assert "fournie" in items and "complétée" in items
    # ...but never sends them back. The deadline passes; the daily job runs.
    fi.make_overdue(dossier, days=1)
    assert services.dossiers_lapse(on=today()) == 1
    assert services.dossiers_lapse(on=today()) == 0  # safe twice

    wait_for_mail(email, "demande caduque")
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/")
    assert page.get_by_test_id("status").inner_text().lower() == "caduc"
    assert "caduque" in page.get_by_test_id("history").inner_text()
    # The missing-items page is closed.
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/complements/")
    page.get_by_text("Aucune pièce ni information n'est demandée").wait_for()

    # The instructor sees it caduc in the queue.
    admin.goto(f"{base}/admin/aides/dossier/?statut=caduc")
    admin.get_by_role("link", name=dossier.number).wait_for()
    context.close()
