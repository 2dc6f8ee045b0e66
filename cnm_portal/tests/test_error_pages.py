"""The error pages: a French 503 with Retry-After when the database is unreachable, the 500
page otherwise; neither touches the database (these tests have no database access: pytest-django
would raise on any query)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from cnm_portal.views import RETRY_AFTER, server_error


def _answer(error):
    request = RequestFactory().get("/mon-espace/")
    try:
        raise error
    except Exception:
        return server_error(request)


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("closed")])
def test_database_unreachable_is_a_503_to_retry(error):
    response = _answer(error)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    content = response.content.decode()
    assert "Service momentanément indisponible" in content
    assert "monespace@cnm.fr" in content


def test_any_other_error_is_the_500_page():
    response = _answer(ValueError("bug"))
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert "Une erreur est survenue" in response.content.decode()


def test_the_project_uses_these_handlers():
    from cnm_portal import urls

    assert urls.handler500 == "cnm_portal.views.server_error"
