"""Complaints: recorded, assigned to a coordinator of the office with an answer deadline and a
task, answered by that coordinator, or withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openaef.cases.models import CaseTask, TaskKind
from openaef.cases.selectors import get_case_for
from openaef.consents import services
from openaef.consents.states import ComplaintStatus
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from tests.people.factories import PersonFactory

from .factories import make_complaint

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_complaint_comes_from_a_person_of_the_case(access, parents):
    complaint = services.complaint_record(
        actor=access.case.coordinator, access=access, received_on=TODAY, from_person=parents[0], about="Too few visits."
    )
    assert complaint.status == ComplaintStatus.RECEIVED
    with pytest.raises(ValidationError) as error:
        services.complaint_record(
            actor=access.case.coordinator, access=access, received_on=TODAY, from_person=PersonFactory(), about="x"
        )
    assert "from_person" in error.value.message_dict


def test_assigning_without_a_pack_rule_needs_the_due_date_and_gives_the_assignee_a_task(case, access, parents, colleague):
    complaint = make_complaint(case, parents[0], received_on=TODAY - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        services.complaint_assign(
            actor=case.coordinator, access=access, complaint=complaint, expected_version=1, assignee=colleague
        )
    assert "answer_due_on" in error.value.message_dict
    due = TODAY + dt.timedelta(days=20)
    services.complaint_assign(
        actor=case.coordinator, access=access, complaint=complaint, expected_version=1, assignee=colleague, answer_due_on=due
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assigned_to, complaint.answer_due_on) == (ComplaintStatus.ASSIGNED, colleague, due)
    task = CaseTask.objects.get(pk=complaint.answer_task_id)
    assert (task.assigned_to, task.due_on, task.kind) == (colleague, due, TaskKind.TASK)


def test_with_a_pack_rule_the_answer_is_due_from_the_day_received(case, access, parents, colleague, with_rules):
    with_rules(complaint_answer_within="months:1")
    complaint = make_complaint(case, parents[0], received_on=dt.date(2026, 3, 2))
    services.complaint_assign(actor=case.coordinator, access=access, complaint=complaint, expected_version=1, assignee=colleague)
    complaint.refresh_from_db()
    assert complaint.answer_due_on == dt.date(2026, 4, 2)
    assert CaseTask.objects.get(pk=complaint.answer_task_id).kind == TaskKind.DEADLINE


def test_only_a_coordinator_of_the_office_can_be_assigned(case, access, parents, other_coordinator, office_head):
    complaint = make_complaint(case, parents[0])
    for someone in (other_coordinator, office_head):
        with pytest.raises(ValidationError) as error:
            services.complaint_assign(
                actor=case.coordinator,
                access=access,
                complaint=complaint,
                expected_version=1,
                assignee=someone,
                answer_due_on=TODAY,
            )
        assert "assignee" in error.value.message_dict


def test_reassigning_moves_the_task_to_the_new_coordinator(case, access, parents, colleague, coordinator):
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    services.complaint_assign(
        actor=case.coordinator, access=access, complaint=complaint, expected_version=1, assignee=colleague, answer_due_on=TODAY
    )
    complaint.refresh_from_db()
    first_task = complaint.answer_task_id
    services.complaint_assign(
        actor=case.coordinator, access=access, complaint=complaint, expected_version=2, assignee=coordinator, answer_due_on=TODAY
    )
    complaint.refresh_from_db()
    assert complaint.assigned_to == coordinator
    assert CaseTask.objects.get(pk=first_task).done_at is not None
    assert CaseTask.objects.get(pk=complaint.answer_task_id).assigned_to == coordinator


def test_the_assignee_sees_the_case_and_answers_though_they_may_not_change_it(case, access, parents, colleague):
    complaint = make_complaint(case, parents[0], received_on=TODAY - dt.timedelta(days=1))
    services.complaint_assign(
        actor=case.coordinator, access=access, complaint=complaint, expected_version=1, assignee=colleague, answer_due_on=TODAY
    )
    theirs = get_case_for(colleague, case.pk)
    assert theirs.can_edit is False
    complaint.refresh_from_db()
    services.complaint_answer(
        actor=colleague,
        access=theirs,
        complaint=complaint,
        expected_version=complaint.version,
        answer="Visits every week.",
        answered_on=TODAY,
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answered_by, complaint.answered_on) == (ComplaintStatus.ANSWERED, colleague, TODAY)
    assert CaseTask.objects.get(pk=complaint.answer_task_id).done_at is not None


def test_a_reader_who_is_not_the_assignee_cannot_answer(case, access, parents, colleague, office):
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    third = UserFactory(roles=[(Role.COORDINATOR, office)])
    complaint = make_complaint(case, parents[0], status=ComplaintStatus.ASSIGNED, assigned_to=colleague)
    with pytest.raises(PermissionDenied):
        services.complaint_answer(
            actor=third,
            access=get_case_for(third, case.pk),
            complaint=complaint,
            expected_version=1,
            answer="x",
            answered_on=TODAY,
        )


def test_a_complaint_is_answered_only_once_assigned_and_with_an_answer(case, access, parents):
    complaint = make_complaint(case, parents[0])
    with pytest.raises(TransitionNotAllowed):
        services.complaint_answer(
            actor=case.coordinator, access=access, complaint=complaint, expected_version=1, answer="Fine.", answered_on=TODAY
        )
    with pytest.raises(ValidationError) as error:
        services.complaint_answer(
            actor=case.coordinator, access=access, complaint=complaint, expected_version=1, answer="", answered_on=None
        )
    assert set(error.value.message_dict) == {"answer", "answered_on"}


def test_a_withdrawal_needs_a_reason_and_a_fresh_version(case, access, parents):
    complaint = make_complaint(case, parents[0])
    with pytest.raises(StaleVersion):
        services.complaint_withdraw(actor=case.coordinator, access=access, complaint=complaint, expected_version=0, reason="x")
    services.complaint_withdraw(actor=case.coordinator, access=access, complaint=complaint, expected_version=1, reason="Settled.")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.WITHDRAWN
