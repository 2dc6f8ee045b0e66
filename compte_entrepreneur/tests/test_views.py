"""« Mon compte-entrepreneur » and drawing pages: content, bad input, scoping, query counts."""

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from compte_entrepreneur import services
from compte_entrepreneur.documents import notify_generation
from compte_entrepreneur.models import Drawing, Generation
from compte_entrepreneur.tests.factories import (
    drawing_request,
    funded_structure,
    notice_for,
    pay,
    pdf,
)
from compte_entrepreneur.workflow import DrawingStatus as D
from espace_pro.models import Membership
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", response.content.decode())


@pytest.fixture
def member(clock):
    clock.set(date(2026, 12, 1))
    structure = funded_structure("2000.00")
    membership = Membership.objects.get(structure=structure)
    for generation in Generation.objects.all():
        notify_generation({"generation_id": generation.pk})
    return membership


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def foreign(clock):
    """Another structure with everything the member's has: credits, notices, a drawing with
    its document."""
    structure = funded_structure("3000.00")
    for generation in Generation.objects.filter(compte__structure=structure):
        notify_generation({"generation_id": generation.pk})
    drawing = drawing_request(structure, "900.00")
    return structure, drawing, Generation.objects.get(compte__structure=structure)


def url(name, *args):
    return reverse(f"compte_entrepreneur:{name}", args=args)


def test_page_shows_balance_generations_and_history(member_client, member):
    response = member_client.get(url("compte", member.structure_id))
    assert response.status_code == 200
    content = text(response)
    assert "1 300,00 €" in content and "01/12/2029" in content
    assert 'data-testid="soonest"' in content
    assert "65 % de la taxe payée" in content
    assert url("generation_notice", member.structure_id, Generation.objects.get().pk) in content
    assert 'lang="fr"' in content


def test_soonest_generation_is_highlighted(member_client, member, clock):
    clock.set(date(2027, 3, 1))
    pay(notice_for(member.structure, "100.00"), "100.00")
    member_client.force_login(member.user)  # the session of 1 December has expired
    content = text(member_client.get(url("compte", member.structure_id)))
    soonest = content.index('data-testid="soonest"')
    assert content.index("01/12/2029") > soonest and content.index("01/03/2030") > soonest
    assert content.count('data-testid="soonest"') == 1


def test_structure_page_links_to_the_account(member_client, member):
    content = text(member_client.get(reverse("espace_pro:structure", args=[member.structure_id])))
    assert url("compte", member.structure_id) in content and "1 300,00 €" in content


@pytest.mark.parametrize("rows", [1, 40])
def test_page_query_count_is_constant(member_client, member, django_assert_num_queries, rows):
    for _ in range(rows):
        pay(notice_for(member.structure, "10.00"), "10.00")
    for _ in range(min(rows, 3)):
        drawing_request(member.structure, "100.00")
    # session, user, structure, account, a page of live generations, notified generations,
    # a page of entries (no COUNT), drawings
    with django_assert_num_queries(8):
        response = member_client.get(url("compte", member.structure_id) + "?page=2")
    assert response.status_code == 200


def test_history_is_paginated(member_client, member):
    for _ in range(30):
        pay(notice_for(member.structure, "10.00"), "10.00")
    content = text(member_client.get(url("compte", member.structure_id)))
    assert "Page 1" in content and "?page=2" in content
    second = member_client.get(url("compte", member.structure_id) + "?page=2")
    assert len(second.context["history"]) == 30 + 1 - 25  # 30 credits and the opening entry
    assert not second.context["history"].has_next and "?page=1" in text(second)


def test_live_generations_are_paginated_soonest_first(member_client, member, monkeypatch):
    from compte_entrepreneur import selectors

    monkeypatch.setattr(selectors, "GENERATIONS_PAGE", 2)
    for _ in range(3):
        pay(notice_for(member.structure, "10.00"), "10.00")
    first = member_client.get(url("compte", member.structure_id) + "?generations=abc")
    page = first.context["generations"]
    assert page.number == 1 and page.has_next and len(page) == 2
    assert [g.is_soonest for g in page] == [True, False]
    live = Generation.objects.filter(compte__structure=member.structure, remaining__gt=0)
    assert 2 < live.count() <= 4
    second = member_client.get(url("compte", member.structure_id) + "?generations=2")
    assert [g.is_soonest for g in second.context["generations"]] == [False] * (live.count() - 2)
    assert [g.pk for g in [*page, *second.context["generations"]]] == [
        g.pk for g in live.order_by("valid_until", "pk")
    ]
    assert "generations=1" in text(second)


