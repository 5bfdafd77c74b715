from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openaef.audit.models import AuditEvent
from openaef.cases.models import CaseEvent, CaseFile, JournalNote
from openaef.cases.selectors import get_case_for, visible_cases
from openaef.hotline.models import Call, FollowUpEntry, MissingChildFollowUp
from openaef.intake.models import HelpRequest
from openaef.intake.states import RequestStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.rights.models import FileAccessRequest, RetentionAction, RetentionRun
from openaef.rights.retention import retention_preview, retention_run

from .conftest import AS_OF, noon, rules_with
from .factories import closed_access_request, closed_call, closed_case, closed_follow_up, ended_request

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_a_closed_case_just_past_its_period_is_archived_and_one_a_day_younger_is_not(office, rules, cutoff, dpo):
    old = closed_case(office, cutoff)
    young = closed_case(office, cutoff + DAY)
    run = retention_run(as_of=AS_OF, rules=rules)
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.archived_at is not None
    assert young.archived_at is None
    assert run.error == "" and run.finished_at is not None
    entry = run.summary["case_files"]
    assert (entry["looked_at"], entry["due"], entry["done"]) == (2, 1, 1)
    assert entry["next_due"] == rules.get("case_files").due_on(cutoff + DAY).isoformat()
    action = RetentionAction.objects.get(run=run)
    assert (action.kind, action.object_id, action.reference, action.outcome) == ("case_files", old.pk, old.reference, "archived")
    assert (action.last_contact, action.rule) == (cutoff, "months:24")
    # The data protection officers are told, with the run's number and date only.
    notification = Notification.objects.get(user=dpo, kind=NotificationKind.RETENTION_RUN_DONE)
    assert notification.params == {"reference": str(run.pk), "as_of": AS_OF.isoformat()}


def test_the_last_event_or_journal_note_of_a_closed_case_counts_as_its_last_contact(office, rules, cutoff, coordinator):
    with_note = closed_case(office, cutoff - DAY * 30)
    JournalNote.objects.create(case=with_note, author=coordinator, kind="call", occurred_on=cutoff + DAY, text="Mother called.")
    with_event = closed_case(office, cutoff - DAY * 30)
    event = CaseEvent.objects.create(case=with_event, kind="note")
    CaseEvent.objects.filter(pk=event.pk).update(at=noon(cutoff + DAY))
    retention_run(as_of=AS_OF, rules=rules)
    assert CaseFile.objects.filter(pk__in=[with_note.pk, with_event.pk], archived_at__isnull=True).count() == 2


def test_an_open_case_is_never_archived(office, rules, cutoff):
    case = closed_case(office, cutoff - DAY * 900)
    CaseFile.objects.filter(pk=case.pk).update(status="active")
    retention_run(as_of=AS_OF, rules=rules)
    case.refresh_from_db()
    assert case.archived_at is None


def test_an_archived_case_leaves_the_active_base_even_for_its_coordinator_and_head(
    office, rules, cutoff, coordinator, office_head
):
    case = closed_case(office, cutoff, coordinator=coordinator)
    assert visible_cases(coordinator).filter(pk=case.pk).exists()
    retention_run(as_of=AS_OF, rules=rules)
    for user in (coordinator, office_head):
        assert not visible_cases(user).filter(pk=case.pk).exists()
        with pytest.raises(Exception) as error:
            get_case_for(user, case.pk)
        assert error.type.__name__ == "Http404"


def test_not_even_an_emergency_access_reaches_an_archived_case(office, rules, cutoff, outsider):
    from django.http import Http404

    from openaef.audit.services import emergency_access_open

    case = closed_case(office, cutoff)
    retention_run(as_of=AS_OF, rules=rules)
    emergency_access_open(
        actor=outsider, subject_type="case", subject_id=case.pk, reason="A child is in danger tonight, police asked."
    )
    with pytest.raises(Http404):
        get_case_for(outsider, case.pk)


