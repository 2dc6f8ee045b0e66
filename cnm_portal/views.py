"""Error pages that must work when nothing else does."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

# Seconds a client is told to wait when the database is unreachable (a restart takes a few).
RETRY_AFTER = 30


def server_error(request):
    """500, or 503 with ``Retry-After`` when the database is unreachable (a restart, a
    failover): the visitor is told to try again shortly rather than that the portal broke.
    Rendered without a request context: the context processors would query the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html", _context()), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", _context()))


def _context() -> dict:
    return {"contact_email": settings.CONTACT_EMAIL}
