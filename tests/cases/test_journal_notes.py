from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEvent, CaseEventKind, Confidentiality, JournalNote, NoteKind
from openaef.cases.selectors_journal import visible_notes
from openaef.cases.services_journal import note_add, note_update
from openaef.core.errors import StaleVersion
from tests.cases.journal_factories import (
    access_for,
    make_note,
)

pytestmark = pytest.mark.django_db


def add_url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_note_add", args=[case.pk])


def edit_url(note) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_note_edit", args=[note.case_id, note.pk])


def note_post(**changes: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "kind": NoteKind.CALL,
        "occurred_on_day": str(today.day),
        "occurred_on_month": str(today.month),
        "occurred_on_year": str(today.year),
        "title": "Appel de la mère",
        "text": "La mère a appelé pour fixer un rendez-vous.",
        "confidentiality": Confidentiality.NORMAL,
    }
    data.update(changes)
    return data


# The service ---------------------------------------------------------------------------------


def test_adding_a_note_records_the_timeline_and_the_audit_log(case, coordinator):
    note = note_add(
        actor=coordinator,
        access=access_for(case),
        kind=NoteKind.VISIT,
        occurred_on=timezone.localdate(),
        title="Première visite",
        text="Rencontre avec la famille.",
        confidentiality=Confidentiality.NORMAL,
    )
    assert note.author == coordinator and note.version == 1
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.NOTE)
    assert event.summary == "Première visite" and event.data["note"] == note.pk
    entry = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.journalnote", object_id=str(note.pk))
    assert entry.actor == coordinator
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_a_restricted_note_leaves_no_title_in_the_timeline(case, coordinator):
    note_add(
        actor=coordinator,
        access=access_for(case),
        kind=NoteKind.OBSERVATION,
        occurred_on=timezone.localdate(),
        title="Soupçon de violence",
        text="…",
        confidentiality=Confidentiality.RESTRICTED,
    )
    assert CaseEvent.objects.get(case=case, kind=CaseEventKind.NOTE).summary == ""


def test_a_note_cannot_be_dated_in_the_future(case, coordinator):
    with pytest.raises(ValidationError) as error:
        note_add(
            actor=coordinator,
            access=access_for(case),
            kind=NoteKind.VISIT,
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
            title="",
            text="x",
        )
    assert "occurred_on" in error.value.message_dict


def test_a_reader_without_the_right_to_change_the_case_cannot_add_a_note(case, colleague):
    with pytest.raises(PermissionDenied):
        note_add(
            actor=colleague,
            access=access_for(case, can_edit=False),
            kind=NoteKind.VISIT,
            occurred_on=timezone.localdate(),
            title="",
            text="x",
        )


def test_a_stale_version_is_refused(case, coordinator):
    note = make_note(case, coordinator)
    JournalNote.objects.filter(pk=note.pk).update(version=2)
    with pytest.raises(StaleVersion):
        note_update(
            actor=coordinator,
            access=access_for(case),
            note=note,
            expected_version=1,
            kind=note.kind,
            occurred_on=note.occurred_on,
            title="x",
            text="y",
            confidentiality=note.confidentiality,
        )


def test_the_office_head_may_change_a_note_the_coordinator_wrote(case, coordinator, office_head):
    note = make_note(case, coordinator)
    updated = note_update(
        actor=office_head,
        access=access_for(case),
        note=note,
        expected_version=1,
        kind=note.kind,
        occurred_on=note.occurred_on,
        title="Corrigé",
        text=note.text,
        confidentiality=note.confidentiality,
    )
    assert updated.title == "Corrigé" and updated.version == 2
    entry = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(note.pk))
    assert entry.fields == ["title"]


def test_another_author_may_not_change_a_note(case, coordinator, colleague):
    note = make_note(case, colleague)
    with pytest.raises(PermissionDenied):
        note_update(
            actor=coordinator,
            access=access_for(case),
            note=note,
            expected_version=1,
            kind=note.kind,
            occurred_on=note.occurred_on,
            title="x",
            text="y",
            confidentiality=note.confidentiality,
        )


# Confidentiality -----------------------------------------------------------------------------


