from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("mon-espace/", views.dashboard, name="dashboard"),
    path("mon-compte/", views.account, name="account"),
    path("mon-compte/supprimer/", views.account_delete, name="delete"),
    path("mode-d-emploi/", views.guide, name="guide"),
    path("contactez-nous/", views.contact, name="contact"),
]
