"""The court services: what they write, what they refuse, and the reminders they keep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openaef.audit.models import AuditEvent
from openaef.cases import deadlines
from openaef.cases.models import CaseEvent, CaseTask
from openaef.cases.selectors import CaseAccess
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.courts import selectors, services
from openaef.courts.models import DecisionKind, JudicialDecision, OrderedMeasure, RemedyStatus
from openaef.directory.models import MeasureType
from openaef.measures.models import Measure
from tests.cases.factories import make_case

from .factories import make_decision, make_remedy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _values(**changes):  # type: ignore[no-untyped-def]
    values = {
        "kind": DecisionKind.PROVISIONAL_CUSTODY,
        "authority": "judge",
        "court": "TJ-LUX",
        "decided_by_name": "Judge Weber",
        "court_reference": "JEU-2026-17",
        "decided_on": TODAY - dt.timedelta(days=3),
        "notified_on": TODAY - dt.timedelta(days=1),
        "summary": "Placed in a priority placement.",
        "review_on": TODAY + dt.timedelta(days=60),
    }
    values.update(changes)
    return values


def test_recording_a_decision_writes_the_timeline_the_audit_log_and_a_review_reminder(coordinator, access):  # type: ignore[no-untyped-def]
    decision = services.decision_record(actor=coordinator, access=access, **_values())
    event = CaseEvent.objects.filter(case=access.case, kind=services.COURT_EVENT).get()
    assert event.data == {
        "what": "decision_recorded",
        "decision": decision.pk,
        "kind": "provisional",
        "decided_on": decision.decided_on.isoformat(),
    }
    last = AuditEvent.objects.order_by("-sequence").first()
    assert (last.object_type, last.object_id, last.action) == ("courts.judicialdecision", str(decision.pk), "create")
    task = decision.review_task
    assert task.due_on == TODAY + dt.timedelta(days=60) and task.assigned_to == access.case.coordinator
    assert task.remind_on == deadlines.reminder_date(task.due_on, 10)


def test_a_decision_is_refused_with_every_mistake_named(coordinator, access):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=coordinator,
            access=access,
            **_values(court="NOWHERE", decided_on=TODAY + dt.timedelta(days=1), review_on=TODAY),
        )
    assert set(error.value.message_dict) == {"court", "decided_on", "notified_on", "review_on"}
    with pytest.raises(ValidationError) as error:
        services.decision_record(actor=coordinator, access=access, **_values(notified_on=TODAY - dt.timedelta(days=5)))
    assert set(error.value.message_dict) == {"notified_on"}
    assert not JudicialDecision.objects.exists()


def test_only_those_who_may_change_the_case_record_a_decision(colleague, case):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=colleague, access=CaseAccess(case=case, can_edit=False), **_values())


def test_a_stale_update_is_refused(coordinator, access):  # type: ignore[no-untyped-def]
    decision = services.decision_record(actor=coordinator, access=access, **_values())
    services.decision_update(
        actor=coordinator, access=access, decision=decision, expected_version=1, **_values(summary="Changed once.")
    )
    with pytest.raises(StaleVersion):
        services.decision_update(
            actor=coordinator, access=access, decision=decision, expected_version=1, **_values(summary="Lost update.")
        )
    assert JudicialDecision.objects.get().summary == "Changed once."


def test_moving_the_review_date_moves_its_reminder_and_clearing_it_closes_it(coordinator, access):  # type: ignore[no-untyped-def]
    decision = services.decision_record(actor=coordinator, access=access, **_values())
    later = TODAY + dt.timedelta(days=90)
    decision = services.decision_update(
        actor=coordinator, access=access, decision=decision, expected_version=1, **_values(review_on=later)
    )
    assert CaseTask.objects.count() == 1
    assert decision.review_task.due_on == later
    decision = services.decision_update(
        actor=coordinator, access=access, decision=decision, expected_version=2, **_values(review_on=None)
    )
    assert decision.review_task is None
    assert CaseTask.objects.get().done_at is not None


def test_measures_ordered_are_added_and_removed(coordinator, access):  # type: ignore[no-untyped-def]
    decision = make_decision(access.case)
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    measure = Measure.objects.create(case=access.case, measure_type=prio, created_by=coordinator)
    ordered = services.ordered_measure_add(
        actor=coordinator, access=access, decision=decision, measure_type=prio, measure=measure
    )
    assert selectors.decision_ordered_measures(decision) == [ordered]
    services.ordered_measure_remove(actor=coordinator, access=access, ordered=ordered)
    assert not OrderedMeasure.objects.exists()
    whats = list(CaseEvent.objects.filter(kind=services.COURT_EVENT).order_by("id").values_list("data__what", flat=True))
    assert whats == ["measure_ordered", "measure_unordered"]


def test_a_measure_of_another_case_or_type_cannot_be_linked(coordinator, office, access):  # type: ignore[no-untyped-def]
    decision = make_decision(access.case)
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    other = make_case(office=office, coordinator=coordinator)
    elsewhere = Measure.objects.create(case=other, measure_type=prio, created_by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.ordered_measure_add(actor=coordinator, access=access, decision=decision, measure_type=prio, measure=elsewhere)
    assert set(error.value.message_dict) == {"measure"}
    psy = MeasureType.objects.get(pack="lu", code="AMB-PSY")
    mine = Measure.objects.create(case=access.case, measure_type=psy, created_by=coordinator)
    with pytest.raises(ValidationError):
        services.ordered_measure_add(actor=coordinator, access=access, decision=decision, measure_type=prio, measure=mine)


def test_a_hearing_keeps_a_reminder_until_its_outcome_is_recorded(coordinator, access):  # type: ignore[no-untyped-def]
    at = timezone.now() + dt.timedelta(days=20)
    hearing = services.hearing_record(actor=coordinator, access=access, at=at, court="TJ-DIEK", purpose="Review")
    assert hearing.task.due_on == timezone.localtime(at).date() and hearing.task.done_at is None
    with pytest.raises(ValidationError) as error:
        services.hearing_update(
            actor=coordinator,
            access=access,
            hearing=hearing,
            expected_version=1,
            at=at,
            court="TJ-DIEK",
            purpose="Review",
            outcome="Too early",
        )
    assert set(error.value.message_dict) == {"outcome"}
    past = timezone.now() - dt.timedelta(hours=2)
    hearing = services.hearing_update(
        actor=coordinator,
        access=access,
        hearing=hearing,
        expected_version=1,
        at=past,
        court="TJ-DIEK",
        purpose="Review",
        outcome="Maintained.",
    )
    assert hearing.task is None
    assert CaseTask.objects.get().done_at is not None


def test_without_a_rule_a_remedy_gets_no_time_limit(coordinator, access):  # type: ignore[no-untyped-def]
    decision = make_decision(access.case, decided_on=TODAY - dt.timedelta(days=5))
    remedy = services.remedy_lodge(
        actor=coordinator, access=access, decision=decision, kind="appeal", lodged_on=TODAY, lodged_by_name="The mother's lawyer"
    )
    assert remedy.deadline_on is None and remedy.rule == ""


def test_an_administrators_rule_gives_the_time_limit_from_the_notification(coordinator, administrator, access):  # type: ignore[no-untyped-def]
    services.time_limit_set(actor=administrator, kind="appeal", rule="calendar_days:15")
    notified = TODAY - dt.timedelta(days=3)
    decision = make_decision(access.case, decided_on=TODAY - dt.timedelta(days=5), notified_on=notified)
    remedy = services.remedy_lodge(
        actor=coordinator, access=access, decision=decision, kind="appeal", lodged_on=TODAY, lodged_by_person=access.case.child
    )
    assert remedy.deadline_on == deadlines.compute_due("calendar_days:15", notified)
    assert remedy.rule == "calendar_days:15"
    # Not the other remedies: their time limits are still unknown.
    amend = services.remedy_lodge(
        actor=coordinator, access=access, decision=decision, kind="amend", lodged_on=TODAY, lodged_by_name="X"
    )
    assert amend.deadline_on is None


def test_the_pack_value_applies_when_no_administrator_set_one(coordinator, administrator, access, monkeypatch):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from openaef.courts import parameters

    real = parameters.court_rules()
    remedies = dict(real.remedies, lift=replace(real.remedies["lift"], rule="months:1"))
    monkeypatch.setattr(parameters, "court_rules", lambda pack_code=None: replace(real, remedies=remedies))
    rules = parameters.effective_rules()
    assert (rules["lift"].rule, rules["lift"].origin) == ("months:1", parameters.PACK)
    services.time_limit_set(actor=administrator, kind="lift", rule="calendar_days:20")
    rules = parameters.effective_rules()
    assert (rules["lift"].rule, rules["lift"].origin) == ("calendar_days:20", parameters.SETTING)
    services.time_limit_set(actor=administrator, kind="lift", rule=None)
    assert parameters.effective_rules()["lift"].origin == parameters.PACK


def test_only_an_administrator_sets_a_time_limit_and_only_a_sensible_one(coordinator, administrator):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.time_limit_set(actor=coordinator, kind="appeal", rule="calendar_days:15")
    with pytest.raises(ValidationError):
        services.time_limit_set(actor=administrator, kind="appeal", rule="calendar_days:0")
    services.time_limit_set(actor=administrator, kind="appeal", rule="months:1")
    last = AuditEvent.objects.order_by("-sequence").first()
    assert (last.object_type, last.object_id, last.reason) == ("courts.courtdeadlinesetting", "appeal", "months:1")


def test_a_remedy_names_who_lodged_it_once(coordinator, access):  # type: ignore[no-untyped-def]
    decision = make_decision(access.case)
    for person, name in ((None, ""), (access.case.child, "Someone")):
        with pytest.raises(ValidationError) as error:
            services.remedy_lodge(
                actor=coordinator,
                access=access,
                decision=decision,
                kind="lift",
                lodged_on=TODAY,
                lodged_by_person=person,
                lodged_by_name=name,
            )
        assert set(error.value.message_dict) == {"lodged_by_person"}


def test_a_remedy_is_decided_once_with_its_outcome(coordinator, access):  # type: ignore[no-untyped-def]
    remedy = make_remedy(make_decision(access.case))
    with pytest.raises(ValidationError) as error:
        services.remedy_close(
            actor=coordinator, access=access, remedy=remedy, expected_version=1, status="decided", decided_on=TODAY
        )
    assert set(error.value.message_dict) == {"outcome"}
    remedy = services.remedy_close(
        actor=coordinator,
        access=access,
        remedy=remedy,
        expected_version=1,
        status="decided",
        outcome="Dismissed.",
        decided_on=TODAY,
    )
    assert remedy.status == RemedyStatus.DECIDED
    with pytest.raises(TransitionNotAllowed):
        services.remedy_close(
            actor=coordinator, access=access, remedy=remedy, expected_version=2, status="withdrawn", decided_on=TODAY
        )


def test_decisions_of_lists_the_newest_first(access):  # type: ignore[no-untyped-def]
    assert selectors.decisions_of(access.case) == []
    old = make_decision(access.case, decided_on=dt.date(2026, 1, 5))
    new = make_decision(access.case, decided_on=dt.date(2026, 2, 5), kind=DecisionKind.JUDGMENT)
    assert selectors.decisions_of(access.case) == [new, old]
