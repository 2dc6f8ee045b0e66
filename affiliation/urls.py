from django.urls import path

from affiliation import views

app_name = "affiliation"

urlpatterns = [
    path("structures/<int:structure_id>/", views.overview, name="overview"),
    path("structures/<int:structure_id>/demande/", views.request_form, name="request"),
    path(
        "structures/<int:structure_id>/desaffiliation/", views.desaffiliation, name="desaffiliation"
    ),
    path("<int:affiliation_id>/notification/", views.decision_pdf, name="decision_pdf"),
    path("<int:affiliation_id>/pieces/<int:document_id>/", views.document, name="document"),
]
