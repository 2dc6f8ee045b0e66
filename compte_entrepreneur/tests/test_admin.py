"""Staff screens: every status renders with its buttons, the ledger cannot be edited, the
buttons call the services, the yearly report and the CSV exports."""

import re
from datetime import date
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from compte_entrepreneur.models import Compte, Drawing, Entry, Generation, TaxAllocation, Transfer
from compte_entrepreneur.tests.factories import drawing_request, funded_structure, pdf
from compte_entrepreneur.tests.status_objects import STATUS_OBJECTS
from compte_entrepreneur.workflow import DrawingStatus as D
from compte_entrepreneur.workflow import TransferStatus as T
from espace_pro.tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = StaffFactory(is_superuser=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    client.session_user = user
    return client


def text(response) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", response.content.decode())


@pytest.mark.parametrize("model", list(STATUS_OBJECTS), ids=lambda m: m._meta.model_name)
def test_change_pages_in_every_status(admin_client, model):
    workflow, make = STATUS_OBJECTS[model]
    statuses = sorted(workflow.statuses) if workflow else [None]
    for status in statuses:
        obj = make(status)
        if workflow:
            assert getattr(obj, workflow.status_field) == status
        response = admin_client.get(reverse(admin_urlname(model._meta, "change"), args=[obj.pk]))
        assert response.status_code == 200, (model, status)
        for button in response.context.get("workflow_buttons", []):
            if button.enabled and button.has_form:
                assert admin_client.get(button.url).status_code == 200
    changelist = reverse(admin_urlname(model._meta, "changelist"))
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Production"}).status_code == 200


def test_ledger_rows_cannot_be_added_changed_or_deleted(admin_client, clock):
    clock.set(date(2026, 12, 1))
    funded_structure()
    entry = Entry.objects.get()
    change = reverse("admin:compte_entrepreneur_entry_change", args=[entry.pk])
    response = admin_client.get(change)
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
    assert admin_client.post(change, {"amount": "1.00"}).status_code == 403
    delete = reverse("admin:compte_entrepreneur_entry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:compte_entrepreneur_entry_add")).status_code == 403
    compte = Compte.objects.get()
    change = reverse("admin:compte_entrepreneur_compte_change", args=[compte.pk])
    assert admin_client.post(change, {"balance": "9999"}).status_code == 403
    assert Entry.objects.get().amount == Decimal("1300.00")
    assert Compte.objects.get().balance == Decimal("1300.00")


def test_validate_button_debits_the_account(admin_client, clock):
    clock.set(date(2026, 12, 1))
    drawing = drawing_request(funded_structure(), "800.00")
    page = admin_client.get(reverse("admin:compte_entrepreneur_drawing_change", args=[drawing.pk]))
    labels = [b.label for b in page.context["workflow_buttons"]]
    assert labels == ["Valider et ordonner le paiement", "Demander une régularisation"]
    url = reverse("admin:compte_entrepreneur_drawing_transition", args=[drawing.pk, D.VALIDEE])
    assert admin_client.post(url).status_code == 302
    drawing.refresh_from_db()
    assert drawing.status == D.VALIDEE
    assert Compte.objects.get().balance == Decimal("500.00")


def test_validate_button_disabled_with_the_reason_when_conditions_fail(admin_client, clock):
    clock.set(date(2026, 12, 1))
    drawing = drawing_request(funded_structure(), "800.00")
    clock.set(date(2027, 12, 1))  # the affiliation has ended
    admin_client.force_login(admin_client.session_user)  # the old session has expired
    page = admin_client.get(reverse("admin:compte_entrepreneur_drawing_change", args=[drawing.pk]))
    validate = page.context["workflow_buttons"][0]
    assert not validate.enabled and "pas affiliée" in " ".join(validate.reasons)


