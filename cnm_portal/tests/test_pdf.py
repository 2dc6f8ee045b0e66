"""PDF rendering: Marianne embedded, French formatting, and never any network (no database)."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
import shutil
import socket
import subprocess
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.test import override_settings

from cnm_portal import pdf
from cnm_portal.pdf import (
    PDF_BASE_URL,
    StaticFilesURLFetcher,
    pdf_response,
    render_pdf,
    static_name_for,
)

TEST_TEMPLATES = Path(__file__).parent / "templates"
SAMPLE = "cnm_portal_tests/sample.html"
FONT = "dsfr/dist/fonts/Marianne-Regular.woff2"


@pytest.fixture
def test_templates() -> Iterator[None]:
    """Make the test-only templates (not shipped with the product) loadable."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    with override_settings(TEMPLATES=templates):
        yield


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Refuse and record any attempt to resolve a host or open a connection.

    WeasyPrint swallows exceptions raised while fetching a resource, so raising alone would not
    fail the test: attempts are recorded and checked when the test ends.
    """
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is forbidden in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == [], f"network access attempted: {attempts!r}"


def _context(**extra: object) -> dict[str, object]:
    return {
        "montant": Decimal("1234567.89"),
        "date": dt.date(2026, 1, 1),
        "taux": Decimal("0.035"),
        **extra,
    }


def _decompressed_streams(data: bytes) -> bytes:
    """The PDF with its Flate streams inflated: font names live in compressed object streams."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text by ``pdftotext``, with French no-break spaces turned into plain ones."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=30,
    )
    text = result.stdout.decode("utf-8")
    return re.sub(r"[\u00a0\u202f ]+", " ", text)


@pytest.mark.usefixtures("test_templates", "no_network")
def test_render_pdf_embeds_marianne_and_writes_french(tmp_path: Path) -> None:
    data = render_pdf(SAMPLE, _context())

    assert data.startswith(b"%PDF")
    assert b"Marianne" in _decompressed_streams(data)
    text = _pdf_text(data, tmp_path)
    assert "Centre national de la musique" in text
    assert "Attestation de test" in text
    assert "1 234 567,89 €" in text
    assert "1er janvier 2026" in text
    assert "3,5 %" in text
    assert "Page 1 / 1" in text


@pytest.mark.usefixtures("test_templates", "no_network")
def test_page_numbers_count_all_pages(tmp_path: Path) -> None:
    data = render_pdf(SAMPLE, _context(filler=range(120)))
    text = _pdf_text(data, tmp_path)
    pages = re.findall(r"Page (\d+) / (\d+)", text)
    assert len(pages) >= 2
    total = str(len(pages))
    assert pages == [(str(number), total) for number in range(1, len(pages) + 1)]


@pytest.mark.usefixtures("test_templates", "no_network")
def test_external_resources_are_refused_without_network(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = render_pdf(SAMPLE, _context(external_image=True))

    assert data.startswith(b"%PDF")
    assert "https://example.com/x.png" in caplog.text
    assert "refused" in caplog.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{PDF_BASE_URL}static/{FONT}", FONT),
        (f"{PDF_BASE_URL}static/{FONT}?v=2#x", FONT),
        (
            f"{PDF_BASE_URL}static/dsfr/dist/fonts/Marianne%2DBold.woff2",
            "dsfr/dist/fonts/Marianne-Bold.woff2",
        ),
        (f"{PDF_BASE_URL}static/", None),
        (f"{PDF_BASE_URL}static/../cnm_portal/settings.py", None),
        (f"{PDF_BASE_URL}static/dsfr/%2E%2E/%2E%2E/settings.py", None),
        (f"{PDF_BASE_URL}static//etc/passwd", None),
        (f"{PDF_BASE_URL}static/a\\..\\b", None),
        (f"{PDF_BASE_URL}media/private/x.pdf", None),
        (f"{PDF_BASE_URL}staticfoo/x.css", None),
        ("https://example.com/static/x.png", None),
        ("http://mon-espace.invalid/static/x.png", None),
        ("file:///etc/passwd", None),
        ("file:///static/x.png", None),
    ],
)
def test_static_name_for(url: str, expected: str | None) -> None:
    assert static_name_for(url) == expected


@override_settings(STATIC_URL="https://cdn.example.org/static/")
def test_static_name_for_accepts_an_absolute_static_url() -> None:
    assert static_name_for(f"https://cdn.example.org/static/{FONT}") == FONT
    assert static_name_for("https://cdn.example.org/other/x.css") is None


@pytest.mark.usefixtures("no_network")
def test_fetcher_serves_static_files_from_the_finders() -> None:
    response = StaticFilesURLFetcher()(f"{PDF_BASE_URL}static/{FONT}")
    body = response.read()
    response.close()
    assert body.startswith(b"wOF2")
    assert response.content_type == "font/woff2"


@pytest.mark.usefixtures("no_network")
def test_fetcher_serves_data_urls() -> None:
    response = StaticFilesURLFetcher()("data:text/plain;base64,Qm9uam91cg==")
    assert response.read() == b"Bonjour"
    response.close()


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x.png",
        "http://127.0.0.1:8000/static/x.css",
        "file:///etc/passwd",
        "ftp://example.com/x",
        f"{PDF_BASE_URL}static/does/not/exist.css",
        f"{PDF_BASE_URL}static/../../etc/passwd",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(ValueError):
        StaticFilesURLFetcher()(url)


def test_fetcher_falls_back_to_collected_static_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """In production ``{% static %}`` gives hashed names that only exist in STATIC_ROOT."""
    storage = InMemoryStorage()
    storage.save("dsfr/dist/fonts/Marianne-Regular.1a2b3c.woff2", ContentFile(b"wOF2 hashed"))
    monkeypatch.setattr(pdf, "staticfiles_storage", storage)
    response = StaticFilesURLFetcher()(
        f"{PDF_BASE_URL}static/dsfr/dist/fonts/Marianne-Regular.1a2b3c.woff2"
    )
    assert response.read() == b"wOF2 hashed"
    response.close()


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("attestation.pdf", 'attachment; filename="attestation.pdf"'),
        (
            "reçu fiscal 2026.pdf",
            "attachment; filename*=utf-8''re%C3%A7u%20fiscal%202026.pdf",
        ),
    ],
)
def test_pdf_response(filename: str, expected: str) -> None:
    response = pdf_response(b"%PDF-1.7 test", filename)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == expected
    assert response["Content-Length"] == "13"
    assert response.content == b"%PDF-1.7 test"


def test_web_process_does_not_load_weasyprint():
    """Memory budget (DESIGN §5, web worker ≤ 100 MB): the web process — settings, apps, admin,
    every URLconf — never imports WeasyPrint; only the first PDF rendered does."""
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cnm_portal.settings');"
        "import django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import cnm_portal.wsgi;"
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
