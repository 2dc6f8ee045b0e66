from django.urls import path

from annonces import views

app_name = "annonces"

urlpatterns = [
    path("", views.index, name="index"),
    path("mes-annonces/", views.mine, name="mine"),
    path("mes-annonces/publier/", views.create, name="create"),
    path("mes-annonces/<int:ad_id>/", views.ad, name="ad"),
    path("mes-annonces/<int:ad_id>/modifier/", views.edit, name="edit"),
    path("mes-annonces/<int:ad_id>/soumettre/", views.submit, name="submit"),
    path("mes-annonces/<int:ad_id>/retirer/", views.withdraw, name="withdraw"),
    # the public page: « <id>-<title> », only for a published, open ad
    path("<slug:ref>/", views.detail, name="detail"),
]
