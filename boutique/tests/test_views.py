import pytest
from django.urls import reverse

from accounts.dashboard import _sections
from accounts.tests.factories import UserFactory
from boutique import services
from boutique.models import CartLine, Order, Title
from boutique.tests.factories import make_title, order_in, pay, place_order
from boutique.workflow import OrderStatus as S
from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(client):
    user = UserFactory()
    client.force_login(user)
    return user


# --- catalogue (public) ------------------------------------------------------------------------


def test_catalogue_is_public_filtered_and_in_french(client):
    guide = make_title(name="Le guide du tourneur")
    mono = make_title(name="Histoire du bal", collection=Title.Collection.MONOGRAPHIES)
    make_title(name="Retiré de la vente", on_sale=False)
    response = client.get(reverse("boutique:catalogue"))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="fr"' in text
    assert guide.name in text and mono.name in text
    assert "Retiré de la vente" not in text
    response = client.get(reverse("boutique:catalogue"), {"collection": "monographies"})
    assert mono.name in response.content.decode()
    assert guide.name not in response.content.decode()
    response = client.get(reverse("boutique:catalogue"), {"format": "inconnu"})
    assert response.status_code == 200  # an unknown filter is ignored, shown in error
    assert "fr-select-group--error" in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_catalogue_queries_are_constant(client, django_assert_num_queries, count):
    for _i in range(count):
        make_title()
    with django_assert_num_queries(2):  # count + page
        response = client.get(reverse("boutique:catalogue"))
    assert response.status_code == 200


def test_title_page_is_public_and_asks_anonymous_to_log_in(client):
    title = make_title(price="22.00", stock=4)
    response = client.get(reverse("boutique:title", kwargs={"slug": title.slug}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "22,00\u00a0€ TTC" in text
    assert "Se connecter pour commander" in text
    assert client.get(reverse("boutique:title", kwargs={"slug": "inconnu"})).status_code == 404


# --- cart --------------------------------------------------------------------------------------


def test_add_to_cart_and_update_and_remove(client, buyer):
    title = make_title(stock=5)
    url = reverse("boutique:cart_add")
    response = client.post(url, {"title": title.pk, "quantity": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("boutique:cart")
    client.post(url, {"title": title.pk, "quantity": "2"})  # double submission: same cart
    assert CartLine.objects.get(cart__user=buyer).quantity == 2
    response = client.get(reverse("boutique:cart"))
    assert title.name in response.content.decode()
    client.post(reverse("boutique:cart"), {"title": title.pk, "quantity": "3"})
    assert CartLine.objects.get(cart__user=buyer).quantity == 3
    client.post(reverse("boutique:cart"), {"title": title.pk, "remove": "1"})
    assert not CartLine.objects.filter(cart__user=buyer).exists()
    again = client.post(reverse("boutique:cart"), {"title": title.pk, "remove": "1"}, follow=True)
    assert "pas (ou plus) dans votre panier" in again.content.decode()


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "au moins 1"),
        ("-1", "au moins 1"),
        ("1.5", "nombre entier"),
        ("6", "reste que 5"),
        ("", "Indiquez une quantité"),
    ],
)
def test_bad_quantity_is_refused_next_to_the_field(client, buyer, quantity, message):
    title = make_title(stock=5)
    client.post(reverse("boutique:cart_add"), {"title": title.pk, "quantity": "1"})
    response = client.post(reverse("boutique:cart"), {"title": title.pk, "quantity": quantity})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "fr-input-group--error" in response.content.decode()
    assert CartLine.objects.get(cart__user=buyer).quantity == 1
    response = client.post(
        reverse("boutique:cart_add"), {"title": title.pk, "quantity": quantity}, follow=True
    )
    assert message in response.content.decode()
    assert CartLine.objects.get(cart__user=buyer).quantity == 1


def test_add_to_cart_needs_login_and_a_title_on_sale(client):
    title = make_title()
    response = client.post(reverse("boutique:cart_add"), {"title": title.pk, "quantity": "1"})
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    client.force_login(UserFactory())
    hidden = make_title(on_sale=False)
    response = client.post(reverse("boutique:cart_add"), {"title": hidden.pk, "quantity": "1"})
    assert response.status_code == 404
    for bad in ("abc", str(10**20), "-1"):
        response = client.post(reverse("boutique:cart_add"), {"title": bad, "quantity": "1"})
        assert response.status_code == 404
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("count", [1, 10])
def test_cart_queries_are_constant(client, buyer, django_assert_num_queries, count):
    for _i in range(count):
        client.post(reverse("boutique:cart_add"), {"title": make_title().pk, "quantity": "1"})
    with django_assert_num_queries(3):  # session, user, cart lines with titles
        client.get(reverse("boutique:cart"))


# --- checkout ----------------------------------------------------------------------------------


def _checkout_data(client, **extra):
    response = client.get(reverse("boutique:checkout"))
    token = response.context["form"].initial["token"]
    data = {
        "token": token,
        "billing_name": "Camille Dupont",
        "billing_address": "12 rue des Lilas",
        "billing_postal_code": "69003",
        "billing_city": "Lyon",
        "same_shipping": "on",
        "payment_mode": "virement",
    }
    data.update(extra)
    return data


def test_checkout_by_transfer_shows_the_instructions(client, buyer):
    client.post(reverse("boutique:cart_add"), {"title": make_title().pk, "quantity": "1"})
    data = _checkout_data(client)
    response = client.post(reverse("boutique:checkout"), data)
    order = Order.objects.get(user=buyer)
    assert response["Location"] == reverse("boutique:order", kwargs={"order_id": order.pk})
    again = client.post(reverse("boutique:checkout"), data)  # double submission
    assert again["Location"] == response["Location"]
    assert Order.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert f"CNM EDITIONS {order.reference}" in page
    assert "FR76 3000 1000 6400 0000 4012 348" in page
    assert order.shipping_city == "Lyon"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"payment_mode": "bon_de_commande"}, "purchase_order_ref", "bon de commande"),
        ({"payment_mode": "carte"}, "payment_mode", "Choisissez un mode de paiement"),
        ({"billing_postal_code": "6900"}, "billing_postal_code", "5 chiffres"),
        ({"billing_name": "   "}, "billing_name", "obligatoire"),
        ({"same_shipping": "", "shipping_name": "X"}, "shipping_address", "obligatoire"),
    ],
)
def test_checkout_bad_input_saves_nothing(client, buyer, extra, field, message):
    title = make_title(stock=5)
    client.post(reverse("boutique:cart_add"), {"title": title.pk, "quantity": "2"})
    response = client.post(reverse("boutique:checkout"), _checkout_data(client, **extra))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Order.objects.exists()
    title.refresh_from_db()
    assert title.stock == 5


