from django.urls import path

from virements import views

app_name = "virements"

urlpatterns = [
    path(
        "structures/<int:structure_id>/coordonnees-bancaires/",
        views.bank_account,
        name="bank_account",
    ),
    path(
        "structures/<int:structure_id>/coordonnees-bancaires/<int:account_id>/rib/",
        views.rib,
        name="rib",
    ),
]
