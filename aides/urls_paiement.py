from django.urls import path

from aides import views_paiement as views

urlpatterns = [
    path("dossiers/<int:dossier_id>/bilan/", views.bilan_file, name="bilan"),
    path(
        "dossiers/<int:dossier_id>/bilan/prorogation/",
        views.bilan_extension,
        name="bilan_extension",
    ),
    path(
        "dossiers/<int:dossier_id>/bilan/pieces/<int:document_id>/",
        views.bilan_document,
        name="bilan_document",
    ),
    path("dossiers/<int:dossier_id>/rse/", views.rse_grid, name="rse"),
    path(
        "dossiers/<int:dossier_id>/remboursements/<int:remboursement_id>/lettre/",
        views.remboursement_letter,
        name="remboursement_letter",
    ),
]
