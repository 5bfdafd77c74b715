from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import JournalNote, NoteKind
from openaef.rights.models import ExportStatus, FileExport, ItemDecision
from openaef.rights.selectors_export import PAGE_SIZE
from openaef.rights.services_export import export_discard, export_prepare, export_release

from .factories import Family, decide_all

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _review(export: FileExport) -> str:
    return reverse("backoffice:file_access_export_review", args=[export.pk])


def _release(export: FileExport) -> str:
    return reverse("backoffice:file_access_export_release", args=[export.pk])


def _decide(export: FileExport, item_pk: int) -> str:
    return reverse("backoffice:file_access_export_decide", args=[export.pk, item_pk])


def test_the_dpo_prepares_an_export_and_lands_on_the_review(dpo, family: Family):
    response = _client(dpo).post(reverse("backoffice:file_access_export_prepare", args=[family.request.pk]))

    export = FileExport.objects.get()
    assert response.status_code == 302
    assert response.url == _review(export)


def test_only_the_dpo_reaches_the_export_pages(dpo, family: Family, coordinator, intake_officer, outsider):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = export.items.first()
    assert item is not None
    urls = [_review(export), _release(export), reverse("backoffice:file_access_export_discard", args=[export.pk])]

    assert all(_client(dpo).get(url).status_code == 200 for url in urls)
    for user in (coordinator, intake_officer, outsider):
        client = _client(user)
        assert [client.get(url).status_code for url in urls] == [403, 403, 403]
        assert client.post(_decide(export, item.pk), {}).status_code == 403
        assert client.post(reverse("backoffice:file_access_export_prepare", args=[family.request.pk])).status_code == 403
    anonymous = Client().get(_review(export))
    assert anonymous.status_code == 302 and "login" in anonymous.url


def test_an_export_of_another_pack_is_not_found(dpo, family: Family, settings):  # type: ignore[no-untyped-def]
    export = export_prepare(actor=dpo, access_request=family.request)
    settings.OPENAEF_PACK = "fr"

    assert _client(dpo).get(_review(export)).status_code == 404


