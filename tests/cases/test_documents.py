from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEvent, CaseEventKind, Confidentiality, Document, DocumentType
from openaef.cases.services_journal import document_add
from tests.cases.journal_factories import (
    DOCX_BYTES,
    EXE_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    ODT_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    XLSX_BYTES,
    ZIP_BYTES,
    access_for,
    upload,
)

pytestmark = pytest.mark.django_db


def add(case, actor, file, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("title", "Rapport initial")
    fields.setdefault("document_type", DocumentType.REPORT)
    return document_add(actor=actor, access=access_for(case), upload=file, **fields)


def upload_url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_document_upload", args=[case.pk])


def download_url(document) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_document_download", args=[document.case_id, document.pk])


# What is accepted ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("rapport.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", PNG_BYTES, "image/png"),
        ("scan.jpg", JPEG_BYTES, "image/jpeg"),
        ("scan.JPEG", JPEG_BYTES, "image/jpeg"),
        ("lettre.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", XLSX_BYTES, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("compte-rendu.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_it_accepts_the_formats_it_can_recognise(case, coordinator, name, content, mime):
    document = add(case, coordinator, upload(name, content, "application/octet-stream"))
    assert document.content_type == mime
    assert document.original_name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", EXE_BYTES),  # a program renamed
        ("rapport.pdf", HTML_BYTES),  # a web page renamed
        ("lettre.docx", ZIP_BYTES),  # any ZIP archive is not a Word document
        ("notes.txt", b"plain text"),
        ("programme.exe", EXE_BYTES),
    ],
)
def test_it_refuses_content_it_does_not_accept(case, coordinator, name, content):
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, upload(name, content))
    assert "file" in error.value.message_dict
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("rapport.docx", PDF_BYTES), ("photo.png", JPEG_BYTES), ("rapport", PDF_BYTES)])
def test_it_refuses_a_name_that_does_not_match_the_content(case, coordinator, name, content):
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, upload(name, content))
    assert "does not match" in error.value.message_dict["file"][0]


def test_it_refuses_a_file_over_the_size_limit(case, coordinator, settings):
    settings.OPENAEF_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, upload("gros.pdf", PDF_BYTES + b"\0" * 1000))
    assert "smaller than" in error.value.message_dict["file"][0]


def test_it_refuses_an_empty_file(case, coordinator):
    with pytest.raises(ValidationError):
        add(case, coordinator, upload("vide.pdf", b""))


# How it is stored ----------------------------------------------------------------------------


def test_the_stored_name_is_random_and_says_nothing_about_the_person(case, coordinator):
    document = add(case, coordinator, upload("rapport-Lea-Schmit.pdf", PDF_BYTES))
    assert re.fullmatch(r"cases/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    assert "Schmit" not in document.file.name
    assert document.original_name == "rapport-Lea-Schmit.pdf"
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == PDF_BYTES


def test_two_uploads_of_the_same_name_get_different_files(case, coordinator):
    first = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    second = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    assert first.file.name != second.file.name


def test_the_original_name_loses_folders_and_control_characters(case, coordinator):
    document = add(case, coordinator, upload("C:\\Users\\x\\rap\x07port.pdf", PDF_BYTES))
    assert document.original_name == "rapport.pdf"


def test_files_are_stored_outside_the_static_files_and_served_by_no_url():
    from openaef.settings import base

    location = base.STORAGES["default"]["OPTIONS"]["location"]
    assert base.STATIC_ROOT not in location.parents and location != base.STATIC_ROOT
    assert all(location != d and d not in location.parents and location not in d.parents for d in base.STATICFILES_DIRS)
    assert not getattr(base, "MEDIA_URL", "")

    def callbacks(patterns):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    from django.views.static import serve

    assert serve not in set(callbacks(get_resolver().url_patterns))


def test_adding_a_document_records_the_timeline_and_the_audit_log(case, coordinator):
    document = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.DOCUMENT, data__document=document.pk).exists()
    entry = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.document", object_id=str(document.pk))
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


