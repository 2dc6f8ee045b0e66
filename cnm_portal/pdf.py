"""PDF documents (attestations, receipts, decisions) rendered from Django templates by WeasyPrint.

Rendering never touches the network: a PDF generated in a Celery task must not hang on a slow
host, must not leak the document's existence to a third party through an image URL, and must come
out the same on a machine without Internet access. WeasyPrint fetches every resource (fonts,
stylesheets, images) through ``StaticFilesURLFetcher``, which serves the project's static files and
inline ``data:`` URLs, and refuses everything else; WeasyPrint logs the refusal and carries on
without the resource.
"""

from __future__ import annotations

import functools
import mimetypes
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# WeasyPrint (≈ 40 MB resident with its fonts and CSS machinery) is imported on the first PDF,
# not with the models: the web workers, which render no PDF, never load it.

# The document's base URL. ``.invalid`` is reserved (RFC 2606) and never resolves, so even a
# resource that slipped past the fetcher could not reach a real host. ``{% static %}`` URLs
# ("/static/...") resolve against it and are then mapped back to files by the fetcher.
PDF_BASE_URL = "https://mon-espace.invalid/"

# Types the ``mimetypes`` module may not know on a minimal system.
_EXTRA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}


def _static_prefixes() -> list[str]:
    """Absolute URL prefixes under which a URL names a static file."""
    static_url = settings.STATIC_URL or "/static/"
    if urlsplit(static_url).scheme:  # STATIC_URL on another host (a CDN): accept it as well
        return [static_url, PDF_BASE_URL.rstrip("/") + urlsplit(static_url).path]
    return [PDF_BASE_URL.rstrip("/") + "/" + static_url.lstrip("/")]


def static_name_for(url: str) -> str | None:
    """The static file name that ``url`` refers to ("dsfr/dist/fonts/…"), or None.

    Query strings and fragments are dropped; names that try to climb out of the static folders
    ("..", absolute paths, backslashes) give None.
    """
    without_query = url.split("#", 1)[0].split("?", 1)[0]
    for prefix in _static_prefixes():
        if without_query.startswith(prefix):
            name = unquote(without_query[len(prefix) :])
            parts = name.split("/")
            if not name or name.startswith("/") or "\\" in name or ".." in parts or "" in parts:
                return None
            return name
    return None


def _read_static_file(name: str) -> bytes | None:
    """The bytes of a static file, from the source folders or else from the collected files.

    The finders work without ``collectstatic`` (development, tests). In production ``{% static %}``
    returns hashed names ("Marianne-Regular.1a2b3c.woff2") that only exist in ``STATIC_ROOT``,
    hence the fallback to the static files storage (unconfigured outside production: no file then).
    """
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    try:
        if not staticfiles_storage.exists(name):
            return None
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    except (ImproperlyConfigured, SuspiciousFileOperation, OSError):
        return None


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesURLFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that serves static files and ``data:`` URLs, and nothing else.

        Refusals raise ``ValueError``: WeasyPrint logs them ("weasyprint" logger) and renders the
        document without the resource, so a stray external image never breaks a PDF.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                # Inline content, decoded by urllib's data: handler; no I/O involved.
                return super().fetch(url, headers)
            name = static_name_for(url)
            if name is None:
                raise ValueError(f"PDF rendering is offline; refused resource: {url}")
            body = _read_static_file(name)
            if body is None:
                raise ValueError(f"Static file not found for PDF rendering: {name}")
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            content_type = (
                _EXTRA_TYPES.get(suffix)
                or mimetypes.guess_type(name)[0]
                or "application/octet-stream"
            )
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesURLFetcher


def __getattr__(name: str) -> Any:  # PEP 562: ``StaticFilesURLFetcher`` built on first use
    if name == "StaticFilesURLFetcher":
        return _fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to HTML, then to PDF bytes, without any network access.

    Templates extend ``cnm_portal/pdf/base.html`` for the Marianne font, the CNM header and page
    numbers. Static URLs come from ``{% static %}`` as in any page.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, context)
    fetcher = _fetcher_class()()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())


def pdf_response(pdf_bytes: bytes, filename: str) -> HttpResponse:
    """A response that downloads ``pdf_bytes`` as ``filename`` (accents kept, RFC 6266)."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Content-Length"] = str(len(pdf_bytes))
    return response
