from django.urls import path

from compte_entrepreneur import views

app_name = "compte_entrepreneur"

urlpatterns = [
    path("structures/<int:structure_id>/", views.compte, name="compte"),
    path("structures/<int:structure_id>/tirage/", views.drawing_create, name="drawing_create"),
    path(
        "structures/<int:structure_id>/tirages/<int:drawing_id>/",
        views.drawing,
        name="drawing",
    ),
    path(
        "structures/<int:structure_id>/notifications/<int:generation_id>.pdf",
        views.generation_notice,
        name="generation_notice",
    ),
]
