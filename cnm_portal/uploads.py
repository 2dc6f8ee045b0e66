"""Uploaded documents: checked by content against an allow-list, stored under private names.

A file's extension and the browser's Content-Type are chosen by the sender, so they prove nothing:
an executable renamed ``statuts.pdf`` must be refused, and so must a PDF cut short by a failed
upload, which would reach the instructeur as an unreadable attachment. Each allowed kind is
recognised by its signature and, for images, decoded by Pillow. Errors are French sentences that
name the file, because a form often carries several uploads.

Stored files never keep the user's file name (path tricks, personal data in names, collisions):
see ``private_upload_path``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image

from cnm_portal import dates

PDF_SIGNATURE = b"%PDF-"
PDF_END_MARKER = b"%%EOF"
# The end-of-file marker must sit near the end (trailing newlines or padding are common).
PDF_TAIL_BYTES = 2048
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# An image is decoded entirely to prove it is not truncated; a few kilobytes of PNG can declare
# billions of pixels (a "decompression bomb"), so images larger than this are refused before
# decoding. 50 million pixels is above any scan of an A4 page at 600 dpi (35 million) and the
# full-resolution output of current phone cameras.
MAX_IMAGE_PIXELS = 50_000_000

DEFAULT_KINDS: tuple[str, ...] = ("pdf", "jpeg", "png")
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """What the portal knows about one allowed kind of document."""

    label: str  # as shown in messages: "PDF"
    description: str  # with its article, for sentences: "un document PDF"
    extensions: tuple[str, ...]  # lowercase, without the dot; the first one is used for storage
    mime_type: str


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF", "un document PDF", ("pdf",), "application/pdf"),
    "jpeg": Kind("JPEG", "une image JPEG", ("jpg", "jpeg"), "image/jpeg"),
    "png": Kind("PNG", "une image PNG", ("png",), "image/png"),
}


class ImageTooLargeError(Exception):
    """An image declares more pixels than ``MAX_IMAGE_PIXELS``; it is refused undecoded."""


def _join_fr(items: Sequence[str], *, last: str) -> str:
    """Join words the French way: "PDF, JPEG ou PNG"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def kinds_label(allowed: Sequence[str]) -> str:
    """The allowed kinds for a sentence: "PDF, JPEG ou PNG"."""
    return _join_fr([KINDS[kind].label for kind in allowed], last=_("ou"))


def format_file_size(size: int, *, rounding: str = ROUND_UP) -> str:
    """A size in French units with one decimal at most: "12,3 Mo", "850 ko", "120 octets".

    Units are binary (1 Mo = 1 048 576 octets), as the limit is. The uploaded file's size rounds
    up and the limit's rounds down, so that a file just over the limit never reads "10 Mo : la
    taille maximale est de 10 Mo".
    """
    if size < 1024:
        # French puts 0 and 1 in the singular.
        if size < 2:
            return _("%(count)d\u00a0octet") % {"count": size}
        return _("%(count)d\u00a0octets") % {"count": size}
    unit, divisor = (_("Mo"), MEGABYTE) if size >= MEGABYTE else (_("ko"), 1024)
    value = (Decimal(size) / divisor).quantize(Decimal("0.1"), rounding=rounding)
    text = f"{value:f}".removesuffix(".0").replace(".", ",")
    return f"{text}\u00a0{unit}"


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def _read_at(file: IO[bytes], offset: int, length: int) -> bytes:
    file.seek(offset)
    return file.read(length)


