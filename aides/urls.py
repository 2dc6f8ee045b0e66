from django.urls import path

from aides import views

app_name = "aides"

urlpatterns = [
    path("structures/<int:structure_id>/demandes/", views.dossier_list, name="list"),
    path("structures/<int:structure_id>/demandes/nouvelle/", views.dossier_start, name="start"),
    path("dossiers/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:dossier_id>/etape/<slug:step>/", views.dossier_step, name="step"),
    path("dossiers/<int:dossier_id>/supprimer/", views.dossier_delete, name="delete"),
    path("dossiers/<int:dossier_id>/recepisse/", views.recepisse, name="recepisse"),
    path(
        "dossiers/<int:dossier_id>/pieces/<int:document_id>/",
        views.document_download,
        name="document",
    ),
]

from aides.urls_commission import urlpatterns as commission_urlpatterns  # noqa: E402

urlpatterns += commission_urlpatterns

from aides.views_instruction import missing_items  # noqa: E402

urlpatterns += [
    path("dossiers/<int:dossier_id>/complements/", missing_items, name="missing_items"),
]

from aides.urls_paiement import urlpatterns as paiement_urlpatterns  # noqa: E402

urlpatterns += paiement_urlpatterns
