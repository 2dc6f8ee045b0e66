"""End-to-end: a member deposits a dossier de demande d'aide through the seven steps, in Chromium.

- art. 16 (percentage of the eligible expenses, 30 % of promotion retained, € caps) for a
  société commerciale; the summary shows the same maximum aid as
  ``aides.programmes.get("16").compute(...)`` on the same figures; a missing answer, a negative
  amount, an unbalanced plan and a double click on « Déposer » are handled;
- art. 12 (personne physique, flat amount of 5 000 €);
- art. 24 (unit rates on the table of representations) for a licensed venue.
Each deposit sends the récépissé de dépôt (PDF rendered by the worker) by e-mail.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from aides import programmes, services
from aides.models import Dossier
from aides.tests import factories as f
from aides.workflow import DossierStatus
from cnm_portal.money import format_euros
from espace_pro.choices import LegalForm
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from tests.browser.helpers import login, wait_for_mail, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(page, name: str, value) -> None:
    field = page.locator(f"[name='{name}']").first
    kind = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if kind == "input:checkbox":
        field.set_checked(bool(value))
    elif kind.startswith("select"):
        field.select_option(str(value))
    else:
        field.fill(str(value))


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    page.wait_for_load_state()


def shown_amount(page) -> str:
    return page.get_by_test_id("montant-maximum").first.inner_text().strip()


def start(page, base_url, structure, article) -> Dossier:
    page.goto(f"{base_url}/espace-pro/structures/{structure.pk}/")
    page.get_by_role("link", name="Nouvelle demande d'aide").first.click()
    page.get_by_label("Programme d'aide").select_option(article)
    page.get_by_label("Session de commission").select_option(index=1)
    submit(page, "Commencer le dossier")
    page.get_by_text("Étape 1 sur 7").wait_for()
    return Dossier.objects.get(structure=structure, programme=article)


def walk(
    page,
    tmp_path,
    dossier,
    *,
    project: dict,
    expenses=(),
    revenues=(),
    financing: dict,
    table_rows=(),
):
    """Steps 1 to 6 for a dossier opened at step 1 (contact prefilled)."""
    assert page.locator("[name='contact_email']").input_value()  # prefilled from the member
    submit(page, "Enregistrer et continuer")
    page.get_by_text("Étape 2 sur 7").wait_for()
    page.get_by_label("Intitulé du projet").fill(project.pop("_title", "Projet"))
    for name, value in project.items():
        fill(page, name, value)
    for index, row in enumerate(table_rows):
        for column, value in row.items():
            fill(page, f"representations-{index}-{column}", value)
    submit(page, "Enregistrer et continuer")
    page.get_by_text("Étape 3 sur 7").wait_for()
    for category, label, amount in expenses:
        page.locator("[name='expense-category']").select_option(category)
        page.locator("[name='expense-label']").fill(label)
        page.locator("[name='expense-amount']").fill(amount)
        submit(page, "Ajouter la dépense")
    for label, amount in revenues:
        page.locator("[name='revenue-label']").fill(label)
        page.locator("[name='revenue-amount']").fill(amount)
        submit(page, "Ajouter la ressource")
    submit(page, "Enregistrer et continuer")
    page.get_by_text("Étape 4 sur 7").wait_for()
    for name, value in financing.items():
        fill(page, name, value)
    submit(page, "Enregistrer et continuer")
    page.get_by_text("Étape 5 sur 7").wait_for()
    for document in dossier.programme_definition.documents:
        if document.required:
            page.locator("[name='code']").select_option(document.code)
            page.locator("[name='file']").set_input_files(
                write_pdf(tmp_path, f"{document.code}.pdf")
            )
            submit(page, "Enregistrer la pièce")
            page.get_by_text("Pièce enregistrée.").wait_for()
    submit(page, "Continuer vers le récapitulatif")
    page.get_by_text("Étape 6 sur 7").wait_for()


def deposit(page, dossier, member_email):
    submit(page, "Continuer vers le dépôt")
    page.get_by_text("Étape 7 sur 7").wait_for()
    page.locator("label[for='id_sworn']").click()
    submit(page, "Déposer le dossier")
    page.get_by_text("Votre dossier est déposé.").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DEPOSE
    message = wait_for_mail(member_email, dossier.number)
    assert message.attachments[0][0] == f"recepisse-{dossier.number}.pdf"
    assert message.attachments[0][1][:5] == b"%PDF-"
    return dossier


def expected_amount(dossier) -> Decimal:
    """What the programme's own ``compute`` gives on the same figures."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    return (
        programmes.get(dossier.programme)
        .compute(services.dossier_figures(dossier), applicant=services.dossier_applicant(dossier))
        .amount
    )