def test_a_restricted_note_is_read_by_its_author_the_coordinator_and_the_office_head(case, coordinator, office_head, colleague):
    restricted = make_note(case, colleague, confidentiality=Confidentiality.RESTRICTED)
    by_coordinator = make_note(case, coordinator, confidentiality=Confidentiality.RESTRICTED)
    normal = make_note(case, coordinator)
    ro = access_for(case, can_edit=False)
    assert set(visible_notes(coordinator, access_for(case))) == {restricted, by_coordinator, normal}
    assert set(visible_notes(office_head, access_for(case))) == {restricted, by_coordinator, normal}
    # erik wrote one restricted note: he reads it, not the coordinator's.
    assert set(visible_notes(colleague, ro)) == {restricted, normal}


def test_an_emergency_access_reads_ordinary_notes_only(case, coordinator, other_coordinator):
    make_note(case, coordinator, confidentiality=Confidentiality.RESTRICTED)
    normal = make_note(case, coordinator)
    assert list(visible_notes(other_coordinator, access_for(case, can_edit=False, emergency=True))) == [normal]


def test_a_restricted_note_is_hidden_from_a_same_office_coordinator_who_is_not_assigned(login, case, coordinator, colleague):
    note = make_note(case, coordinator, confidentiality=Confidentiality.RESTRICTED, title="Confidentiel XYZ")
    response = login(colleague).get(reverse("backoffice:case_journal", args=[case.pk]))
    assert response.status_code == 200
    assert "Confidentiel XYZ" not in response.content.decode()
    assert login(coordinator).get(reverse("backoffice:case_journal", args=[case.pk])).content.decode().count("Confidentiel XYZ")
    # Nor can he reach it by its number.
    assert login(colleague).get(edit_url(note)).status_code in (403, 404)


# The pages: the three-user cast --------------------------------------------------------------


def test_the_coordinator_adds_a_note(login, case, coordinator):
    response = login(coordinator).post(add_url(case), note_post())
    assert response.status_code == 302
    note = JournalNote.objects.get(case=case)
    assert note.kind == NoteKind.CALL and note.author == coordinator


def test_the_add_page_shows_the_form(login, case, coordinator):
    response = login(coordinator).get(add_url(case))
    assert response.status_code == 200
    assert 'name="text"' in response.content.decode()


def test_a_coordinator_of_another_office_gets_not_found(login, case, other_coordinator):
    client = login(other_coordinator)
    assert client.get(add_url(case)).status_code == 404
    assert client.post(add_url(case), note_post()).status_code == 404
    assert not JournalNote.objects.exists()


def test_a_same_office_coordinator_who_only_reads_the_case_is_refused(login, case, colleague):
    assert login(colleague).post(add_url(case), note_post()).status_code == 403
    assert not JournalNote.objects.exists()


def test_an_outsider_is_refused(login, case, outsider):
    assert login(outsider).get(add_url(case)).status_code == 403
    assert login(outsider).get(reverse("backoffice:case_journal", args=[case.pk])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, case):
    response = client.get(add_url(case))
    assert response.status_code == 302 and "login" in response["Location"]


def test_errors_are_shown_next_to_the_field_and_the_input_is_kept(login, case, coordinator):
    response = login(coordinator).post(add_url(case), note_post(text="", title="Mon titre gardé"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'id="id_text-error"' in html
    assert 'value="Mon titre gardé"' in html


def test_the_author_edits_a_note(login, case, coordinator):
    note = make_note(case, coordinator)
    client = login(coordinator)
    assert client.get(edit_url(note)).status_code == 200
    response = client.post(edit_url(note), note_post(version="1", text="Texte corrigé"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Texte corrigé" and note.version == 2


def test_a_version_conflict_keeps_what_was_typed(login, case, coordinator, office_head):
    note = make_note(case, coordinator, text="Version d'origine")
    JournalNote.objects.filter(pk=note.pk).update(text="Version du chef", version=2)
    response = login(coordinator).post(edit_url(note), note_post(version="1", text="Ma version à moi"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "Ma version à moi" in html  # kept in the form
    assert "Version du chef" in html  # the current version shown beside it
    assert response.context["form"]["version"].value() == "2"
    note.refresh_from_db()
    assert note.text == "Version du chef"


def test_the_edit_page_of_another_office_s_note_is_not_found(login, case, coordinator, other_coordinator):
    note = make_note(case, coordinator)
    assert login(other_coordinator).get(edit_url(note)).status_code == 404


def test_a_note_of_another_case_is_not_found_through_this_case(login, case, coordinator, office):
    from tests.cases.journal_factories import make_case

    other = make_case(office=office, coordinator=coordinator)
    note = make_note(other, coordinator)
    url = reverse("backoffice:case_note_edit", args=[case.pk, note.pk])
    assert login(coordinator).get(url).status_code == 404
