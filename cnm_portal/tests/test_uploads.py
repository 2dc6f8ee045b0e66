"""Upload checks by content, the upload form field and private storage names (no database)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN
from io import BytesIO

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from cnm_portal import uploads
from cnm_portal.uploads import (
    DocumentFileField,
    PrivateUploadTo,
    detect_kind,
    format_file_size,
    private_upload_path,
    upload_to,
    validate_upload,
)

NBSP = "\u00a0"

PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


def _image_bytes(pillow_format: str, size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, pillow_format)
    return buffer.getvalue()


PNG_BYTES = _image_bytes("PNG")
JPEG_BYTES = _image_bytes("JPEG")


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _messages(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(excinfo.value.messages)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, "pdf"),
        (PDF_BYTES + b"\n" * 100, "pdf"),  # trailing newlines after %%EOF
        (PDF_BYTES[:-7], None),  # no %%EOF: truncated
        (PDF_BYTES.replace(b"%%EOF", b"") + b"%%EOF" + b" " * 3000, None),  # marker too far
        (b"%PDF-1.7\n" + b"0" * 10_000 + b"\n%%EOF", "pdf"),  # marker only at the very end
        (PNG_BYTES, "png"),
        (PNG_BYTES[: len(PNG_BYTES) // 2], None),  # truncated
        (PNG_BYTES[:-12], None),  # IEND chunk missing
        (JPEG_BYTES, "jpeg"),
        (JPEG_BYTES[: len(JPEG_BYTES) // 2], None),  # truncated
        (b"MZ\x90\x00" + b"\x00" * 200, None),  # Windows executable
        (b"<!DOCTYPE html><html><body>x</body></html>", None),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, None),  # PNG signature only
        (b"\xff\xd8\xff" + b"garbage" * 10, None),  # JPEG signature only
        (b"GIF89a" + b"\x00" * 50, None),  # a real format, not allowed
        (b"", None),
    ],
)
def test_detect_kind_reads_content_and_rewinds(content: bytes, expected: str | None) -> None:
    file = _upload("anything.bin", content)
    file.seek(3 if content else 0)
    assert detect_kind(file) == expected
    assert file.tell() == 0


def test_detect_kind_refuses_decompression_bombs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 32 * 24 - 1)
    assert detect_kind(_upload("x.png", PNG_BYTES)) is None
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 32 * 24)
    assert detect_kind(_upload("x.png", PNG_BYTES)) == "png"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("statuts.pdf", PDF_BYTES, "pdf"),
        ("STATUTS.PDF", PDF_BYTES, "pdf"),
        ("photo.jpg", JPEG_BYTES, "jpeg"),
        ("photo.JPEG", JPEG_BYTES, "jpeg"),
        ("scan.png", PNG_BYTES, "png"),
        ("pièce d'identité.v2.png", PNG_BYTES, "png"),
    ],
)
def test_validate_upload_accepts_each_allowed_kind(name: str, content: bytes, kind: str) -> None:
    file = _upload(name, content)
    assert validate_upload(file) == kind
    assert file.tell() == 0
    assert file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (
            "x.pdf",
            b"MZ\x90\x00" + b"\x00" * 200,
            "invalid_content",
            f"Le fichier «{NBSP}x.pdf{NBSP}» n'est pas un document PDF, JPEG ou PNG valide.",
        ),
        (
            "page.png",
            b"<html><body>Bonjour</body></html>",
            "invalid_content",
            f"Le fichier «{NBSP}page.png{NBSP}» n'est pas un document PDF, JPEG ou PNG valide.",
        ),
        (
            "scan.png",
            PNG_BYTES[: len(PNG_BYTES) // 2],
            "invalid_content",
            f"Le fichier «{NBSP}scan.png{NBSP}» n'est pas un document PDF, JPEG ou PNG valide.",
        ),
        (
            "vide.pdf",
            b"",
            "empty",
            f"Le fichier «{NBSP}vide.pdf{NBSP}» est vide.",
        ),
        (
            "image.pdf",
            PNG_BYTES,
            "extension_mismatch",
            f"Le fichier «{NBSP}image.pdf{NBSP}» contient une image PNG mais son nom ne se "
            f"termine pas par .png{NBSP}: renommez-le puis déposez-le à nouveau.",
        ),
        (
            "document.jpg",
            PDF_BYTES,
            "extension_mismatch",
            f"Le fichier «{NBSP}document.jpg{NBSP}» contient un document PDF mais son nom ne se "
            f"termine pas par .pdf{NBSP}: renommez-le puis déposez-le à nouveau.",
        ),
        (
            "photo",
            JPEG_BYTES,
            "extension_mismatch",
            f"Le fichier «{NBSP}photo{NBSP}» contient une image JPEG mais son nom ne se "
            f"termine pas par .jpg ou .jpeg{NBSP}: renommez-le puis déposez-le à nouveau.",
        ),
    ],
)
def test_validate_upload_refuses_with_a_french_message_naming_the_file(
    name: str, content: bytes, code: str, message: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload(name, content))
    assert excinfo.value.code == code
    assert _messages(excinfo) == [message]


def test_validate_upload_lists_only_the_allowed_kinds() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload("photo.png", PNG_BYTES), allowed=("pdf",))
    assert _messages(excinfo) == [
        f"Le fichier «{NBSP}photo.png{NBSP}» n'est pas un document PDF valide."
    ]
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload("x.pdf", PDF_BYTES), allowed=("jpeg", "png"))
    assert _messages(excinfo) == [
        f"Le fichier «{NBSP}x.pdf{NBSP}» n'est pas un document JPEG ou PNG valide."
    ]


def test_validate_upload_refuses_unknown_kinds_in_allow_list() -> None:
    with pytest.raises(ValueError, match="Unknown upload kinds"):
        validate_upload(_upload("x.pdf", PDF_BYTES), allowed=("pdf", "docx"))


@pytest.mark.parametrize(
    ("size", "limit", "accepted"),
    [
        (len(PDF_BYTES), len(PDF_BYTES), True),  # exactly at the limit
        (len(PDF_BYTES), len(PDF_BYTES) - 1, False),  # one byte over
        (len(PDF_BYTES), len(PDF_BYTES) + 1, True),
    ],
)
def test_validate_upload_size_limit_boundaries(size: int, limit: int, accepted: bool) -> None:
    file = _upload("x.pdf", PDF_BYTES)
    assert file.size == size
    if accepted:
        assert validate_upload(file, max_bytes=limit) == "pdf"
    else:
        with pytest.raises(ValidationError) as excinfo:
            validate_upload(file, max_bytes=limit)
        assert excinfo.value.code == "too_large"


def test_validate_upload_too_large_message_in_megabytes() -> None:
    ten_mb = 10 * 1024 * 1024
    content = b"%PDF-1.4\n" + b"0" * (12_897_484 - 16) + b"\n%%EOF\n"  # 12.2999… Mo
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload("x.pdf", content), max_bytes=ten_mb)
    assert _messages(excinfo) == [
        f"Le fichier «{NBSP}x.pdf{NBSP}» pèse 12,3{NBSP}Mo{NBSP}: "
        f"la taille maximale est de 10{NBSP}Mo."
    ]


@override_settings(UPLOAD_MAX_BYTES=100)
def test_validate_upload_default_limit_comes_from_settings() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload("photo.png", PNG_BYTES + b"\x00" * 100))
    assert excinfo.value.code == "too_large"
    assert f"la taille maximale est de 100{NBSP}octets." in _messages(excinfo)[0]


def test_validate_upload_checks_size_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file must not be decoded")

    monkeypatch.setattr(uploads, "_detect", fail)
    with pytest.raises(ValidationError):
        validate_upload(_upload("photo.png", PNG_BYTES), max_bytes=10)


def test_validate_upload_explains_oversized_images(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(_upload("photo.png", PNG_BYTES))
    assert excinfo.value.code == "image_too_large"
    assert f"L'image «{NBSP}photo.png{NBSP}» est trop grande" in _messages(excinfo)[0]


@pytest.mark.parametrize(
    ("size", "expected_up", "expected_down"),
    [
        (0, f"0{NBSP}octet", f"0{NBSP}octet"),
        (1, f"1{NBSP}octet", f"1{NBSP}octet"),
        (1023, f"1023{NBSP}octets", f"1023{NBSP}octets"),
        (1024, f"1{NBSP}ko", f"1{NBSP}ko"),
        (1536, f"1,5{NBSP}ko", f"1,5{NBSP}ko"),
        (1024 * 1024 - 1, f"1024{NBSP}ko", f"1023,9{NBSP}ko"),
        (10 * 1024 * 1024, f"10{NBSP}Mo", f"10{NBSP}Mo"),
        (10 * 1024 * 1024 + 1, f"10,1{NBSP}Mo", f"10{NBSP}Mo"),
        (12_897_484, f"12,3{NBSP}Mo", f"12,2{NBSP}Mo"),  # 12.2999… Mo
    ],
)
def test_format_file_size(size: int, expected_up: str, expected_down: str) -> None:
    assert format_file_size(size) == expected_up
    assert format_file_size(size, rounding=ROUND_DOWN) == expected_down


class _DocumentForm(forms.Form):
    statuts = DocumentFileField(label="Statuts de la structure")
    photo = DocumentFileField(label="Photo", allowed=("jpeg", "png"), required=False)


def _form(**files: SimpleUploadedFile) -> _DocumentForm:
    return _DocumentForm(data={}, files=files)


def test_document_field_accepts_a_valid_file() -> None:
    form = _form(statuts=_upload("statuts.pdf", PDF_BYTES), photo=_upload("p.jpg", JPEG_BYTES))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["statuts"].read() == PDF_BYTES


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        (
            {"statuts": ("statuts.pdf", b"MZ" + b"\x00" * 64)},
            "statuts",
            f"Le fichier «{NBSP}statuts.pdf{NBSP}» n'est pas un document PDF, JPEG ou PNG valide.",
        ),
        (
            {"statuts": ("statuts.pdf", b"")},
            "statuts",
            f"Le fichier «{NBSP}statuts.pdf{NBSP}» est vide.",
        ),
        (
            {"statuts": ("statuts.pdf", PDF_BYTES), "photo": ("p.pdf", PDF_BYTES)},
            "photo",
            f"Le fichier «{NBSP}p.pdf{NBSP}» n'est pas un document JPEG ou PNG valide.",
        ),
        ({}, "statuts", "Ce champ est obligatoire."),
    ],
)
def test_document_field_shows_french_errors(
    files: dict[str, tuple[str, bytes]], field: str, message: str
) -> None:
    form = _form(**{key: _upload(*value) for key, value in files.items()})
    assert not form.is_valid()
    assert form.errors[field] == [message]


@override_settings(UPLOAD_MAX_BYTES=50)
def test_document_field_uses_the_settings_limit_at_validation_time() -> None:
    form = _form(statuts=_upload("statuts.pdf", PDF_BYTES))
    assert not form.is_valid()
    assert form.errors["statuts"] == [
        f"Le fichier «{NBSP}statuts.pdf{NBSP}» pèse {len(PDF_BYTES)}{NBSP}octets{NBSP}: "
        f"la taille maximale est de 50{NBSP}octets."
    ]


def test_document_field_help_text_and_accept_attribute() -> None:
    form = _DocumentForm()
    assert str(form.fields["statuts"].help_text) == (
        f"Formats acceptés{NBSP}: PDF, JPEG, PNG. Taille maximale{NBSP}: 10{NBSP}Mo."
    )
    assert str(form.fields["photo"].help_text) == (
        f"Formats acceptés{NBSP}: JPEG, PNG. Taille maximale{NBSP}: 10{NBSP}Mo."
    )
    html = str(form["statuts"])
    assert 'accept="application/pdf,.pdf,image/jpeg,.jpg,.jpeg,image/png,.png"' in html
    assert 'accept="image/jpeg,.jpg,.jpeg,image/png,.png"' in str(form["photo"])


def test_document_field_help_text_follows_settings() -> None:
    field = DocumentFileField()
    with override_settings(UPLOAD_MAX_BYTES=5 * 1024 * 1024):
        assert str(field.help_text).endswith(f"Taille maximale{NBSP}: 5{NBSP}Mo.")


PATH_RE = re.compile(
    r"private/(?P<prefix>[\w/-]+)/(?P<year>\d{4})/(?P<name>[0-9a-f]{32})(?P<ext>\.\w+)?"
)


@pytest.mark.parametrize(
    ("filename", "ext"),
    [
        ("statuts.pdf", ".pdf"),
        ("STATUTS.PDF", ".pdf"),
        ("photo.JPEG", ".jpg"),
        ("photo.jpg", ".jpg"),
        ("scan.Png", ".png"),
        ("../../etc/passwd", None),
        ("../../settings.py", ".py"),
        ("évil name;rm -rf.pdf", ".pdf"),
        ("archive.tar.gz", ".gz"),
        ("weird.p/df", None),
        ("x.ex€", None),
        ("noext", None),
    ],
)
def test_private_upload_path_never_keeps_the_user_name(filename: str, ext: str | None) -> None:
    path = private_upload_path("identite", filename)
    match = PATH_RE.fullmatch(path)
    assert match is not None, path
    assert match["prefix"] == "identite"
    assert match["ext"] == ext
    assert ".." not in path
    assert path.count("/") == 3


def test_private_upload_path_uses_the_paris_year(monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 UTC on 31 December 2026 is already 2027 in Paris.
    moment = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert private_upload_path("dossiers/pieces", "a.pdf").startswith(
        "private/dossiers/pieces/2027/"
    )


def test_private_upload_path_names_are_unique() -> None:
    assert len({private_upload_path("x", "a.pdf") for _ in range(100)}) == 100


@pytest.mark.parametrize("prefix", ["", "/", "..", "a/../b", "a//b", "a b", "a/./b", "é"])
def test_private_upload_path_refuses_bad_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError):
        private_upload_path(prefix, "a.pdf")


def test_upload_to_is_a_deconstructible_callable() -> None:
    callable_ = upload_to("identite")
    assert isinstance(callable_, PrivateUploadTo)
    assert callable_.deconstruct() == ("cnm_portal.uploads.PrivateUploadTo", ("identite",), {})
    assert callable_ == upload_to("identite")
    assert callable_ != upload_to("autre")
    assert PATH_RE.fullmatch(callable_(None, "Statuts.PDF"))


def test_upload_to_serialises_in_a_migration() -> None:
    from django.db.migrations.serializer import serializer_factory

    field = models.FileField(upload_to=upload_to("identite"))
    _name, _path, _args, kwargs = field.deconstruct()
    text, imports = serializer_factory(kwargs["upload_to"]).serialize()
    assert text == "cnm_portal.uploads.PrivateUploadTo('identite')"
    assert imports == {"import cnm_portal.uploads"}


def test_upload_to_refuses_a_bad_prefix_at_definition() -> None:
    with pytest.raises(ValueError):
        upload_to("../media")
