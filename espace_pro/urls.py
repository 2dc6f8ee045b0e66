from django.urls import path

from espace_pro import views

app_name = "espace_pro"

urlpatterns = [
    path("", views.home, name="home"),
    path("demande/", views.request_choice, name="request_choice"),
    path("demande/simplifiee/", views.request_simplified, name="request_simplified"),
    path(
        "demande/personne-physique/",
        views.request_personne_physique,
        name="request_personne_physique",
    ),
    path("demande/<str:kind>/", views.request_search, name="request_search"),
    path("demande/<str:kind>/<str:identifier>/", views.request_morale, name="request_morale"),
    path("demandes/<int:request_id>/", views.request_detail, name="request_detail"),
    path("demandes/<int:request_id>/annuler/", views.request_cancel, name="request_cancel"),
    path(
        "demandes/<int:request_id>/justificatifs/<int:document_id>/",
        views.request_document,
        name="request_document",
    ),
    path("structures/<int:structure_id>/", views.structure, name="structure"),
    path("structures/<int:structure_id>/inviter/", views.structure_invite, name="structure_invite"),
    path(
        "structures/<int:structure_id>/acces/<int:membership_id>/retirer/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "structures/<int:structure_id>/invitations/<int:invitation_id>/annuler/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
