from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.cases.models import Confidentiality, Document, DocumentType, NoteKind
from openaef.cases.selectors_journal import CASE_PAGE_NOTES, JOURNAL_PAGE_SIZE, journal_context
from tests.cases.journal_factories import (
    access_for,
    make_note,
    make_task,
)

pytestmark = pytest.mark.django_db


def journal_url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_journal", args=[case.pk])


def notes(case, author, count, **fields):  # type: ignore[no-untyped-def]
    start = timezone.localdate()
    return [make_note(case, author, occurred_on=start - dt.timedelta(days=i), title=f"Note {i}", **fields) for i in range(count)]


def test_the_journal_lists_the_notes_newest_first(login, case, coordinator):
    notes(case, coordinator, 3)
    response = login(coordinator).get(journal_url(case))
    assert response.status_code == 200
    assert [n.title for n in response.context["page"].items] == ["Note 0", "Note 1", "Note 2"]


def test_the_journal_filters_by_kind(login, case, coordinator):
    make_note(case, coordinator, kind=NoteKind.CALL, title="Un appel")
    make_note(case, coordinator, kind=NoteKind.VISIT, title="Une visite")
    response = login(coordinator).get(journal_url(case), {"kind": NoteKind.CALL})
    assert [n.title for n in response.context["page"].items] == ["Un appel"]


def test_the_journal_pages_with_a_cursor(login, case, coordinator):
    notes(case, coordinator, JOURNAL_PAGE_SIZE + 2)
    client = login(coordinator)
    first = client.get(journal_url(case)).context["page"]
    assert len(first.items) == JOURNAL_PAGE_SIZE and first.next_cursor
    second = client.get(journal_url(case), {"cursor": first.next_cursor}).context["page"]
    assert [n.title for n in second.items] == [f"Note {JOURNAL_PAGE_SIZE}", f"Note {JOURNAL_PAGE_SIZE + 1}"]


def test_the_journal_costs_the_same_whatever_the_number_of_notes(login, case, coordinator):
    client = login(coordinator)
    notes(case, coordinator, 2)
    client.get(journal_url(case))  # warm up: session, roles
    with CaptureQueriesContext(connection) as few:
        assert client.get(journal_url(case)).status_code == 200
    notes(case, coordinator, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(journal_url(case))
    assert len(many) == len(few)
    assert len(few) <= 12


def test_the_journal_is_read_by_an_office_reader_but_not_by_another_office(login, case, colleague, other_coordinator, outsider):
    assert login(colleague).get(journal_url(case)).status_code == 200
    assert login(other_coordinator).get(journal_url(case)).status_code == 404
    assert login(outsider).get(journal_url(case)).status_code == 403


def test_the_journal_shows_no_add_link_to_a_reader(login, case, colleague):
    html = login(colleague).get(journal_url(case)).content.decode()
    assert reverse("backoffice:case_note_add", args=[case.pk]) not in html


# The case page's sections (included by the case page) ------------------------------------


def render_sections(user, access) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("backoffice/cases/journal/_case_sections.html", journal_context(user, access), request=request)


def test_the_sections_show_notes_documents_and_tasks(case, coordinator):
    make_note(case, coordinator, title="Première visite")
    Document.objects.create(
        case=case,
        uploaded_by=coordinator,
        document_type=DocumentType.REPORT,
        title="Rapport initial",
        file="cases/2026/11/x.pdf",
        original_name="r.pdf",
        content_type="application/pdf",
        size=1_400_000,
        sha256="0" * 64,
    )
    make_task(case, title="Appeler l'école", due_on=timezone.localdate() - dt.timedelta(days=2))
    html = render_sections(coordinator, access_for(case))
    assert "Première visite" in html
    assert "Rapport initial" in html and "1.3\xa0MB" in html
    assert "Appeler l&#x27;école" in html and "Overdue" in html
    assert reverse("backoffice:case_note_add", args=[case.pk]) in html
    assert reverse("backoffice:case_task_complete", args=[case.pk, case.tasks.get().pk]) in html


def test_the_sections_keep_the_last_notes_and_link_to_the_journal(case, coordinator):
    notes(case, coordinator, CASE_PAGE_NOTES + 1)
    context = journal_context(coordinator, access_for(case))
    assert len(context["journal_notes"]) == CASE_PAGE_NOTES and context["journal_more_notes"]
    assert "See all the notes" in render_sections(coordinator, access_for(case))


def test_the_sections_hide_restricted_entries_and_write_links_from_a_reader(case, coordinator, colleague):
    make_note(case, coordinator, title="Secret", confidentiality=Confidentiality.RESTRICTED)
    make_note(case, coordinator, title="Ordinaire")
    html = render_sections(colleague, access_for(case, can_edit=False))
    assert "Ordinaire" in html and "Secret" not in html
    assert reverse("backoffice:case_note_add", args=[case.pk]) not in html


def test_the_sections_cost_a_bounded_number_of_queries(case, coordinator, django_assert_max_num_queries):
    notes(case, coordinator, 25)
    for i in range(10):
        make_task(case, title=f"T{i}")
    access = access_for(case)
    with django_assert_max_num_queries(5):
        journal_context(coordinator, access)