def test_drawing_form_shows_conditions_and_submits(member_client, member):
    response = member_client.get(url("drawing_create", member.structure_id))
    content = text(response)
    assert "Être affilié au CNM" in content and "remplie" in content
    token = response.context["form"].initial["token"]
    data = {
        "amount": "800,00",
        "use": "diffusion",
        "project": "Tournée des festivals",
        "commitment": "on",
        "document": pdf(),
        "token": str(token),
    }
    response = member_client.post(url("drawing_create", member.structure_id), data)
    drawing = Drawing.objects.get()
    assert response.status_code == 302 and response.url == url(
        "drawing", member.structure_id, drawing.pk
    )
    assert drawing.amount == Decimal("800.00") and drawing.requested_by == member.user
    data["document"] = pdf()
    again = member_client.post(url("drawing_create", member.structure_id), data)
    assert again.status_code == 302 and Drawing.objects.count() == 1  # double submission


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1300,01", "dépasse le solde disponible"),
        ("-5", "négatif"),
        ("0", "positif"),
    ],
)
def test_drawing_form_bad_amount_is_shown_next_to_the_field(member_client, member, amount, message):
    data = {
        "amount": amount,
        "use": "production",
        "project": "Projet",
        "commitment": "on",
        "document": pdf(),
        "token": str(uuid.uuid4()),
    }
    response = member_client.post(url("drawing_create", member.structure_id), data)
    assert response.status_code == 200
    assert message in text(response)
    assert response.context["form"].errors.get("amount")
    assert not Drawing.objects.exists()


def test_drawing_form_refuses_a_fake_pdf(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("budget.pdf", b"not a pdf", content_type="application/pdf")
    data = {
        "amount": "800",
        "use": "production",
        "project": "Projet",
        "commitment": "on",
        "document": fake,
        "token": str(uuid.uuid4()),
    }
    response = member_client.post(url("drawing_create", member.structure_id), data)
    assert response.status_code == 200 and response.context["form"].errors.get("document")
    assert not Drawing.objects.exists()


def test_unmet_conditions_hide_the_form(client, clock):
    clock.set(date(2026, 12, 1))
    structure = funded_structure("1000.00")  # 650 € only
    client.force_login(Membership.objects.get(structure=structure).user)
    content = text(client.get(url("drawing_create", structure.pk)))
    assert "non remplie" in content and "inférieur à 750,00 €" in content
    assert "Envoyer la demande" not in content


def test_regularisation_answered_from_the_drawing_page(member_client, member, instructor):
    drawing = services.drawing_ask_regularisation(
        drawing=drawing_request(member.structure),
        actor=instructor,
        message="Budget détaillé",
        until=date(2026, 12, 20),
    )
    page = text(member_client.get(url("drawing", member.structure_id, drawing.pk)))
    assert "Budget détaillé" in page and "20/12/2026" in page
    response = member_client.post(
        url("drawing", member.structure_id, drawing.pk), {"answer": "Voici", "document": pdf()}
    )
    assert response.status_code == 302
    drawing.refresh_from_db()
    assert drawing.status == D.DEPOSEE and drawing.documents.count() == 2


def test_notice_pdf_download(member_client, member):
    generation = Generation.objects.get()
    response = member_client.get(url("generation_notice", member.structure_id, generation.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- another structure's objects: 404 ------------------------------------------------------


def test_foreign_objects_are_404(member_client, member, foreign):
    structure, drawing, generation = foreign
    assert drawing.documents.exists() and generation.notice_pdf
    own = member.structure_id
    for path in (
        url("compte", structure.pk),
        url("drawing_create", structure.pk),
        url("drawing", structure.pk, drawing.pk),
        url("drawing", own, drawing.pk),
        url("generation_notice", structure.pk, generation.pk),
        url("generation_notice", own, generation.pk),
    ):
        assert member_client.get(path).status_code == 404, path
    response = member_client.post(url("drawing", own, drawing.pk), {"answer": "x"})
    assert response.status_code == 404


def test_foreign_drawing_visible_to_its_own_member(client, foreign):
    structure, drawing, generation = foreign
    client.force_login(MembershipFactory(structure=structure).user)
    assert client.get(url("drawing", structure.pk, drawing.pk)).status_code == 200
    assert client.get(url("generation_notice", structure.pk, generation.pk)).status_code == 200


def test_anonymous_is_sent_to_login(client, member):
    response = client.get(url("compte", member.structure_id))
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_drawing_page_query_count(member_client, member, django_assert_num_queries):
    drawing = drawing_request(member.structure)
    ContentType.objects.get_for_model(drawing)
    # session, user, structure, drawing (+ account, structure), documents, history
    with django_assert_num_queries(6):
        assert member_client.get(url("drawing", member.structure_id, drawing.pk)).status_code == 200


def test_drawing_page_renders_in_every_status(client):
    from compte_entrepreneur.tests.status_objects import make_drawing
    from compte_entrepreneur.workflow import drawing_flow

    for status in sorted(drawing_flow.statuses):
        drawing = make_drawing(status)
        structure = drawing.compte.structure
        client.force_login(Membership.objects.filter(structure=structure).first().user)
        response = client.get(url("drawing", structure.pk, drawing.pk))
        assert response.status_code == 200, status
        assert drawing.get_status_display() in text(response)
        assert client.get(url("compte", structure.pk)).status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_structure_section_costs_one_query(
    member_client, member, django_assert_num_queries, monkeypatch, rows
):
    from espace_pro import hooks

    section = hooks._sections["compte_entrepreneur"]
    monkeypatch.setattr(hooks, "_sections", {"compte_entrepreneur": section})
    for _ in range(rows):
        pay(notice_for(member.structure, "10.00"), "10.00")
    # the structure page's five, then the account
    with django_assert_num_queries(6):
        response = member_client.get(reverse("espace_pro:structure", args=[member.structure_id]))
    assert response.status_code == 200