# The upload page -----------------------------------------------------------------------------


def form_data(file, **changes):  # type: ignore[no-untyped-def]
    data = {"title": "Bulletin scolaire", "document_type": DocumentType.SCHOOL, "confidentiality": "normal", "file": file}
    data.update(changes)
    return data


def test_the_coordinator_uploads_a_document(login, case, coordinator):
    client = login(coordinator)
    page = client.get(upload_url(case)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(upload_url(case), form_data(upload("bulletin.pdf", PDF_BYTES)))
    assert response.status_code == 302
    assert Document.objects.get(case=case).title == "Bulletin scolaire"


def test_a_refused_file_is_explained_next_to_the_field_and_the_rest_is_kept(login, case, coordinator):
    response = login(coordinator).post(upload_url(case), form_data(upload("bulletin.pdf", HTML_BYTES), title="Titre gardé"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_file-error"' in html
    assert "govuk-file-upload--error" in html
    assert 'value="Titre gardé"' in html
    assert "Choose the file again" in html
    assert not Document.objects.exists()


def test_a_coordinator_of_another_office_cannot_upload(login, case, other_coordinator):
    client = login(other_coordinator)
    assert client.get(upload_url(case)).status_code == 404
    assert client.post(upload_url(case), form_data(upload("a.pdf", PDF_BYTES))).status_code == 404
    assert not Document.objects.exists()


def test_a_reader_of_the_office_cannot_upload(login, case, colleague):
    assert login(colleague).post(upload_url(case), form_data(upload("a.pdf", PDF_BYTES))).status_code == 403


def test_an_outsider_cannot_upload(login, case, outsider):
    assert login(outsider).post(upload_url(case), form_data(upload("a.pdf", PDF_BYTES))).status_code == 403


# Downloads -----------------------------------------------------------------------------------


def test_the_download_is_an_attachment_never_cached_nor_sniffed(login, case, coordinator):
    document = add(case, coordinator, upload("Compte rendu éducatif.pdf", PDF_BYTES))
    response = login(coordinator).get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Compte%20rendu%20%C3%A9ducatif.pdf" in disposition
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_each_download_is_audited_as_an_export(login, case, coordinator):
    document = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    login(coordinator).get(download_url(document))
    entry = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="cases.document", object_id=str(document.pk))
    assert entry.actor == coordinator
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_a_reader_of_the_office_downloads_an_ordinary_document_but_not_a_restricted_one(login, case, coordinator, colleague):
    normal = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    restricted = add(case, coordinator, upload("b.pdf", PDF_BYTES), confidentiality=Confidentiality.RESTRICTED)
    client = login(colleague)
    assert client.get(download_url(normal)).status_code == 200
    assert client.get(download_url(restricted)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(restricted.pk)).exists()


def test_the_office_head_downloads_a_restricted_document(login, case, coordinator, office_head):
    restricted = add(case, coordinator, upload("b.pdf", PDF_BYTES), confidentiality=Confidentiality.RESTRICTED)
    assert login(office_head).get(download_url(restricted)).status_code == 200


def test_a_coordinator_of_another_office_cannot_download(login, case, coordinator, other_coordinator):
    document = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    assert login(other_coordinator).get(download_url(document)).status_code == 404


def test_an_outsider_cannot_download(login, case, coordinator, outsider):
    document = add(case, coordinator, upload("a.pdf", PDF_BYTES))
    assert login(outsider).get(download_url(document)).status_code == 403


def test_a_document_of_another_case_is_not_found_through_this_case(login, case, coordinator, office):
    from tests.cases.journal_factories import make_case

    other = make_case(office=office, coordinator=coordinator)
    document = add(other, coordinator, upload("a.pdf", PDF_BYTES))
    url = reverse("backoffice:case_document_download", args=[case.pk, document.pk])
    assert login(coordinator).get(url).status_code == 404
