"""Routes of the commission members' pages and of the applicant's decision letters (included
by ``aides/urls.py``, names in the ``aides`` namespace)."""

from django.urls import path

from aides import views_commission as views

urlpatterns = [
    path("commission/", views.sessions, name="commission_sessions"),
    path("commission/sessions/<int:session_id>/", views.session_detail, name="commission_session"),
    path(
        "commission/sessions/<int:session_id>/dossiers/<int:dossier_id>/",
        views.dossier_detail,
        name="commission_dossier",
    ),
    path(
        "commission/sessions/<int:session_id>/dossiers/<int:dossier_id>/conflit/",
        views.conflict_declare,
        name="commission_conflict",
    ),
    path(
        "commission/sessions/<int:session_id>/dossiers/<int:dossier_id>/pieces/<int:document_id>/",
        views.document_download,
        name="commission_document",
    ),
    path(
        "dossiers/<int:dossier_id>/decisions/<int:decision_id>/lettre/",
        views.decision_letter,
        name="decision_letter",
    ),
]