def test_art16_percentage_and_caps(page, live_server, tmp_path):
    membership = f.member()
    f.session("16")
    login(page, live_server.url, membership.user.email)
    dossier = start(page, live_server.url, membership.structure, "16")
    from aides.demo import ART16_FIGURES

    # a missing answer is named next to its field, and the step is not saved
    page.locator("[name='contact_email']").fill(membership.user.email)
    submit(page, "Enregistrer et continuer")
    page.get_by_label("Intitulé du projet").fill("Premier album")
    submit(page, "Enregistrer et continuer")
    assert page.locator(".fr-error-text, .fr-message--error").first.is_visible()
    page.get_by_role("link", name="1. Demandeur et contact").click()
    walk(
        page,
        tmp_path,
        dossier,
        project={"_title": "Premier album", **ART16_FIGURES},
        expenses=[
            ("enregistrement", "Studio (12 jours)", "20 000"),
            ("remunerations_artistiques", "Cachets", "8 000,00"),
            ("promotion", "Campagne de promotion", "10000"),
        ],
        revenues=[("Fonds propres", "23 600")],
        financing={"montant_sollicite": "14 400"},
    )
    expected = expected_amount(dossier)
    assert expected == Decimal("12400.00")  # 40 % × (20 000 + 8 000 + 30 % × 10 000)
    assert shown_amount(page) == format_euros(expected)
    assert "Plafond par projet" in page.get_by_test_id("computation").inner_text()
    assert "Acompte après l'attribution" in page.get_by_test_id("schedule").inner_text()
    deposited = deposit(page, dossier, membership.user.email)
    assert deposited.montant_maximum == expected
    # the double click: the form page of a deposited dossier leads to the read-only page
    page.go_back()
    page.go_back()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/aides/dossiers/{dossier.pk}/etape/depot/")
    assert re.search(r"/aides/dossiers/\d+/$", page.url)
    assert page.get_by_test_id("status").inner_text().lower() == "déposé"
    assert "Dossier déposé" in page.get_by_test_id("history").inner_text()


def test_bad_input_on_the_budget_and_the_plan(page, live_server):
    membership = f.member()
    dossier = f.draft(membership)
    login(page, live_server.url, membership.user.email)
    page.goto(f"{live_server.url}/aides/dossiers/{dossier.pk}/etape/budget/")
    page.locator("[name='expense-label']").fill("Studio")
    page.locator("[name='expense-amount']").fill("-100")
    submit(page, "Ajouter la dépense")
    page.get_by_text("Le montant ne peut pas être négatif.").wait_for()
    page.locator("[name='expense-amount']").fill("1000")
    submit(page, "Ajouter la dépense")
    page.goto(f"{live_server.url}/aides/dossiers/{dossier.pk}/etape/financement/")
    fill(page, "montant_sollicite", "900")
    submit(page, "Enregistrer et continuer")
    page.get_by_text("Le plan de financement n'est pas équilibré").wait_for()
    assert "montant_sollicite" not in Dossier.objects.get(pk=dossier.pk).figures


def test_art12_personne_physique_flat_amount(page, live_server, tmp_path):
    author = StructureFactory(
        legal_form=LegalForm.PERSONNE_PHYSIQUE, siret="", name="Nina Sol", last_name="Sol"
    )
    membership = MembershipFactory(structure=author, role="Autrice")
    f.affiliate(author, membership.user)
    f.session("12")
    login(page, live_server.url, membership.user.email)
    dossier = start(page, live_server.url, author, "12")
    revenues = {}
    for n in range(1, 6):
        revenues[f"revenus_artistiques_n{n}"] = "12000"
        revenues[f"revenu_brut_global_n{n}"] = "20000"
    walk(
        page,
        tmp_path,
        dossier,
        project={"_title": "Écriture d'un cycle de chansons", **revenues},
        financing={"montant_sollicite": ""},
    )
    expected = expected_amount(dossier)
    assert expected == Decimal("5000.00")
    assert shown_amount(page) == format_euros(expected)
    assert "Versement unique" in page.get_by_test_id("schedule").inner_text()  # art. 5
    deposited = deposit(page, dossier, membership.user.email)
    assert deposited.montant_maximum == expected


def test_art24_unit_rates(page, live_server, tmp_path):
    from affiliation.tests.status_objects import make_affiliation
    from affiliation.workflow import AffiliationStatus

    membership = MembershipFactory()
    make_affiliation(AffiliationStatus.VALIDEE, membership)  # with a valid licence
    f.session("24")
    login(page, live_server.url, membership.user.email)
    dossier = start(page, live_server.url, membership.structure, "24")
    day = timezone.localdate().replace(day=15).isoformat()
    walk(
        page,
        tmp_path,
        dossier,
        project={
            "_title": "Saison découverte",
            "part_spectacles_champ_cnm": "80",
            "spectacles_champ_cnm": "40",
            "type_activite": "programmation",
            "dates_produites": "30",
            "dates_gratuites": "2",
        },
        table_rows=[
            {
                "date": day,
                "lieu": "Grande salle",
                "artiste": "Nina Sol",
                "categorie": "regional",
                "cout_plateau": "4000",
                "artistes_sur_scene": "4",
                "jauge": "300",
            },
            {
                "date": day,
                "lieu": "Club",
                "artiste": "Trio Nord",
                "categorie": "national",
                "cout_plateau": "6000",
                "artistes_sur_scene": "2",
                "jauge": "80",
            },
        ],
        expenses=[("eligibles", "Cessions et accueil", "10 000")],
        revenues=[("Billetterie", "8 000")],
        financing={"montant_sollicite": "2 000"},
    )
    expected = expected_amount(dossier)
    # 20 % × 4 000 (15 % + 5 % for four artists) + 15 % × 5 000 (10 % + 5 %, under 100 places)
    assert expected == Decimal("1550.00")
    assert shown_amount(page) == format_euros(expected)
    deposited = deposit(page, dossier, membership.user.email)
    assert deposited.montant_maximum == expected
