from django.urls import path

from formations import views

app_name = "formations"

urlpatterns = [
    path("", views.index, name="index"),
    path("inscription/", views.register, name="register"),
    path("mes-inscriptions/", views.my_inscriptions, name="my_inscriptions"),
    path("mes-inscriptions/<int:inscription_id>/", views.inscription, name="inscription"),
    path("mes-inscriptions/<int:inscription_id>/annuler/", views.cancel, name="cancel"),
    path(
        "mes-inscriptions/<int:inscription_id>/convocation.pdf",
        views.convocation,
        name="convocation",
    ),
    path("<slug:slug>/", views.module, name="module"),
]