def test_an_ended_request_for_help_is_anonymised_past_its_period(rules, cutoff):
    old = ended_request(cutoff)
    young = ended_request(cutoff + DAY)
    old.parents.create(relationship="mother", full_name="Anne Weber", phone="+352 621 000 000")
    retention_run(as_of=AS_OF, rules=rules)
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.anonymised_at is not None and young.anonymised_at is None
    for name in (
        "requester_name",
        "contact_email",
        "contact_address",
        "child_first_names",
        "child_surname",
        "situation",
        "outcome_reason",
    ):
        assert getattr(old, name) == "", name
    assert old.child_birth_date == dt.date(old.child_birth_date.year, 1, 1)
    assert young.child_surname == "Weber"
    parent = old.parents.get()
    assert (parent.full_name, parent.phone) == ("", "")
    assert RetentionAction.objects.get(kind="help_requests").reference == old.reference


def test_a_request_that_became_a_case_or_is_still_open_is_left_alone(office, rules, cutoff):
    accepted = ended_request(cutoff - DAY * 900, status=RequestStatus.ACCEPTED)
    in_triage = ended_request(cutoff - DAY * 900, status=RequestStatus.IN_TRIAGE)
    referred_with_case = ended_request(cutoff - DAY * 900, status=RequestStatus.REFERRED)
    closed_case(office, AS_OF - DAY, request=referred_with_case)
    retention_run(as_of=AS_OF, rules=rules)
    assert HelpRequest.objects.filter(pk__in=[accepted.pk, in_triage.pk, referred_with_case.pk], anonymised_at=None).count() == 3


def test_a_closed_call_keeps_its_figures_and_loses_its_summary_and_police_reference(rules, cutoff):
    old = closed_call(cutoff)
    young = closed_call(cutoff + DAY)
    retention_run(as_of=AS_OF, rules=rules)
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.summary, old.police_reference) == ("", "")
    assert old.anonymised_at is not None
    assert (old.category, old.outcome, old.received_at) == ("runaway", "police", noon(cutoff))
    assert young.summary and young.anonymised_at is None


def test_a_call_waits_while_its_follow_up_is_open(rules, cutoff):
    follow_up = closed_follow_up(cutoff)
    MissingChildFollowUp.objects.filter(pk=follow_up.pk).update(status="open", closed_at=None)
    call = closed_call(cutoff - DAY * 100, follow_up=follow_up)
    retention_run(as_of=AS_OF, rules=rules)
    call.refresh_from_db()
    assert call.anonymised_at is None


def test_a_closed_follow_up_loses_its_entries_text_and_closing_note(rules, cutoff):
    old = closed_follow_up(cutoff)
    young = closed_follow_up(cutoff + DAY)
    retention_run(as_of=AS_OF, rules=rules)
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.closing_note == ""
    assert list(FollowUpEntry.objects.filter(follow_up=old).values_list("kind", "text")) == [("return", "")]
    assert MissingChildFollowUp.objects.get(pk=young.pk).closing_note


def test_a_finished_file_access_request_keeps_its_reference_dates_and_outcome(rules, cutoff):
    old = closed_access_request(cutoff)
    young = closed_access_request(cutoff + DAY, status="refused")
    retention_run(as_of=AS_OF, rules=rules)
    old.refresh_from_db()
    assert old.anonymised_at is not None
    for name in ("surname_at_birth", "first_names", "place_of_birth", "child_name", "contact_email", "outcome_reason"):
        assert getattr(old, name) == "", name
    assert (old.status, old.received_at) == ("withdrawn", noon(cutoff))
    assert FileAccessRequest.objects.get(pk=young.pk).first_names == "Anne"
    assert RetentionAction.objects.get(kind="access_requests").reference == old.reference


def test_a_null_period_does_nothing_and_says_so(office, cutoff):
    case = closed_case(office, cutoff - DAY * 900)
    run = retention_run(as_of=AS_OF, rules=rules_with(default=None))
    case.refresh_from_db()
    assert case.archived_at is None
    assert not RetentionAction.objects.exists()
    assert run.summary["case_files"]["no_period"] is True
    assert run.summary["case_files"]["done"] == 0


