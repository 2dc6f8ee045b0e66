"""End-to-end: a person takes a « RDV CNM », receives the confirmation with its .ics file,
moves it to another slot, then cancels it."""

import pytest

from espace_pro.tests.factories import MembershipFactory
from rdv.choices import Topic
from rdv.models import Booking
from rdv.tests.factories import AdviserFactory, SlotFactory
from rdv.workflow import B
from tests.browser.helpers import login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ics(message) -> dict[str, str]:
    return {
        name: content if isinstance(content, str) else content.decode()
        for name, content, _mime in message.attachments
        if name.endswith(".ics")
    }


def test_book_move_and_cancel(page, live_server):
    member = MembershipFactory(user__first_name="Léa", user__last_name="Conseil")
    email = member.user.email
    adviser = AdviserFactory(name="Claire Fontaine")
    first = SlotFactory(adviser=adviser)
    second = SlotFactory(adviser=adviser)

    login(page, live_server.url, email)
    page.get_by_test_id("rdv-block").get_by_role("link", name="Prendre un RDV CNM").click()
    page.get_by_role("heading", name="Prendre un RDV CNM").wait_for()
    page.get_by_label("Permanence").select_option(label="Conseil Musique")
    page.get_by_label("Sujet").select_option(label="Programmes d'aide financière")
    page.get_by_role("button", name="Afficher les créneaux").click()
    page.get_by_test_id("slots").get_by_role("link", name="Réserver").first.click()

    page.get_by_role("heading", name="Réserver un rendez-vous").wait_for()
    assert "Claire Fontaine" in page.get_by_test_id("slot").inner_text()
    page.get_by_label("Au titre de").select_option(label=member.structure.name)
    page.get_by_label("Votre projet en quelques lignes").fill("Premier album, tournée 2027.")
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    page.get_by_text("Votre rendez-vous est confirmé").wait_for()
    booking = Booking.objects.get(user=member.user)
    assert booking.slot == first and booking.topic == Topic.AIDES
    assert booking.for_structure == member.structure

    confirmation = wait_for_mail(email, "Votre rendez-vous CNM est confirmé")
    [calendar] = _ics(confirmation).values()
    assert "METHOD:REQUEST" in calendar and f"rdv-{booking.uid}@" in calendar
    wait_for_mail(adviser.email, "Nouveau rendez-vous")

    page.get_by_role("link", name="Déplacer").click()
    page.get_by_role("heading", name="Déplacer mon rendez-vous").wait_for()
    page.get_by_test_id("slots").get_by_role("button", name="Choisir").first.click()
    page.get_by_text("Votre rendez-vous est déplacé").wait_for()
    booking.refresh_from_db()
    assert booking.status == B.DEPLACE
    moved = Booking.objects.get(user=member.user, status=B.CONFIRME)
    assert moved.slot == second
    files = _ics(wait_for_mail(email, "Votre rendez-vous CNM est déplacé"))
    assert "METHOD:CANCEL" in files[f"annulation-cnm-{booking.pk}.ics"]
    assert "METHOD:REQUEST" in files[f"rendez-vous-cnm-{moved.pk}.ics"]

    with page.expect_download() as info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert info.value.suggested_filename == f"rendez-vous-cnm-{moved.pk}.ics"

    page.get_by_role("button", name="Annuler le rendez-vous").click()
    page.get_by_text("Votre rendez-vous est annulé").wait_for()
    assert page.get_by_test_id("status").inner_text().upper() == "ANNULÉ PAR LA PERSONNE"
    cancelled = wait_for_mail(email, "Votre rendez-vous CNM est annulé")
    [calendar] = _ics(cancelled).values()
    assert "METHOD:CANCEL" in calendar and "SEQUENCE:1" in calendar
    wait_for_mail(adviser.email, "annulé")

    page.get_by_role("link", name="Mes rendez-vous").first.click()
    rows = page.get_by_test_id("bookings").inner_text().upper()
    assert "DÉPLACÉ SUR UN AUTRE CRÉNEAU" in rows and "ANNULÉ PAR LA PERSONNE" in rows
