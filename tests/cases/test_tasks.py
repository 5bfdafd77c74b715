from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEvent, CaseEventKind, CaseTask, TaskKind
from openaef.cases.services_journal import task_add, task_complete, task_reopen, task_update
from openaef.core.errors import StaleVersion
from tests.cases.journal_factories import (
    access_for,
    make_task,
)

pytestmark = pytest.mark.django_db
D = dt.date


def add(case, actor, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("kind", TaskKind.TASK)
    fields.setdefault("title", "Envoyer le rapport")
    return task_add(actor=actor, access=access_for(case), **fields)


# The services --------------------------------------------------------------------------------


def test_a_deadline_is_computed_from_its_rule(case, coordinator):
    task = add(case, coordinator, kind=TaskKind.DEADLINE, rule="business_days:10", start=D(2026, 12, 21))
    assert task.due_on == D(2027, 1, 6)
    assert task.rule == "business_days:10 from 2026-12-21"
    assert task.remind_on == D(2026, 12, 31)  # three working days before, New Year's Day skipped
    assert task.assigned_to == coordinator  # the case's coordinator by default


def test_a_deadline_cannot_be_typed_by_hand(case, coordinator):
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, kind=TaskKind.DEADLINE, due_on=D(2026, 12, 1))
    assert "rule" in error.value.message_dict


def test_a_task_may_have_a_typed_due_date(case, coordinator):
    task = add(case, coordinator, due_on=D(2026, 12, 4), remind_days_before=None)
    assert task.due_on == D(2026, 12, 4) and task.rule == "" and task.remind_on is None


def test_a_rule_needs_a_start_date_and_excludes_a_typed_date(case, coordinator):
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, rule="months:6", due_on=D(2026, 12, 4))
    assert set(error.value.message_dict) == {"start", "due_on"}


def test_a_task_can_only_be_given_to_someone_working_on_the_case(case, coordinator, other_coordinator, colleague):
    with pytest.raises(ValidationError) as error:
        add(case, coordinator, due_on=D(2026, 12, 4), assigned_to=other_coordinator)
    assert "assigned_to" in error.value.message_dict
    assert add(case, coordinator, due_on=D(2026, 12, 4), assigned_to=colleague).assigned_to == colleague


def test_adding_a_task_records_the_timeline_and_the_audit_log(case, coordinator):
    task = add(case, coordinator, due_on=D(2026, 12, 4))
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.TASK, data__task=task.pk, data__action="added").exists()
    entry = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.casetask", object_id=str(task.pk))
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_a_reader_cannot_add_a_task(case, colleague):
    with pytest.raises(PermissionDenied):
        task_add(actor=colleague, access=access_for(case, can_edit=False), kind=TaskKind.TASK, title="x", due_on=D(2026, 12, 4))


def test_completing_and_reopening_a_task(case, coordinator):
    task = make_task(case)
    done = task_complete(actor=coordinator, access=access_for(case), task=task, expected_version=1)
    assert done.done_at is not None and done.done_by == coordinator and done.version == 2
    # A second click changes nothing.
    assert task_complete(actor=coordinator, access=access_for(case), task=done, expected_version=1).version == 2
    reopened = task_reopen(actor=coordinator, access=access_for(case), task=done, expected_version=2)
    assert reopened.done_at is None and reopened.done_by is None and reopened.version == 3
    actions = list(CaseEvent.objects.filter(case=case, kind=CaseEventKind.TASK).values_list("data__action", flat=True))
    assert sorted(actions) == ["done", "reopened"]


def test_the_assignee_may_complete_a_task_on_a_case_they_only_read(case, colleague):
    task = make_task(case, assigned_to=colleague)
    done = task_complete(actor=colleague, access=access_for(case, can_edit=False), task=task, expected_version=1)
    assert done.done_by == colleague


def test_someone_else_who_only_reads_the_case_may_not_complete_it(case, coordinator, colleague):
    task = make_task(case, assigned_to=coordinator)
    with pytest.raises(PermissionDenied):
        task_complete(actor=colleague, access=access_for(case, can_edit=False), task=task, expected_version=1)


def test_changing_the_due_date_sends_the_reminder_again(case, coordinator):
    task = add(case, coordinator, due_on=D(2026, 12, 4))
    CaseTask.objects.filter(pk=task.pk).update(reminded_at=timezone.now())
    task.refresh_from_db()
    updated = task_update(
        actor=coordinator,
        access=access_for(case),
        task=task,
        expected_version=1,
        kind=TaskKind.TASK,
        title=task.title,
        due_on=D(2026, 12, 11),
        assigned_to=coordinator,
    )
    assert updated.due_on == D(2026, 12, 11) and updated.reminded_at is None and updated.version == 2


