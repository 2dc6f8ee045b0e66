"""Public routes of the aid programmes (no login)."""

from django.urls import path

from aides import public_views as views

app_name = "aides_public"

urlpatterns = [
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("simulateur/", views.simulator_index, name="simulator_index"),
    path("simulateur/<slug:slug>/", views.simulator, name="simulator"),
    path("api/", views.api_doc, name="api_doc"),
    path("api/openapi.json", views.openapi, name="openapi"),
    path("api/programmes/", views.api_programmes, name="api_programmes"),
    path("api/simulateur/<slug:slug>/", views.api_simulate, name="api_simulate"),
]
