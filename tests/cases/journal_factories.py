"""Cases, notes, documents, tasks and files for the journal tests.

The cast around a case (``case``, ``coordinator``, ``office_head``, ``colleague``,
``other_coordinator``, ``outsider``, ``login``) comes from tests/conftest.py and
tests/cases/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openaef.cases.models import CaseFile, CaseTask, Confidentiality, JournalNote, NoteKind
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import Office
from openaef.people.models import Person

_counter = iter(range(1, 10**6))


def make_case(*, office: Office, coordinator: Any = None, **fields: Any) -> CaseFile:
    number = next(_counter)
    child = Person.objects.create(pack="lu", surname="Schmit", first_names="Léa", birth_date=dt.date(2015, 5, 17))
    return CaseFile.objects.create(
        pack="lu",
        reference=fields.pop("reference", f"T-{number:06d}"),
        child=child,
        office=office,
        coordinator=coordinator,
        opened_on=fields.pop("opened_on", dt.date(2026, 1, 5)),
        **fields,
    )


def make_note(case: CaseFile, author: Any, **fields: Any) -> JournalNote:
    fields.setdefault("kind", NoteKind.VISIT)
    fields.setdefault("occurred_on", timezone.localdate())
    fields.setdefault("text", "Visite à domicile, la famille était présente.")
    fields.setdefault("confidentiality", Confidentiality.NORMAL)
    return JournalNote.objects.create(case=case, author=author, **fields)


def make_task(case: CaseFile, **fields: Any) -> CaseTask:
    fields.setdefault("title", "Appeler l'école")
    fields.setdefault("due_on", timezone.localdate())
    fields.setdefault("assigned_to", case.coordinator)
    return CaseTask.objects.create(case=case, **fields)


def access_for(case: CaseFile, *, can_edit: bool = True, emergency: bool = False) -> CaseAccess:
    return CaseAccess(case=case, can_edit=can_edit, emergency=emergency)


# Files: the first bytes of each format, enough for the content check.
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 32
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode."
)
HTML_BYTES = b"<!DOCTYPE html><html><head><script>alert(1)</script></head><body>x</body></html>"


def zip_bytes(members: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
XLSX_BYTES = zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
ODT_BYTES = zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")])
ZIP_BYTES = zip_bytes([("notes.txt", "hello")])


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
