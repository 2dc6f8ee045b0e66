"""Admin and portal pages of the payment side, in every status; 404 for another structure's
user (with complete foreign objects); query counts of the dossier page with 1 and many
versements; RSE incentive end to end."""

from decimal import Decimal

import pytest
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse

from aides.models_paiement import Bilan, Versement
from aides.services import bilan as bilan_services
from aides.tests import factories as f
from aides.tests.status_objects_paiement import STATUS_OBJECTS, dossier_with_advance
from aides.workflow_paiement import RseStatus
from aides.workflow_paiement import VersementStatus as V

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    TOTP.activate(admin_user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    staff = Client()
    staff.force_login(admin_user)
    return staff


CASES = [
    (model, status)
    for model, (flow, _make) in STATUS_OBJECTS.items()
    for status in sorted(flow.statuses)
]


@pytest.mark.parametrize(("model", "status"), CASES, ids=[f"{m.__name__}-{s}" for m, s in CASES])
def test_admin_change_page_and_dossier_page_in_every_status(model, status, admin_client, client):
    _flow, make = STATUS_OBJECTS[model]
    membership = f.member()
    obj = make(status, membership)
    assert obj.status == status
    response = admin_client.get(reverse(admin_urlname(model._meta, "change"), args=[obj.pk]))
    assert response.status_code == 200
    assert admin_client.get(reverse(admin_urlname(model._meta, "changelist"))).status_code == 200
    dossier_id = obj.bilan.dossier_id if hasattr(obj, "bilan_id") else obj.dossier_id
    client.force_login(membership.user)
    page = client.get(reverse("aides:dossier", args=[dossier_id]))
    assert page.status_code == 200
    assert "Suivi des versements et du bilan" in page.content.decode()


def _full_foreign_dossier():
    """Another structure's dossier with everything: versements paid, bilan filed with its
    document and rejected, reimbursement request with its letter (art. 16: the RSE page
    exists for it)."""
    from aides.tests.status_objects_paiement import make_bilan

    bilan = make_bilan("rejete")
    return bilan.dossier


def test_portal_pages_404_for_another_structure(client):
    foreign = _full_foreign_dossier()
    document = Bilan.objects.get(dossier=foreign).documents.first()
    item = foreign.remboursements.get()
    assert document.file and item.letter
    stranger = f.member()
    own = dossier_with_advance(paid=False, membership=stranger)
    client.force_login(stranger.user)
    assert client.get(reverse("aides:bilan", args=[own.pk])).status_code == 200
    for name, args in (
        ("aides:bilan", [foreign.pk]),
        ("aides:bilan_extension", [foreign.pk]),
        ("aides:rse", [foreign.pk]),
        ("aides:bilan_document", [foreign.pk, document.pk]),
        ("aides:remboursement_letter", [foreign.pk, item.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    owner = foreign.structure.memberships.first().user
    client.force_login(owner)
    assert (
        client.get(reverse("aides:bilan_document", args=[foreign.pk, document.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("aides:remboursement_letter", args=[foreign.pk, item.pk])).status_code
        == 200
    )


def test_bilan_form_refuses_bad_input_and_files(client, pdf_file):
    membership = f.member()
    dossier = dossier_with_advance(paid=True, membership=membership)
    client.force_login(membership.user)
    url = reverse("aides:bilan", args=[dossier.pk])
    bad = client.post(
        url, {"depense_enregistrement": "-5", "documents": pdf_file("x.pdf", b"not a pdf")}
    )
    assert bad.status_code == 200
    assert Bilan.objects.get(dossier=dossier).status == "a_deposer"
    good = client.post(
        url,
        {
            "depense_enregistrement": "20 000",
            "depense_remunerations_artistiques": "8000",
            "depense_promotion": "10000",
            "revenues": "23600",
            "documents": pdf_file("factures.pdf"),
        },
    )
    assert good.status_code == 302
    assert Bilan.objects.get(dossier=dossier).status == "depose"
    again = client.post(url, {"depense_enregistrement": "1", "documents": pdf_file("f.pdf")})
    assert again.status_code == 200 and "déjà été déposé" in again.content.decode()


def test_dossier_page_query_count_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    membership = f.member()
    dossier = dossier_with_advance(paid=True, membership=membership)
    client.force_login(membership.user)
    url = reverse("aides:dossier", args=[dossier.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for index in range(5):  # many versements (replaced orders, incentive…)
        Versement.objects.create(
            dossier=dossier,
            kind="solde",
            label=f"Ancien {index}",
            trigger="bilan",
            amount=1,
            status=V.ANNULE,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)


def test_rse_incentive_from_grid_to_its_versement(client, oncommit):
    membership = f.member()
    dossier = dossier_with_advance(paid=True, membership=membership)
    client.force_login(membership.user)
    response = client.post(
        reverse("aides:rse", args=[dossier.pk]),
        {"codes": ["realisation", "direction_artistique", "mix"]},
    )
    assert response.status_code == 302
    claim = dossier.rse
    assert claim.claimed == ["realisation", "direction_artistique", "mix"]
    from aides.demo_paiement import file_bilan, pay_orders

    bilan = file_bilan(dossier, actor=membership.user, rse=True)
    with oncommit():
        bilan_services.bilan_validate(bilan=bilan, actor=None)
        pay_orders()
    with oncommit():
        claim = bilan_services.rse_validate(
            claim=claim, codes=["realisation", "direction_artistique"], actor=None
        )
    assert claim.status == RseStatus.VALIDEE
    assert claim.percentage == Decimal("6")
    assert claim.amount == Decimal("600.00")  # 6 % of 10 000 €
    versement = Versement.objects.get(dossier=dossier, kind="incitation_rse")
    assert versement.amount == Decimal("600.00") and versement.status == V.ORDONNE


@pytest.mark.parametrize("status", ["a_deposer", "depose", "valide", "rejete"])
def test_applicant_pages_render_in_every_bilan_status(status, client):
    from aides.tests.status_objects_paiement import make_bilan

    membership = f.member()
    bilan = make_bilan(status, membership)
    client.force_login(membership.user)
    for name in ("aides:dossier", "aides:bilan", "aides:bilan_extension", "aides:rse"):
        response = client.get(reverse(name, args=[bilan.dossier_id]))
        assert response.status_code == 200, name
    if status != "a_deposer":
        late = client.post(
            reverse("aides:bilan_extension", args=[bilan.dossier_id]),
            {"reason": "x", "requested_until": "2030-01-01"},
        )
        assert late.status_code == 200 and "déjà été déposé" in late.content.decode()
