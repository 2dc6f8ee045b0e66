from django.urls import path

from taxe import views

app_name = "taxe"

urlpatterns = [
    path("structures/<int:structure_id>/", views.overview, name="overview"),
    path(
        "structures/<int:structure_id>/declarations/",
        views.declaration_create,
        name="declaration_create",
    ),
    path(
        "structures/<int:structure_id>/declarations/<int:declaration_id>/",
        views.declaration,
        name="declaration",
    ),
    path(
        "structures/<int:structure_id>/repartitions/<int:share_id>/signer/",
        views.share_sign,
        name="share_sign",
    ),
    path(
        "structures/<int:structure_id>/repartitions/<int:share_id>/refuser/",
        views.share_refuse,
        name="share_refuse",
    ),
    path(
        "structures/<int:structure_id>/rectifications/<int:rectification_id>/observations/",
        views.rectification_observe,
        name="rectification_observe",
    ),
    path(
        "structures/<int:structure_id>/avis/<int:notice_id>/<str:kind>.pdf",
        views.notice_document,
        name="notice_document",
    ),
]