def test_a_stale_task_update_is_refused(case, coordinator):
    task = add(case, coordinator, due_on=D(2026, 12, 4))
    CaseTask.objects.filter(pk=task.pk).update(version=5)
    with pytest.raises(StaleVersion):
        task_update(
            actor=coordinator,
            access=access_for(case),
            task=task,
            expected_version=1,
            kind=TaskKind.TASK,
            title="x",
            due_on=D(2026, 12, 11),
        )


# The pages -----------------------------------------------------------------------------------


def add_url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_task_add", args=[case.pk])


def rule_post(coordinator, **changes):  # type: ignore[no-untyped-def]
    data = {
        "kind": TaskKind.DEADLINE,
        "title": "Réponse au tribunal",
        "details": "",
        "rule_count": "10",
        "rule_unit": "business_days",
        "start_day": "21",
        "start_month": "12",
        "start_year": "2026",
        "assigned_to": str(coordinator.pk),
        "remind_days_before": "3",
    }
    data.update(changes)
    return data


def test_the_coordinator_adds_a_deadline_from_a_rule(login, case, coordinator):
    client = login(coordinator)
    assert client.get(add_url(case)).status_code == 200
    response = client.post(add_url(case), rule_post(coordinator))
    assert response.status_code == 302
    assert CaseTask.objects.get(case=case).due_on == D(2027, 1, 6)


def test_a_rule_without_its_unit_is_shown_next_to_the_field(login, case, coordinator):
    response = login(coordinator).post(add_url(case), rule_post(coordinator, rule_unit=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_rule_unit-error"' in html
    assert 'value="Réponse au tribunal"' in html


def test_a_deadline_typed_by_hand_is_refused_next_to_the_rule(login, case, coordinator):
    data = rule_post(coordinator, rule_count="", rule_unit="", start_day="", start_month="", start_year="")
    data.update({"due_on_day": "4", "due_on_month": "12", "due_on_year": "2026"})
    response = login(coordinator).post(add_url(case), data)
    assert response.status_code == 200
    assert 'id="id_rule_unit-error"' in response.content.decode()
    assert not CaseTask.objects.exists()


def test_the_edit_page_reads_the_rule_back(login, case, coordinator):
    task = add(case, coordinator, kind=TaskKind.DEADLINE, rule="months:6", start=D(2026, 1, 15))
    response = login(coordinator).get(reverse("backoffice:case_task_edit", args=[case.pk, task.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["rule_count"] == 6 and form.initial["rule_unit"] == "months"
    assert form.initial["start"] == D(2026, 1, 15) and form.initial["remind_days_before"] == 3


def test_a_task_edit_conflict_keeps_what_was_typed(login, case, coordinator):
    task = add(case, coordinator, due_on=D(2026, 12, 4))
    CaseTask.objects.filter(pk=task.pk).update(title="Changé par un collègue", version=2)
    data = rule_post(coordinator, kind=TaskKind.TASK, title="Mon titre", version="1")
    response = login(coordinator).post(reverse("backoffice:case_task_edit", args=[case.pk, task.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mon titre" in html and "Changé par un collègue" in html


def test_the_done_and_undo_buttons(login, case, coordinator):
    task = make_task(case)
    client = login(coordinator)
    done_url = reverse("backoffice:case_task_complete", args=[case.pk, task.pk])
    assert client.get(done_url).status_code == 405
    assert client.post(done_url, {"version": "1", "back": "journal"}).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    client.post(reverse("backoffice:case_task_reopen", args=[case.pk, task.pk]), {"version": "2"})
    task.refresh_from_db()
    assert task.done_at is None


def test_a_stale_done_button_changes_nothing_and_says_so(login, case, coordinator):
    task = make_task(case)
    CaseTask.objects.filter(pk=task.pk).update(version=3)
    response = login(coordinator).post(
        reverse("backoffice:case_task_complete", args=[case.pk, task.pk]), {"version": "1"}, follow=True
    )
    task.refresh_from_db()
    assert task.done_at is None
    assert "Someone else changed this deadline" in response.content.decode()


def test_task_pages_refuse_the_rest_of_the_cast(login, case, coordinator, colleague, other_coordinator, outsider):
    task = make_task(case)
    urls = [
        add_url(case),
        reverse("backoffice:case_task_edit", args=[case.pk, task.pk]),
    ]
    done_url = reverse("backoffice:case_task_complete", args=[case.pk, task.pk])
    for url in urls:
        assert login(other_coordinator).get(url).status_code == 404
        assert login(colleague).get(url).status_code == 403
        assert login(outsider).get(url).status_code == 403
    assert login(other_coordinator).post(done_url, {"version": "1"}).status_code == 404
    assert login(colleague).post(done_url, {"version": "1"}).status_code == 403
    assert login(outsider).post(done_url, {"version": "1"}).status_code == 403
    task.refresh_from_db()
    assert task.done_at is None