def test_a_second_run_the_same_day_does_nothing_more(office, rules, cutoff):
    closed_case(office, cutoff)
    closed_call(cutoff)
    first = retention_run(as_of=AS_OF, rules=rules)
    second = retention_run(as_of=AS_OF, rules=rules)
    assert RetentionAction.objects.filter(run=first).count() == 2
    assert not RetentionAction.objects.filter(run=second).exists()
    assert all(entry["done"] == 0 for entry in second.summary.values())


def test_a_dry_run_counts_and_changes_nothing(office, rules, cutoff):
    case = closed_case(office, cutoff)
    call = closed_call(cutoff)
    before = AuditEvent.objects.count()
    run = retention_run(as_of=AS_OF, rules=rules, dry_run=True)
    assert run.dry_run is True
    assert (run.summary["case_files"]["due"], run.summary["case_files"]["done"]) == (1, 0)
    assert run.summary["hotline_calls"]["due"] == 1
    case.refresh_from_db()
    assert case.archived_at is None
    assert Call.objects.get(pk=call.pk).summary
    assert not RetentionAction.objects.exists()
    assert AuditEvent.objects.count() == before
    assert not Notification.objects.exists()
    assert retention_preview(as_of=AS_OF, rules=rules)["case_files"]["due"] == 1
    assert RetentionRun.objects.count() == 1  # the preview records nothing


def test_each_batch_is_audited_with_the_persons_concerned(office, rules, cutoff):
    cases = [closed_case(office, cutoff) for _ in range(3)]
    run = retention_run(as_of=AS_OF, rules=rules, batch_size=2)
    events = AuditEvent.objects.filter(object_type="rights.retentionrun", object_id=str(run.pk)).order_by("sequence")
    assert events.count() == 2
    assert "case_files" in events[0].reason
    children = set(events[0].person_links.values_list("person_id", flat=True)) | set(
        events[1].person_links.values_list("person_id", flat=True)
    )
    assert children == {c.child_id for c in cases}
    assert run.summary["case_files"]["batches"] == 2


def test_an_error_is_recorded_with_what_was_committed(office, rules, cutoff, monkeypatch):
    from openaef.rights import retention_kinds

    closed_case(office, cutoff)
    closed_call(cutoff)

    def broken(ids):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    kind = retention_kinds.KIND_DEFINITIONS["hotline_follow_ups"]
    monkeypatch.setitem(
        retention_kinds.KIND_DEFINITIONS, "hotline_follow_ups", type(kind)(**{**kind.__dict__, "dependents": broken})
    )
    closed_follow_up(cutoff)
    run = retention_run(as_of=AS_OF, rules=rules)
    assert "disk full" in run.error and run.finished_at is not None
    assert run.summary["case_files"]["done"] == 1 and run.summary["hotline_calls"]["done"] == 1
    assert run.summary["hotline_follow_ups"]["done"] == 0
    assert MissingChildFollowUp.objects.get().anonymised_at is None  # its batch rolled back


def _make(office, cutoff, count: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        closed_case(office, cutoff)
        ended_request(cutoff)
        closed_call(cutoff)


def test_a_run_costs_the_same_number_of_queries_for_10_or_60_records_of_each_kind(
    office, rules, cutoff, dpo, django_assert_max_num_queries
):
    _make(office, cutoff, 10)
    with CaptureQueriesContext(connection) as captured:
        first = retention_run(as_of=AS_OF, rules=rules)
    assert first.summary["case_files"]["done"] == 10
    _make(office, cutoff, 60)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        second = retention_run(as_of=AS_OF, rules=rules)
    assert (second.summary["case_files"]["done"], second.summary["hotline_calls"]["done"]) == (60, 60)
    assert second.summary["help_requests"]["done"] == 60