def test_regularisation_form_errors_are_shown(admin_client, clock):
    clock.set(date(2026, 12, 1))
    drawing = drawing_request(funded_structure(), "800.00")
    url = reverse(
        "admin:compte_entrepreneur_drawing_transition", args=[drawing.pk, D.REGULARISATION]
    )
    response = admin_client.post(url, {"message": "Budget", "until": "2026-12-03"})
    assert response.status_code == 200 and "au moins 15 jours" in text(response)
    assert Drawing.objects.get().status == D.DEPOSEE
    response = admin_client.post(url, {"message": "Budget", "until": "2026-12-20"})
    assert response.status_code == 302 and Drawing.objects.get().status == D.REGULARISATION


def test_document_download_in_admin(admin_client, clock):
    clock.set(date(2026, 12, 1))
    drawing = drawing_request(funded_structure(), "800.00")
    document = drawing.documents.get()
    url = reverse("admin:compte_entrepreneur_drawing_document", args=[drawing.pk, document.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_transfer_add_form_checks_article_47(admin_client, clock):
    clock.set(date(2026, 12, 1))
    seller, buyer = funded_structure(), StructureFactory()
    url = reverse("admin:compte_entrepreneur_transfer_add")
    data = {
        "kind": "fusion",
        "from_structure": seller.numero_cnm,
        "to_structure": buyer.numero_cnm.lower(),
        "effective_on": "2026-11-01",
        "certain_on": "2026-05-15",
        "mentions_rights": "on",
        "notified_on": "2026-11-16",
        "justified": "on",
        "deed": pdf("acte.pdf"),
    }
    response = admin_client.post(url, {**data, "to_structure": "CNM999999"})
    assert response.status_code == 200 and "Aucune structure n&#x27;a ce numéro CNM" in text(
        response
    )
    data["deed"] = pdf("acte.pdf")
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "six mois" in text(response)
    assert not Transfer.objects.exists()
    data["notified_on"], data["deed"] = "2026-11-15", pdf("acte.pdf")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert Transfer.objects.get().status == T.EXECUTE
    assert Compte.objects.get(structure=buyer).balance == Decimal("1300.00")


def test_location_gerance_add_and_end(admin_client, clock):
    clock.set(date(2026, 12, 1))
    owner, manager = funded_structure(), StructureFactory()
    response = admin_client.post(
        reverse("admin:compte_entrepreneur_locationgerance_add"),
        {
            "owner": owner.numero_cnm,
            "manager": manager.numero_cnm,
            "start_on": "2026-12-01",
            "authorisation": "Arrêté n° 12",
            "contract": pdf("contrat.pdf"),
        },
    )
    assert response.status_code == 302, text(response)
    assert Compte.objects.get(structure=manager).balance == Decimal("1300.00")
    from compte_entrepreneur.models import LocationGerance

    gerance = LocationGerance.objects.get()
    end = reverse("admin:compte_entrepreneur_locationgerance_end", args=[gerance.pk])
    assert admin_client.post(end, {"end_on": "2026-12-01"}).status_code == 200  # not after start
    assert admin_client.post(end, {"end_on": "2026-12-02"}).status_code == 302
    assert Transfer.objects.filter(kind="gerance_fin", status=T.PREVU).exists()


def test_yearly_report_and_exports(admin_client, clock):
    clock.set(date(2026, 12, 1))
    funded_structure("1000.15")
    report = reverse("admin:compte_entrepreneur_taxallocation_report")
    content = text(admin_client.get(report))
    assert "2026" in content and "650,10 €" in content and "350,05 €" in content
    csv_text = admin_client.get(report, {"format": "csv"}).content.decode("utf-8-sig")
    assert "2026;1000.15;1000.15;650.10;350.05;0.00" in csv_text
    changelist = reverse("admin:compte_entrepreneur_compte_changelist")
    response = admin_client.post(
        changelist,
        {"action": "export_csv", "_selected_action": [Compte.objects.get().pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    exported = response.content.decode("utf-8-sig")
    assert "650.10" in exported and Compte.objects.get().structure.numero_cnm in exported
    assert TaxAllocation.objects.count() == 1 and Generation.objects.count() == 1