def test_checkout_with_an_empty_cart_goes_back_to_the_catalogue(client, buyer):
    response = client.get(reverse("boutique:checkout"))
    assert response["Location"] == reverse("boutique:catalogue")


def test_checkout_offers_only_the_buyers_structures(client, buyer):
    mine = MembershipFactory(user=buyer).structure
    other = MembershipFactory().structure
    client.post(reverse("boutique:cart_add"), {"title": make_title().pk, "quantity": "1"})
    response = client.post(
        reverse("boutique:checkout"), _checkout_data(client, billing_structure=other.pk)
    )
    assert (
        "Choisissez l'une de vos structures"
        in response.context["form"].errors["billing_structure"][0]
    )
    assert not Order.objects.exists()
    client.post(reverse("boutique:checkout"), _checkout_data(client, billing_structure=mine.pk))
    assert Order.objects.get().billing_structure == mine


# --- orders ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 25])
def test_orders_list_queries_are_constant(client, buyer, django_assert_num_queries, count):
    title = make_title(stock=100)
    for _i in range(count - 1):  # paid, their PDF « en préparation »
        services.order_mark_paid(
            order=place_order(buyer, [(title, 1)]), paid_on=today(), actor=None
        )
    pay(place_order(buyer, [(title, 1)]))  # the latest with its PDF
    with django_assert_num_queries(4):  # session, user, count, page with invoices
        response = client.get(reverse("boutique:orders"))
    assert response.status_code == 200
    assert "F-" in response.content.decode()


def test_order_page_in_every_status(client):
    for status in sorted(S.values):
        order = order_in(status)
        client.force_login(order.user)
        response = client.get(reverse("boutique:order", kwargs={"order_id": order.pk}))
        assert response.status_code == 200
        text = response.content.decode()
        assert order.get_status_display() in text
        assert ("Télécharger la facture" in text) == order.is_paid
        assert (f"boutique/commandes/{order.pk}/numerique/" in text) == order.is_paid


def _foreign_paid_order():
    """Another buyer's order, as complete as ours: print and digital lines, invoice PDF."""
    return order_in(S.EXPEDIEE)


def test_a_stranger_gets_404_on_every_page_of_an_order(client):
    order = _foreign_paid_order()
    line = order.lines.get(kind="numerique")
    urls = [
        reverse("boutique:order", kwargs={"order_id": order.pk}),
        reverse("boutique:invoice", kwargs={"order_id": order.pk}),
        reverse("boutique:download", kwargs={"order_id": order.pk, "line_id": line.pk}),
    ]
    client.force_login(order.user)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    # a member of the structure the order is billed to is not the buyer
    member = MembershipFactory().user
    Order.objects.filter(pk=order.pk).update(billing_structure=member.memberships.get().structure)
    for user in (UserFactory(), member):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_invoice_pdf_and_digital_file_for_the_buyer(client):
    order = order_in(S.EXPEDIEE)
    client.force_login(order.user)
    response = client.get(reverse("boutique:invoice", kwargs={"order_id": order.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert f"facture-{order.invoice.number}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    line = order.lines.get(kind="numerique")
    response = client.get(
        reverse("boutique:download", kwargs={"order_id": order.pk, "line_id": line.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_no_download_nor_invoice_before_payment(client):
    order = order_in(S.EN_ATTENTE)
    line = order.lines.get(kind="numerique")
    client.force_login(order.user)
    assert client.get(reverse("boutique:invoice", kwargs={"order_id": order.pk})).status_code == 404
    url = reverse("boutique:download", kwargs={"order_id": order.pk, "line_id": line.pk})
    assert client.get(url).status_code == 404
    print_line = order.lines.get(kind="imprime")
    url = reverse("boutique:download", kwargs={"order_id": order.pk, "line_id": print_line.pk})
    assert client.get(url).status_code == 404


def test_the_digital_file_has_no_public_url():
    title = make_title(kind=Title.Kind.DIGITAL)
    assert title.file.name.startswith("private/boutique/numerique/")


# --- dashboard and menu ------------------------------------------------------------------------


def test_dashboard_tile_makes_no_query(client, buyer, rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = buyer
    with django_assert_num_queries(0):
        assert _sections["boutique"].context(request) == {}
    text = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Retrouvez le suivi et l'historique de vos commandes" in text
    assert "Accéder à la boutique" in text
    assert reverse("boutique:catalogue") in text