def _verify_image(file: IO[bytes], pillow_format: str) -> bool:
    """Whether Pillow reads the whole image without error.

    ``verify()`` checks the structure (PNG chunk checksums) but must be followed by a fresh open
    and a full ``load()`` to catch truncated pixel data, e.g. a JPEG cut short by a failed upload.
    """
    try:
        file.seek(0)
        with Image.open(file, formats=[pillow_format]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ImageTooLargeError(f"{width}×{height} pixels")
            image.verify()
        file.seek(0)
        with Image.open(file, formats=[pillow_format]) as image:
            image.load()
    except ImageTooLargeError:
        raise
    except Exception:  # Pillow raises many types (OSError, SyntaxError, ValueError, struct.error).
        return False
    return True


def _detect(file: IO[bytes]) -> str | None:
    """``detect_kind``, but lets ``ImageTooLargeError`` through so the caller can say so."""
    head = _read_at(file, 0, 16)
    if head.startswith(PDF_SIGNATURE):
        size = _file_size(file)
        tail = _read_at(file, max(0, size - PDF_TAIL_BYTES), PDF_TAIL_BYTES)
        return "pdf" if PDF_END_MARKER in tail else None
    if head.startswith(JPEG_SIGNATURE):
        return "jpeg" if _verify_image(file, "JPEG") else None
    if head.startswith(PNG_SIGNATURE):
        return "png" if _verify_image(file, "PNG") else None
    return None


def detect_kind(file: IO[bytes]) -> str | None:
    """The kind of document ``file`` really is ("pdf", "jpeg", "png"), or None if none of them.

    Only the content is looked at, never the name. The file is read (the whole of it for images)
    and rewound to its start afterwards, so it can be saved as is. An image above
    ``MAX_IMAGE_PIXELS`` gives None.
    """
    try:
        return _detect(file)
    except ImageTooLargeError:
        return None
    finally:
        file.seek(0)


def _display_name(file: Any) -> str:
    return PurePath(str(getattr(file, "name", "") or _("sans nom"))).name


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().removeprefix(".")


def validate_upload(
    file: Any,
    *,
    allowed: Sequence[str] = DEFAULT_KINDS,
    max_bytes: int | None = None,
) -> str:
    """Check an uploaded file and return its kind, or raise ``ValidationError`` in French.

    In order: the file is not empty, is not larger than ``max_bytes`` (``settings.UPLOAD_MAX_BYTES``
    by default, read at call time), is by content one of the ``allowed`` kinds, and its name ends
    with an extension of that kind: a PNG named ``.pdf`` is refused so that what the applicant
    sees in their folder matches what the instructeur opens. The size is checked before the
    content so that an oversized file is never decoded.
    """
    unknown = set(allowed) - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}.")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = _display_name(file)
    size = _file_size(file)
    if size == 0:
        raise ValidationError(
            _("Le fichier «\u00a0%(name)s\u00a0» est vide."),
            code="empty",
            params={"name": name},
        )
    if size > limit:
        raise ValidationError(
            _(
                "Le fichier «\u00a0%(name)s\u00a0» pèse %(size)s\u00a0: "
                "la taille maximale est de %(limit)s."
            ),
            code="too_large",
            params={
                "name": name,
                "size": format_file_size(size),
                "limit": format_file_size(limit, rounding=ROUND_DOWN),
            },
        )
    try:
        kind = _detect(file)
    except ImageTooLargeError:
        raise ValidationError(
            _(
                "L'image «\u00a0%(name)s\u00a0» est trop grande (plus de %(pixels)s millions de "
                "pixels)\u00a0: réduisez sa résolution ou enregistrez-la en PDF."
            ),
            code="image_too_large",
            params={"name": name, "pixels": MAX_IMAGE_PIXELS // 1_000_000},
        ) from None
    finally:
        file.seek(0)
    if kind not in allowed:
        raise ValidationError(
            _("Le fichier «\u00a0%(name)s\u00a0» n'est pas un document %(kinds)s valide."),
            code="invalid_content",
            params={"name": name, "kinds": kinds_label(allowed)},
        )
    info = KINDS[kind]
    if _extension(name) not in info.extensions:
        raise ValidationError(
            _(
                "Le fichier «\u00a0%(name)s\u00a0» contient %(description)s mais son nom ne se "
                "termine pas par %(extensions)s\u00a0: renommez-le puis déposez-le à nouveau."
            ),
            code="extension_mismatch",
            params={
                "name": name,
                "description": info.description,
                "extensions": _join_fr([f".{ext}" for ext in info.extensions], last=_("ou")),
            },
        )
    return kind


def upload_help_text(allowed: Sequence[str] = DEFAULT_KINDS, max_bytes: int | None = None) -> str:
    """The sentence shown next to every upload field, computed from the same limit as the check."""
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    return _("Formats acceptés\u00a0: %(kinds)s. Taille maximale\u00a0: %(limit)s.") % {
        "kinds": ", ".join(KINDS[kind].label for kind in allowed),
        "limit": format_file_size(limit, rounding=ROUND_DOWN),
    }


def accept_attribute(allowed: Sequence[str] = DEFAULT_KINDS) -> str:
    """The ``accept`` attribute of the file input: MIME types and extensions (older browsers)."""
    values: list[str] = []
    for kind in allowed:
        values.append(KINDS[kind].mime_type)
        values.extend(f".{ext}" for ext in KINDS[kind].extensions)
    return ",".join(values)


_lazy_help_text = lazy(upload_help_text, str)


class DocumentFileField(forms.FileField):
    """A file field that accepts only the allowed kinds of document, checked by content.

    The help text and the limit are read from settings when used (not when the form class is
    defined), so ``UPLOAD_MAX_BYTES`` can change per environment and in tests. Empty files are
    handled by ``validate_upload`` to get a message naming the file.
    """

    def __init__(
        self,
        *,
        allowed: Sequence[str] = DEFAULT_KINDS,
        max_bytes: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes
        kwargs.setdefault("help_text", _lazy_help_text(self.allowed, max_bytes))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> Any:
        """Validate only new uploads: an already stored file (initial value) is not re-read."""
        file = super().to_python(data)
        if file is not None:
            validate_upload(file, allowed=self.allowed, max_bytes=self.max_bytes)
        return file

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", accept_attribute(self.allowed))
        return attrs


# Folder names chosen by the code ("identite", "dossiers/pieces"): ASCII words, no dots.
_PREFIX_RE = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


def _safe_extension(filename: str) -> str:
    ext = _extension(filename)
    for info in KINDS.values():
        if ext in info.extensions:
            return info.extensions[0]
    return ext if ext.isascii() and ext.isalnum() and len(ext) <= 8 else ""


def private_upload_path(prefix: str, filename: str) -> str:
    """Storage name for an upload: ``private/<prefix>/<YYYY>/<uuid4 hex>.<ext>``.

    Nothing of the user's file name is kept except its lowercased extension, normalised per kind
    ("JPEG" → "jpg") since ``validate_upload`` has checked that it matches the content. The
    random name cannot be guessed, cannot escape the folder and never collides; the year keeps
    folders small and makes retention purges easy.
    """
    if not _PREFIX_RE.fullmatch(prefix):
        raise ValueError(f"Invalid upload prefix: {prefix!r}.")
    parts = prefix.split("/")
    ext = _safe_extension(filename)
    name = uuid.uuid4().hex + (f".{ext}" if ext else "")
    return "/".join(["private", *parts, str(dates.today().year), name])


@deconstructible(path="cnm_portal.uploads.PrivateUploadTo")
class PrivateUploadTo:
    """``upload_to`` for model FileFields; deconstructible so migrations can serialise it."""

    def __init__(self, prefix: str) -> None:
        private_upload_path(prefix, "")  # fail at model definition on a bad prefix
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        return private_upload_path(self.prefix, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def upload_to(prefix: str) -> Callable[[Any, str], str]:
    """``FileField(upload_to=upload_to("identite"))``: private, random, per-year names."""
    return PrivateUploadTo(prefix)


def delete_file_on_commit(fieldfile: Any) -> None:
    """Delete a stored file once the current transaction commits (at once outside one).

    A file deleted inside a transaction that then rolls back leaves a row pointing at nothing;
    deleting after the commit can at worst leave an orphan file, never a broken document. Only
    the name is kept: the row (and its ``FieldFile``) may be gone by then.
    """
    if not fieldfile:
        return
    storage, name = fieldfile.storage, fieldfile.name

    def delete() -> None:
        storage.delete(name)

    transaction.on_commit(delete)