def test_the_review_page_marks_the_names_of_others(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    response = _client(dpo).get(_review(export) + "?show=all")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>MARC MULLER</mark>" in html
    assert "<mark>Léna" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_review_page_reads_a_bounded_number_of_queries(dpo, family: Family, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    export = export_prepare(actor=dpo, access_request=family.request)
    client = _client(dpo)
    client.get(_review(export))

    with django_assert_max_num_queries(12):
        response = client.get(_review(export) + "?show=all")

    assert response.status_code == 200
    assert len(response.context["rows"]) == export.items.count()


def test_a_long_file_is_reviewed_page_by_page(dpo, family: Family, coordinator, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    JournalNote.objects.bulk_create(
        JournalNote(case=family.case, author=coordinator, kind=NoteKind.CALL, occurred_on=dt.date(2026, 3, 1), text=f"Call {n}")
        for n in range(30)
    )
    export = export_prepare(actor=dpo, access_request=family.request)
    client = _client(dpo)
    client.get(_review(export))

    with django_assert_max_num_queries(12):
        first = client.get(_review(export))
    last = client.get(_review(export) + "?show=pending&page=2")

    total = export.items.count()
    assert total > PAGE_SIZE
    assert len(first.context["rows"]) == PAGE_SIZE
    assert len(last.context["rows"]) == total - PAGE_SIZE
    assert 'aria-current="page">2</a>' in last.content.decode()


def test_a_decision_is_saved_one_item_at_a_time(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = export.items.get(source_id=family.note.pk, source="cases.journalnote")
    prefix = f"item{item.pk}"

    response = _client(dpo).post(
        _decide(export, item.pk),
        {
            f"{prefix}-version": export.version,
            f"{prefix}-decision": "redact",
            f"{prefix}-released_text": item.released_text,
            "show": "pending",
            "page": "1",
        },
    )

    assert response.status_code == 302
    assert response.url == _review(export) + "?show=pending&page=1"
    item.refresh_from_db()
    assert item.decision == ItemDecision.REDACT
    assert export.items.filter(decision=ItemDecision.PENDING).count() == export.items.count() - 1


def test_a_withholding_without_a_reason_is_shown_next_to_the_field(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = export.items.get(source_id=family.note.pk, source="cases.journalnote")
    prefix = f"item{item.pk}"

    response = _client(dpo).post(
        _decide(export, item.pk),
        {f"{prefix}-version": export.version, f"{prefix}-decision": "withhold", f"{prefix}-released_text": "kept"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{prefix}-reason_category_0"' in html
    assert f'id="id_{prefix}-reason_category-error"' in html
    item.refresh_from_db()
    assert item.decision == ItemDecision.PENDING


def test_release_is_refused_while_items_are_pending(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    page = _client(dpo).get(_release(export))
    response = _client(dpo).post(_release(export), {"version": export.version})

    assert "Decide every item before releasing the copy." in page.content.decode()
    assert response.status_code == 400
    export.refresh_from_db()
    assert export.status == ExportStatus.REVIEW


def test_a_double_click_on_release_makes_one_pdf(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    decide_all(export)
    client = _client(dpo)

    first = client.post(_release(export), {"version": export.version})
    second = client.post(_release(export), {"version": export.version})

    assert first.status_code == 302 and second.status_code == 302
    export.refresh_from_db()
    assert export.status == ExportStatus.RELEASED
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(export.pk)).count() == 1


def test_the_released_pdf_is_downloaded_as_an_attachment_named_by_reference(dpo, family: Family, coordinator):
    export = export_prepare(actor=dpo, access_request=family.request)
    decide_all(export)
    _client(dpo).post(_release(export), {"version": export.version})
    url = reverse("backoffice:file_access_export_pdf", args=[export.pk])

    response = _client(dpo).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == f'attachment; filename="file-{family.request.reference}.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(export.pk)).count() == 2
    assert _client(coordinator).get(url).status_code == 403


def test_a_pdf_not_yet_released_is_not_found(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    assert _client(dpo).get(reverse("backoffice:file_access_export_pdf", args=[export.pk])).status_code == 404


def test_the_request_page_section_offers_to_prepare_then_to_continue(dpo, family: Family, rf):  # type: ignore[no-untyped-def]
    request = rf.get("/")
    request.user = dpo
    context = {"access_request": family.request, "can_handle": True}

    before = render_to_string("backoffice/rights_export/_on_request.html", context, request=request)
    export = export_prepare(actor=dpo, access_request=family.request)
    during = render_to_string("backoffice/rights_export/_on_request.html", context, request=request)

    assert reverse("backoffice:file_access_export_prepare", args=[family.request.pk]) in before
    assert _review(export) in during
    assert f"0 of {export.items.count()}" not in during
    assert f"{export.items.count()} of {export.items.count()} items still to review" in during


def test_the_request_page_lists_a_discarded_export_with_why(dpo, family: Family, rf):  # type: ignore[no-untyped-def]
    request = rf.get("/")
    request.user = dpo
    export = export_prepare(actor=dpo, access_request=family.request)
    export_discard(actor=dpo, export=export, expected_version=export.version, reason="The file was completed since.")

    html = render_to_string(
        "backoffice/rights_export/_on_request.html", {"access_request": family.request, "can_handle": True}, request=request
    )

    assert "Discarded exports" in html
    assert "discarded: The file was completed since." in html


def test_the_request_history_reads_the_exports_steps(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    decide_all(export)
    export_release(actor=dpo, export=export, expected_version=export.version)
    total = export.items.count()

    html = _client(dpo).get(reverse("backoffice:file_access_detail", args=[family.request.pk])).content.decode()

    assert "Export of the file prepared (Dora Protection)" in html
    assert f"Export of the file released: {total} items released, 0 redacted, 0 withheld (Dora Protection)" in html
