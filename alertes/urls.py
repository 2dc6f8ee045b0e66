from django.urls import path

from alertes import views

app_name = "alertes"

urlpatterns = [
    path("", views.settings, name="settings"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
