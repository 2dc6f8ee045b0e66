"""« Ma taxe » through HTTP: declaring, CSV import, coproduction, documents, scoping."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from espace_pro.models import Membership
from espace_pro.services import membership_create_with_code
from espace_pro.tests.conftest import PDF
from espace_pro.tests.factories import MembershipFactory
from taxe import services
from taxe.models import CoproductionShare, Declaration, Notice, Representation
from taxe.workflow import DeclarationStatus as D

pytestmark = pytest.mark.django_db
DAY = (date.today() - timedelta(days=10)).isoformat()


@pytest.fixture
def member(user):
    return MembershipFactory(user=user)


def submitted(structure, actor, spectacle: str, base: str, category: str = "1"):
    """A declaration of one representation three days ago, deposited."""
    declaration = services.declaration_create(structure=structure, actor=actor, spectacle=spectacle)
    services.representation_add(
        declaration=declaration,
        actor=actor,
        data=services.RepresentationData(
            date=date.today() - timedelta(days=3),
            venue="v",
            city="c",
            category=category,
            base_ht=Decimal(base),
        ),
    )
    return services.declaration_submit(declaration=declaration, actor=actor)


def declaration_url(declaration):
    return reverse("taxe:declaration", args=[declaration.structure_id, declaration.pk])


def representation(**overrides):
    data = {
        "action": "representation",
        "date": DAY,
        "venue": "Olympia",
        "city": "Paris",
        "category": "1",
        "ticketing": "oui",
        "base_ht": "3 000,00",
    }
    data.update(overrides)
    return data


def test_declare_submit_liquidate_and_download(user_client, member, oncommit):
    structure = member.structure
    response = user_client.post(
        reverse("taxe:declaration_create", args=[structure.pk]), {"spectacle": "Tournée"}
    )
    declaration = Declaration.objects.get()
    assert response["Location"] == declaration_url(declaration)
    user_client.post(declaration_url(declaration), representation())
    user_client.post(
        declaration_url(declaration),
        representation(base_ht="", amount_ttc="1 055,00", vat_rate="0.055"),
    )
    assert sorted(Representation.objects.values_list("base_ht", flat=True)) == [
        Decimal("1000.00"),
        Decimal("3000.00"),
    ]
    with oncommit():
        user_client.post(declaration_url(declaration), {"action": "submit"})
    declaration.refresh_from_db()
    assert declaration.status == D.DEPOSEE and declaration.taxable_base == Decimal("4000.00")
    with oncommit():
        services.liquidation_run()
    notice = Notice.objects.get()
    assert notice.principal == Decimal("140.00")
    page = user_client.get(reverse("taxe:overview", args=[structure.pk])).content.decode()
    assert notice.number in page and "140,00" in page
    pdf = user_client.get(reverse("taxe:notice_document", args=[structure.pk, notice.pk, "avis"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"base_ht": "-5"}, "ne peut pas être négatif"),
        ({"category": ""}, "Ce champ est obligatoire."),
        ({"date": (date.today() + timedelta(days=400)).isoformat()}, "ne peut pas dépasser"),
        ({"base_ht": ""}, "Indiquez le montant HT"),
    ],
)
def test_bad_representations_are_refused(user_client, member, overrides, message):
    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="X"
    )
    response = user_client.post(declaration_url(declaration), representation(**overrides))
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Representation.objects.exists()


def test_csv_with_bad_lines_imports_only_after_confirmation(user_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="X"
    )
    day = (date.today() - timedelta(days=5)).strftime("%d/%m/%Y")
    content = (
        "date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;montant_ht;montant_ttc;taux_tva\n"
        f"{day};Zénith;Lille;1;non;non;oui;1 000,00;;\n"
        f"{day};Zénith;Lille;1;non;non;oui;-10;;\n"
    ).encode()
    response = user_client.post(
        declaration_url(declaration),
        {"action": "import", "file": SimpleUploadedFile("r.csv", content, content_type="text/csv")},
    )
    page = response.content.decode()
    assert "Ligne 3" in page and not Representation.objects.exists()
    token = user_client.session["taxe_csv_import"]["token"]
    user_client.post(declaration_url(declaration), {"action": "import_confirm", "token": token})
    assert list(Representation.objects.values_list("base_ht", flat=True)) == [Decimal("1000.00")]


def test_coproduction_split_counts_once_every_party_signed(client, user_client, member, oncommit):
    other = MembershipFactory()
    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="Copro"
    )
    user_client.post(declaration_url(declaration), representation())
    bad = user_client.post(
        declaration_url(declaration),
        {
            "action": "shares",
            "numero_0": member.structure.numero_cnm,
            "share_0": "60",
            "numero_1": other.structure.numero_cnm,
            "share_1": "30",
        },
    )
    assert "100" in bad.content.decode() and not CoproductionShare.objects.exists()
    user_client.post(
        declaration_url(declaration),
        {
            "action": "shares",
            "numero_0": member.structure.numero_cnm,
            "share_0": "60",
            "numero_1": other.structure.numero_cnm,
            "share_1": "40",
        },
    )
    with oncommit():
        user_client.post(declaration_url(declaration), {"action": "submit"})
    declaration.refresh_from_db()
    assert declaration.status == D.COPRODUCTION
    services.liquidation_run()
    declaration.refresh_from_db()
    assert declaration.status == D.COPRODUCTION  # not liquidated before every signature

    client.force_login(other.user)
    share = CoproductionShare.objects.get(structure=other.structure)
    assert (
        "Valider et signer"
        in client.get(reverse("taxe:overview", args=[other.structure_id])).content.decode()
    )
    client.post(reverse("taxe:share_sign", args=[other.structure_id, share.pk]))
    declaration.refresh_from_db()
    assert declaration.status == D.DEPOSEE


def test_notice_number_serves_as_activation_code(user, member):
    submitted(member.structure, member.user, "X", "5000")
    services.liquidation_run()
    notice = Notice.objects.get()
    newcomer = UserFactory()
    membership = membership_create_with_code(
        user=newcomer,
        numero_cnm=member.structure.numero_cnm,
        code=notice.number.lower(),
        role="Comptable",
    )
    assert membership.structure == member.structure
    assert Membership.objects.filter(user=newcomer).exists()


@pytest.fixture
def foreign(db):
    owner = MembershipFactory()
    other_party = MembershipFactory()
    declaration = services.declaration_create(
        structure=owner.structure, actor=owner.user, spectacle="Secret"
    )
    services.representation_add(
        declaration=declaration,
        actor=owner.user,
        data=services.RepresentationData(
            date=date.today() - timedelta(days=3),
            venue="v",
            city="c",
            category="1",
            base_ht=Decimal("5000"),
        ),
    )
    share = CoproductionShare.objects.create(
        declaration=declaration, structure=other_party.structure, share=Decimal("50")
    )
    services.declaration_submit(declaration=declaration, actor=owner.user)
    notice = Notice.objects.create(
        number=services.notice_number("999"),
        structure=owner.structure,
        status="a_payer",
        tax_year=2026,
        principal=Decimal("10"),
    )
    # the foreign notice has its documents: without the scoping the download would succeed
    for field in (notice.pdf, notice.reminder_pdf, notice.titre_pdf):
        field.save(f"{field.field.name}.pdf", ContentFile(PDF), save=False)
    notice.save()
    return {
        "structure": owner.structure,
        "declaration": declaration,
        "share": share,
        "notice": notice,
    }


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("taxe:overview", "get", lambda f: [f["structure"].pk]),
        ("taxe:declaration_create", "post", lambda f: [f["structure"].pk]),
        ("taxe:declaration", "get", lambda f: [f["structure"].pk, f["declaration"].pk]),
        ("taxe:declaration", "post", lambda f: [f["structure"].pk, f["declaration"].pk]),
        ("taxe:share_sign", "post", lambda f: [f["share"].structure_id, f["share"].pk]),
        ("taxe:notice_document", "get", lambda f: [f["structure"].pk, f["notice"].pk, "avis"]),
        ("taxe:notice_document", "get", lambda f: [f["structure"].pk, f["notice"].pk, "rappel"]),
        ("taxe:notice_document", "get", lambda f: [f["structure"].pk, f["notice"].pk, "titre"]),
        (
            "taxe:share_refuse",
            "post",
            lambda f: [f["share"].structure_id, f["share"].pk],
        ),
        ("taxe:declaration", "post", lambda f: [f["structure"].pk, f["declaration"].pk]),
    ],
)
def test_other_structures_tax_is_404(user_client, member, foreign, name, method, args):
    response = getattr(user_client, method)(
        reverse(name, args=args(foreign)), {"spectacle": "X", "action": "submit"}
    )
    assert response.status_code == 404
    foreign["share"].refresh_from_db()
    assert foreign["share"].signed_at is None


def test_foreign_notice_document_is_served_to_its_own_members(client, foreign):
    """The counterpart of the 404 above: the file exists, so only the scoping refuses it."""
    owner = foreign["structure"].memberships.get().user
    client.force_login(owner)
    url = reverse(
        "taxe:notice_document", args=[foreign["structure"].pk, foreign["notice"].pk, "avis"]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_own_declaration_under_another_structure_id_is_404(user_client, member, foreign):
    url = reverse("taxe:declaration", args=[member.structure_id, foreign["declaration"].pk])
    assert user_client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_overview_query_count_is_constant(user_client, member, django_assert_num_queries, rows):
    for i in range(rows):
        submitted(member.structure, member.user, f"S{i}", "5000")
    services.liquidation_run()
    # session, user, structure, rectifications, mises en demeure, declarations, notices,
    # payments, yearly statement, shares to sign
    with django_assert_num_queries(10):
        assert (
            user_client.get(reverse("taxe:overview", args=[member.structure_id])).status_code == 200
        )


def test_held_notice_is_not_counted_as_due(user_client, member):
    submitted(member.structure, member.user, "Petit", "1000")
    services.liquidation_run()
    assert Notice.objects.get().status == "retenu"
    response = user_client.get(reverse("taxe:overview", args=[member.structure_id]))
    assert response.context["remaining"] == Decimal("0.00")


def test_admin_notice_list_and_actions_render(client, instructor):
    from allauth.mfa.totp.internal.auth import TOTP

    instructor.is_superuser = True
    instructor.save()
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    for name in (
        "notice",
        "declaration",
        "payment",
        "rectification",
        "miseendemeure",
        "liquidationbatch",
    ):
        response = client.get(reverse(f"admin:taxe_{name}_changelist"))
        assert response.status_code == 200, name
    assert client.get(reverse("admin:taxe_miseendemeure_create")).status_code == 200
    assert client.get(reverse("admin:taxe_payment_import")).status_code == 200


@pytest.fixture
def staff_client(client, instructor):
    from allauth.mfa.totp.internal.auth import TOTP

    instructor.is_superuser = True
    instructor.save()
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    return client


def test_admin_hold_and_payment_forms_call_the_services(staff_client, member):
    declaration = submitted(member.structure, member.user, "X", "5000")
    url = reverse("admin:taxe_declaration_transition", args=[declaration.pk, D.EN_REVUE])
    assert staff_client.post(url, {"reason": ""}).status_code == 200  # form error, nothing changed
    staff_client.post(url, {"reason": "Recettes à vérifier"})
    declaration.refresh_from_db()
    assert declaration.status == D.EN_REVUE
    services.declaration_release(declaration=declaration, actor=None)
    services.liquidation_run()
    notice = Notice.objects.get()
    pay = reverse("admin:taxe_notice_object_action", args=[notice.pk, "paiement"])
    bad = staff_client.post(
        pay, {"amount": "-1", "paid_on": date.today().isoformat(), "reference": "x"}
    )
    assert bad.status_code == 200
    staff_client.post(
        pay, {"amount": "175,00", "paid_on": date.today().isoformat(), "reference": "VIR 1"}
    )
    notice.refresh_from_db()
    assert notice.status == "paye"


def test_mediation_declaration_waits_for_review(member):
    declaration = submitted(member.structure, member.user, "Inclassable", "5000", category="aucune")
    assert declaration.status == D.EN_REVUE
    services.liquidation_run()
    declaration.refresh_from_db()
    assert declaration.status == D.EN_REVUE and not Notice.objects.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_declaration_page_query_count_is_constant(
    user_client, member, django_assert_num_queries, rows
):
    declaration = services.declaration_create(
        structure=member.structure, actor=member.user, spectacle="S"
    )
    for _ in range(rows):
        services.representation_add(
            declaration=declaration,
            actor=member.user,
            data=services.RepresentationData(
                date=date.today() - timedelta(days=3),
                venue="v",
                city="c",
                category="1",
                base_ht=Decimal("100"),
            ),
        )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(declaration)  # cached once per process in production
    # session, user, structure, declaration, representations, shares, history
    with django_assert_num_queries(7):
        assert user_client.get(declaration_url(declaration)).status_code == 200
