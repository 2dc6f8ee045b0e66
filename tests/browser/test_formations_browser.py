"""End-to-end: a training registration, from the public catalogue to the waiting list.

The member filters the catalogue, opens a module, registers for its only seat, receives the
confirmation e-mail with the convocation (PDF rendered by the worker), downloads it from « Mes
inscriptions », then cancels: the person waiting is confirmed automatically and e-mailed."""

from pathlib import Path

import pytest

from accounts.tests.factories import UserFactory
from espace_pro.tests.factories import MembershipFactory
from formations.choices import Format, Parcours
from formations.models import Inscription
from formations.tests.factories import ModuleFactory, make_session, register
from formations.workflow import IS
from tests.browser.helpers import login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_download_convocation_cancel_and_waiting_person_promoted(page, live_server):
    member = MembershipFactory(user__first_name="Inès", user__last_name="Formée")
    email = member.user.email
    module = ModuleFactory(
        title="Promotion numérique des artistes",
        parcours=Parcours.NUMERIQUE,
        format=Format.HYBRIDE,
    )
    session = make_session(module, days=20, seats=1)
    ModuleFactory(title="Créer et gérer une association", parcours=Parcours.ADMINISTRATIF)

    login(page, live_server.url, email)
    page.goto(f"{live_server.url}/formations/")
    page.get_by_role("heading", name="Formations", exact=True).wait_for()
    page.get_by_label("Parcours").select_option("numerique")
    page.get_by_role("button", name="Filtrer les formations").click()
    modules = page.get_by_test_id("modules")
    assert "Créer et gérer une association" not in modules.inner_text()
    modules.get_by_role("link", name="Promotion numérique des artistes").click()
    assert "1 place restante" in page.get_by_test_id("sessions").inner_text()

    page.get_by_role("link", name="S'inscrire").click()
    page.get_by_label("Je m'inscris").select_option(label=f"Au titre de {member.structure.name}")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.get_by_test_id("status").wait_for()
    assert page.get_by_test_id("status").inner_text().strip().upper() == "CONFIRMÉE"

    message = wait_for_mail(email, "est confirmée")
    inscription = Inscription.objects.get(user=member.user)
    assert inscription.for_structure == member.structure
    assert message.attachments[0][0] == f"convocation-formation-{inscription.pk}.pdf"

    # someone else asks for the session, now full: the waiting list
    other = UserFactory(first_name="Noé", last_name="Attente")
    waiting = register(session, other)
    assert waiting.status == IS.EN_ATTENTE

    page.goto(f"{live_server.url}/formations/mes-inscriptions/")
    page.get_by_role("link", name="Promotion numérique des artistes").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger ma convocation (PDF)").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name="Annuler mon inscription").click()
    page.get_by_text("Votre inscription est annulée").wait_for()
    assert page.get_by_test_id("status").inner_text().strip().upper() == "ANNULÉE PAR LA PERSONNE"
    wait_for_mail(email, "est annulée")

    promoted = wait_for_mail(other.email, "Une place s'est libérée")
    assert promoted.attachments[0][1].startswith(b"%PDF")
    waiting.refresh_from_db()
    assert waiting.status == IS.CONFIRMEE
