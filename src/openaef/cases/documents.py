"""Files kept with a case: what is accepted, decided by the content, and how it is stored.

The browser's declared type and the file name prove nothing: the format is read from the
first bytes (puremagic) and, for office documents, which are ZIP archives, from the archive's
table of contents. A file whose name says one format and whose content says another is
refused, so that a renamed program or web page never sits in a case as a "PDF".

Files are written to Django's default storage (VAR_DIR/media in production, outside the web
root and served by no URL) under a random name: the original name may itself be personal data
("report-on-Lea-Schmit.pdf") and is kept only in the database.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileFormat:
    code: str
    mime_type: str
    extensions: tuple[str, ...]
    label: str


FORMATS = {
    f.code: f
    for f in (
        FileFormat("pdf", "application/pdf", (".pdf",), "PDF"),
        FileFormat("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG"),
        FileFormat("png", "image/png", (".png",), "PNG"),
        FileFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word (DOCX)"),
        FileFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel (XLSX)"),
        FileFormat("odt", "application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument (ODT)"),
    )
}
_BY_MIME = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}
ACCEPT_ATTRIBUTE = ",".join(ext for f in FORMATS.values() for ext in f.extensions)


def max_bytes() -> int:
    return int(getattr(settings, "OPENAEF_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def accepted_formats_text() -> str:
    return ", ".join(f.label for f in FORMATS.values())


def human_size(size: int) -> str:
    """1.4 MB, 320 KB, 12 bytes: the decimal units people see in their file manager."""
    if size < 1000:
        return _("%(size)d bytes") % {"size": size}
    for unit in ("KB", "MB", "GB"):
        size_f = size / 1000
        if size_f < 1000 or unit == "GB":
            return f"{size_f:.1f} {unit}" if size_f < 10 else f"{size_f:.0f} {unit}"
        size = int(size_f)
    raise AssertionError("unreachable")


def _office_format(stream: IO[bytes]) -> str | None:
    """DOCX, XLSX or ODT from the archive's table of contents (no member is decompressed
    except ODT's tiny ``mimetype`` entry, read with a bound: no zip bomb can go off here)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                return None
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                with archive.open("mimetype") as member:
                    if member.read(100).strip() == FORMATS["odt"].mime_type.encode():
                        return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def sniff(stream: IO[bytes]) -> FileFormat | None:
    """The accepted format of the content of ``stream``, or None (the stream is rewound)."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        code = _office_format(stream)
        stream.seek(0)
        return FORMATS[code] if code else None
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    codes = {_BY_MIME[m.mime_type] for m in matches if m.mime_type in _BY_MIME}
    # Two accepted readings of the same bytes (a polyglot file) is one too many.
    return FORMATS[codes.pop()] if len(codes) == 1 else None


def clean_original_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters, bounded."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:255]
    return base or "document"


def check_upload(upload: UploadedFile) -> FileFormat:
    """The upload's format, or ValidationError({"file": ...}) saying what is wrong."""
    limit = max_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The selected file is empty.")}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The selected file must be smaller than %(size)s.") % {"size": human_size(limit)}}, code="size"
        )
    found = sniff(upload)
    if found is None:
        raise ValidationError(
            {"file": _("The selected file must be a %(formats)s.") % {"formats": accepted_formats_text()}}, code="format"
        )
    extension = PurePath(clean_original_name(upload.name or "")).suffix.lower()
    if extension not in found.extensions:
        raise ValidationError(
            {
                "file": _("The file's name does not match what it contains (a %(format)s file): check you chose the right file.")
                % {"format": found.label}
            },
            code="mismatch",
        )
    return found


def random_name(found: FileFormat) -> str:
    """A name that says nothing about the person: the model's ``upload_to`` adds cases/<year>/<month>/."""
    return f"{uuid.uuid4().hex}{found.extensions[0]}"


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
