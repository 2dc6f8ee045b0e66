"""Demo data of the shop: six titles (print and digital, each digital one with a small PDF
rendered on the spot) and a paid order with its invoice for camille.dupont@demo.cnm.fr."""

import uuid
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.models import User
from boutique import services
from boutique.models import Order, Title
from cnm_portal.dates import today
from cnm_portal.pdf import render_pdf

DEMO_TITLES = [
    # slug, name, kind, collection, author, isbn, price, stock, published, pages
    (
        "guide-production-phonographique",
        "Guide de la production phonographique",
        "imprime",
        "guides",
        "Centre national de la musique",
        "9782957321506",
        "25.00",
        120,
        date(2025, 3, 14),
        212,
    ),
    (
        "guide-production-phonographique-numerique",
        "Guide de la production phonographique",
        "numerique",
        "guides",
        "Centre national de la musique",
        "9782957321513",
        "15.00",
        0,
        date(2025, 3, 14),
        212,
    ),
    (
        "guide-tournee",
        "Organiser une tournée : le guide pratique",
        "imprime",
        "guides",
        "Claire Lemoine et Hugo Bernard",
        "9782130697350",
        "22.00",
        40,
        date(2024, 10, 2),
        180,
    ),
    (
        "guide-edition-musicale-numerique",
        "L'édition musicale en pratique",
        "numerique",
        "guides",
        "Sophie Marchand",
        "9791089430017",
        "12.50",
        0,
        date(2026, 1, 20),
        144,
    ),
    (
        "monographie-yeye",
        "Les années yé-yé, une histoire de la variété française",
        "imprime",
        "monographies",
        "Jean-Marc Fontaine",
        "9782710045120",
        "32.00",
        15,
        date(2023, 11, 8),
        320,
    ),
    (
        "monographie-bals-populaires-numerique",
        "Bals populaires et orchestres de province",
        "numerique",
        "monographies",
        "Lucie Garnier",
        "9782350142562",
        "9.90",
        0,
        date(2026, 6, 5),
        96,
    ),
]

DESCRIPTION = (
    "Un ouvrage des Éditions du CNM : repères, méthodes et témoignages de professionnels, "
    "pour comprendre et agir."
)


def create_demo_titles() -> list[Title]:
    titles = []
    for slug, name, kind, collection, author, isbn, price, stock, published, pages in DEMO_TITLES:
        title, created = Title.objects.get_or_create(
            isbn=isbn,
            defaults={
                "slug": slug,
                "name": name,
                "kind": kind,
                "collection": collection,
                "author": author,
                "description": DESCRIPTION,
                "price_ttc": Decimal(price),
                "stock": stock,
                "published_on": published,
                "pages": pages,
            },
        )
        if created and kind == Title.Kind.DIGITAL:
            pdf = render_pdf("boutique/pdf/sample_title.html", {"title": title})
            title.file.save(f"{slug}.pdf", ContentFile(pdf))
        titles.append(title)
    return titles


def create_demo_shop(out) -> None:
    titles = {title.slug: title for title in create_demo_titles()}
    out(f"Boutique : {len(titles)} titres au catalogue (/boutique/).")
    buyer = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    if buyer is None or Order.objects.filter(user=buyer).exists():
        return
    services.cart_set_quantity(user=buyer, title=titles["guide-tournee"], quantity=1)
    services.cart_set_quantity(
        user=buyer, title=titles["guide-edition-musicale-numerique"], quantity=1
    )
    address = services.Address("Camille Dupont", "12 rue des Lilas", "69003", "Lyon")
    order = services.order_place(
        user=buyer,
        billing=address,
        shipping=address,
        payment_mode=Order.PaymentMode.VIREMENT,
        token=uuid.uuid4(),
    )
    order = services.order_mark_paid(order=order, paid_on=today(), note="Virement reçu", actor=None)
    out(
        f"  camille.dupont@demo.cnm.fr : commande {order.reference} payée, facture "
        f"{order.invoice.number} et titre numérique téléchargeables (/boutique/commandes/)."
    )
