from django.urls import path

from boutique import views

app_name = "boutique"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("titres/<slug:slug>/", views.title, name="title"),
    path("panier/", views.cart, name="cart"),
    path("panier/ajouter/", views.cart_add, name="cart_add"),
    path("commande/", views.checkout, name="checkout"),
    path("commandes/", views.orders, name="orders"),
    path("commandes/<int:order_id>/", views.order, name="order"),
    path("commandes/<int:order_id>/facture.pdf", views.invoice_pdf, name="invoice"),
    path("commandes/<int:order_id>/numerique/<int:line_id>/", views.download, name="download"),
]
