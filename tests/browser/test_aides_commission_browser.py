"""End-to-end: commission members in Chromium (RGA art. 4).

A member opens « Mes commissions », the session (the instructor's proposal against the
envelope), the dossier with its budget and documents, and gives a scored avis; the other
members' avis then appear. Another member, who belongs to the applicant's espace
professionnel, sees the dossier listed as a conflict of interest without a link, and the
dossier's address answers 404.
"""

import pytest
from django.urls import reverse

from aides.models import Avis
from aides.tests import commission_factories as cf
from aides.tests import factories as f
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_gives_an_avis_and_a_member_in_conflict_cannot_open_the_dossier(
    page, browser, live_server
):
    session = f.session("16", label="Commission phonographie de décembre")
    member = cf.commission_member(session, first_name="Paul", last_name="Bernard")
    linked = cf.commission_member(session, first_name="Sofia", last_name="Moreau")
    dossier = cf.en_commission(session, proposed="9000")
    MembershipFactory(user=linked, structure=dossier.structure)
    earlier = cf.commission_member(session, first_name="Rémi", last_name="Fabre")
    cf.give(session, dossier, earlier, kind=Avis.Kind.DEFAVORABLE)

    login(page, live_server.url, member.email)
    page.goto(f"{live_server.url}{reverse('aides:commission_sessions')}")
    page.get_by_role("link", name=session.label).click()
    page.get_by_test_id("totals").wait_for()
    assert "9\u202f000,00" in page.get_by_test_id("total-proposed").inner_text()
    page.get_by_role("link", name=dossier.number, exact=False).first.click()
    page.get_by_test_id("recommendation").wait_for()
    assert "Projet cohérent" in page.get_by_test_id("recommendation").inner_text()
    assert page.get_by_test_id("documents").locator("a").count() >= 1
    # the other members' avis stay hidden until this one is given
    assert "Motivation de l'avis." not in page.content()

    form = page.get_by_test_id("avis-form")
    form.locator("label[for=id_kind_0]").click()  # DSFR draws the radio on its label
    form.locator("input[name=amount]").fill("12 400,01")
    form.locator("textarea[name=motivation]").fill("Projet ambitieux et bien financé.")
    for index, score in enumerate(cf.SCORES_16):
        form.locator(f"select[name=score_{index}]").select_option(str(score))
    form.get_by_role("button", name="Enregistrer mon avis").click()
    page.wait_for_load_state()
    # above the maximum aid: the message is next to the amount, nothing is saved
    assert "ne peut pas dépasser" in page.locator(".fr-input-group:has([name=amount])").inner_text()
    assert not Avis.objects.filter(member=member).exists()
    form = page.get_by_test_id("avis-form")
    form.locator("label[for=id_kind_0]").click()  # DSFR draws the radio on its label
    form.locator("input[name=amount]").fill("9 000")
    form.get_by_role("button", name="Enregistrer mon avis").click()
    page.get_by_test_id("own-avis").wait_for()
    assert "Votre avis est enregistré." in page.content()
    table = page.get_by_test_id("all-avis").inner_text()
    assert "Défavorable" in table and "Projet ambitieux et bien financé." in table
    avis = Avis.objects.get(member=member)
    assert [s["score"] for s in avis.scores] == cf.SCORES_16

    context = browser.new_context(locale="fr-FR")
    other = context.new_page()
    other.set_default_timeout(15_000)
    login(other, live_server.url, linked.email)
    other.goto(f"{live_server.url}{reverse('aides:commission_session', args=[session.pk])}")
    row = other.get_by_test_id(f"row-{dossier.number}")
    assert "conflit d'intérêts" in row.inner_text().lower()
    assert row.locator("a").count() == 0
    response = other.goto(
        f"{live_server.url}{reverse('aides:commission_dossier', args=[session.pk, dossier.pk])}"
    )
    assert response.status == 404
    context.close()
