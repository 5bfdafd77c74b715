"""The agency's measure services: the pack's rules, the state tables, the version check, and
what each one records (measure event, case timeline, audit, notifications, tasks)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditEvent
from openaef.cases.models import CaseEvent, CaseEventKind, CaseTask
from openaef.cases.selectors import CaseAccess
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.measures import checks, services
from openaef.measures.models import Measure, MeasureEvent, ProviderReport, Referral
from openaef.measures.parameters import measure_rules
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.projects.models import InterventionProject, PlannedMeasure
from openaef.projects.states import ProjectStatus

from .factories import accepted_measure, make_measure, make_referral, measure_type, provider_staff_of, submitted_report

M = MeasureStatus


def _refer(coordinator, access, measure, service, parent, **changes):  # type: ignore[no-untyped-def]
    values = {
        "actor": coordinator,
        "access": access,
        "measure": measure,
        "expected_version": measure.version,
        "service": service,
        "location": service.locations.first(),
        "shared_summary": "Weekly sessions after school.",
        "consent_by": parent,
        "consent_method": "written",
        "consent_on": dt.date(2026, 1, 12),
    }
    values.update(changes)
    return services.measure_refer(**values)


# Create ----------------------------------------------------------------------------------------


def test_it_creates_a_measure_of_a_type_and_records_it(coordinator, access):  # type: ignore[no-untyped-def]
    measure = services.measure_create(
        actor=coordinator, access=access, measure_type=measure_type("AMB-PSY"), planned_start=dt.date(2026, 3, 1)
    )
    assert measure.status == M.PLANNED
    assert MeasureEvent.objects.filter(measure=measure, kind="created").exists()
    event = CaseEvent.objects.get(case=access.case, kind=CaseEventKind.MEASURE)
    assert event.summary == "AMB-PSY" and event.data["to"] == M.PLANNED
    assert AuditEvent.objects.filter(object_type="measures.measure", object_id=str(measure.pk)).exists()


def test_it_creates_a_measure_from_the_current_projects_planned_measure(coordinator, access):  # type: ignore[no-untyped-def]
    project = InterventionProject.objects.create(case=access.case, author=coordinator, status=ProjectStatus.ACTIVE)
    planned = PlannedMeasure.objects.create(project=project, measure_type=measure_type("AMB-SAF"), planned_months=6)
    measure = services.measure_create(actor=coordinator, access=access, planned=planned)
    assert (measure.planned, measure.project, measure.measure_type.code) == (planned, project, "AMB-SAF")
    with pytest.raises(ValidationError, match="set up already"):
        services.measure_create(actor=coordinator, access=access, planned=planned)


def test_it_refuses_a_planned_measure_of_a_closed_project(coordinator, access):  # type: ignore[no-untyped-def]
    project = InterventionProject.objects.create(case=access.case, author=coordinator, status=ProjectStatus.CLOSED)
    planned = PlannedMeasure.objects.create(project=project, measure_type=measure_type("AMB-SAF"))
    with pytest.raises(ValidationError, match="current project"):
        services.measure_create(actor=coordinator, access=access, planned=planned)


def test_it_refuses_a_type_outside_the_childs_age_and_names_the_range(coordinator, access):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=coordinator, access=access, measure_type=measure_type("AMB-EARLY"), planned_start=dt.date(2026, 3, 1)
        )
    message = error.value.message_dict["planned_start"][0]
    assert "from 0 to 8 years" in message and "will be 10" in message
    assert not Measure.objects.exists()


def test_the_age_counts_on_the_planned_start_bounds_included(coordinator, access):  # type: ignore[no-untyped-def]
    # Léa turns 8 on 17 May 2023 and is 8 until 16 May 2024: AMB-EARLY (0 to 8) is allowed then.
    services.measure_create(
        actor=coordinator, access=access, measure_type=measure_type("AMB-EARLY"), planned_start=dt.date(2024, 5, 16)
    )
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=coordinator, access=access, measure_type=measure_type("AMB-EARLY"), planned_start=dt.date(2024, 5, 17)
        )


def test_a_reader_of_the_case_may_not_create_a_measure(colleague, case):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.measure_create(
            actor=colleague, access=CaseAccess(case=case, can_edit=False), measure_type=measure_type("AMB-PSY")
        )


# Refer -----------------------------------------------------------------------------------------


def test_it_refers_records_consent_and_tells_the_providers_staff(coordinator, access, service, staff, parent):  # type: ignore[no-untyped-def]
    second = provider_staff_of(service.provider)
    measure = make_measure(access.case)
    referral = _refer(coordinator, access, measure, service, parent)
    measure.refresh_from_db()
    assert measure.status == M.REFERRED and measure.version == 2
    assert (referral.status, referral.provider, referral.consent_by, referral.sent_by) == (
        ReferralStatus.SENT,
        service.provider,
        parent,
        coordinator,
    )
    told = Notification.objects.filter(kind=NotificationKind.REFERRAL_RECEIVED).order_by("user_id")
    assert [n.user for n in told] == [staff, second]
    assert told[0].params == {"reference": f"REF-{referral.pk}", "service": "T-MEASURE"}
    assert told[0].url == reverse("backoffice:provider_referral_detail", args=[referral.pk])


def test_it_refuses_a_consent_dated_in_the_future(coordinator, access, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _refer(coordinator, access, measure, service, parent, consent_on=tomorrow)
    assert "consent_on" in error.value.message_dict
    assert not Referral.objects.exists()


def test_the_child_under_age_cannot_consent_alone(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    with pytest.raises(ValidationError) as error:
        _refer(coordinator, access, measure, service, access.case.child)
    assert "consent_by" in error.value.message_dict


def test_it_refuses_a_service_that_does_not_offer_the_type(coordinator, access, service, parent, esch_service):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case, "AMB-SAF")
    with pytest.raises(ValidationError) as error:
        _refer(coordinator, access, measure, esch_service, parent)
    assert "placement" in error.value.message_dict


def test_it_refuses_a_stale_version(coordinator, access, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    with pytest.raises(StaleVersion):
        _refer(coordinator, access, measure, service, parent, expected_version=measure.version + 1)


def test_the_agency_withdraws_a_referral_and_may_refer_again(coordinator, access, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    referral = _refer(coordinator, access, measure, service, parent)
    services.referral_withdraw(
        actor=coordinator, access=access, referral=referral, expected_version=referral.version, reason="Family moved."
    )
    measure.refresh_from_db()
    referral.refresh_from_db()
    assert (measure.status, referral.status) == (M.PLANNED, ReferralStatus.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        services.referral_withdraw(
            actor=coordinator, access=access, referral=referral, expected_version=referral.version, reason="Again."
        )


# Start and the end alert --------------------------------------------------------------------------


def test_starting_a_priority_placement_ends_it_three_months_later_with_an_alert(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(access.case, service, "STA-PRIO")
    services.measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 1)
    )
    measure.refresh_from_db()
    assert (measure.status, measure.ends_on) == (M.ACTIVE, dt.date(2026, 6, 1))
    task = CaseTask.objects.get(case=access.case)
    assert (task.due_on, task.assigned_to) == (dt.date(2026, 6, 1), coordinator)
    # Ten working days before Monday 1 June 2026, skipping Whit Monday (25 May): Friday 15 May.
    assert task.remind_on == dt.date(2026, 5, 15)


def test_starting_schedules_the_initial_report_drafted_with_the_family(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(access.case, service, "AMB-SAF")
    services.measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 2)
    )
    report = ProviderReport.objects.get(measure=measure)
    assert (report.kind, report.status, report.due_on) == (ReportKind.INITIAL, ReportStatus.DRAFT, dt.date(2026, 4, 2))
    measure.refresh_from_db()
    assert measure.next_report_on == dt.date(2026, 4, 2)
    assert measure.ends_on is None and not CaseTask.objects.exists()


def test_a_type_without_initial_report_starts_with_a_progress_report(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(access.case, service, "AMB-PSY")
    services.measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 2)
    )
    report = ProviderReport.objects.get(measure=measure)
    assert (report.kind, report.due_on) == (ReportKind.PROGRESS, dt.date(2026, 9, 2))


def test_a_measure_cannot_start_before_it_is_accepted(coordinator, access):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    with pytest.raises(TransitionNotAllowed):
        services.measure_start(
            actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 2)
        )


def test_a_measure_of_another_case_is_refused(coordinator, access, service, office):  # type: ignore[no-untyped-def]
    from tests.cases.factories import make_case

    other = make_case(office=office, coordinator=coordinator)
    measure = accepted_measure(other, service)
    with pytest.raises(PermissionDenied):
        services.measure_start(
            actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 2)
        )


# Suspend, resume, end, withdraw ---------------------------------------------------------------------


def _started(coordinator, access, service, code="STA-PRIO"):  # type: ignore[no-untyped-def]
    measure = accepted_measure(access.case, service, code)
    return services.measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 1)
    )


def test_suspend_needs_a_reason_then_resume_and_end(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service)
    with pytest.raises(ValidationError):
        services.measure_suspend(actor=coordinator, access=access, measure=measure, expected_version=measure.version, reason="")
    measure = services.measure_suspend(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, reason="In hospital."
    )
    assert measure.status == M.SUSPENDED
    measure = services.measure_resume(actor=coordinator, access=access, measure=measure, expected_version=measure.version)
    assert measure.status == M.ACTIVE
    measure = services.measure_end(
        actor=coordinator,
        access=access,
        measure=measure,
        expected_version=measure.version,
        reason="Back home.",
        ended_on=dt.date(2026, 4, 1),
    )
    assert (measure.status, measure.ended_on, measure.next_report_on) == (M.ENDED, dt.date(2026, 4, 1), None)
    assert CaseTask.objects.get(case=access.case).done_at is not None
    kinds = list(MeasureEvent.objects.filter(measure=measure).values_list("kind", flat=True))
    assert kinds == ["started", "suspended", "resumed", "ended"]


def test_an_end_before_the_start_is_refused(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service)
    with pytest.raises(ValidationError) as error:
        services.measure_end(
            actor=coordinator,
            access=access,
            measure=measure,
            expected_version=measure.version,
            reason="x",
            ended_on=dt.date(2026, 2, 1),
        )
    assert "ended_on" in error.value.message_dict


def test_withdrawing_a_referred_measure_withdraws_its_referral(coordinator, access, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(access.case)
    referral = _refer(coordinator, access, measure, service, parent)
    measure.refresh_from_db()
    services.measure_withdraw(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, reason="No longer needed."
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


# Renewal ----------------------------------------------------------------------------------------------


def test_a_priority_placement_cannot_be_renewed(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service, "STA-PRIO")
    with pytest.raises(ValidationError, match="at most 3 months"):
        services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version)
    measure.refresh_from_db()
    assert (measure.renewals, measure.ends_on) == (0, dt.date(2026, 6, 1))


def test_renewal_extends_the_end_and_moves_the_alert(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(access.case, service, "AMB-PSY")
    measure.ends_on = None
    measure = services.measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=dt.date(2026, 3, 2)
    )
    measure = services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version)
    assert (measure.renewals, measure.ends_on) == (1, dt.date(2027, 3, 2))
    task = CaseTask.objects.get(case=access.case)
    assert task.due_on == dt.date(2027, 3, 2)
    measure = services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version)
    task.refresh_from_db()
    assert (measure.ends_on, task.due_on, CaseTask.objects.count()) == (dt.date(2028, 3, 2), dt.date(2028, 3, 2), 1)


def test_renewal_beyond_the_most_the_rules_allow_is_refused(coordinator, access, service, monkeypatch):  # type: ignore[no-untyped-def]
    rules = measure_rules()
    once = dataclasses.replace(rules, renewal_default=dataclasses.replace(rules.renewal_default, max_renewals=1))
    monkeypatch.setattr(checks, "measure_rules", lambda: once)
    measure = _started(coordinator, access, service, "AMB-PSY")
    measure = services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version)
    with pytest.raises(ValidationError, match="the most the rules allow"):
        services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version)


def test_renewal_refuses_a_stale_version(coordinator, access, service):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service, "AMB-PSY")
    with pytest.raises(StaleVersion):
        services.measure_renew(actor=coordinator, access=access, measure=measure, expected_version=measure.version - 1)


# Reports --------------------------------------------------------------------------------------------------


def test_validating_the_initial_report_schedules_the_next_progress_report(coordinator, access, service, staff):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service, "AMB-SAF")
    report = ProviderReport.objects.get(measure=measure)
    ProviderReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, author=staff, submitted_at=timezone.now())
    report.refresh_from_db()
    services.report_validate(actor=coordinator, access=access, report=report, expected_version=report.version)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.VALIDATED, coordinator)
    following = ProviderReport.objects.get(measure=measure, kind=ReportKind.PROGRESS)
    # Six months after the start (Sunday 1 March 2026): Tuesday 1 September.
    assert (following.status, following.due_on) == (ReportStatus.DRAFT, dt.date(2026, 9, 1))
    measure.refresh_from_db()
    assert measure.next_report_on == following.due_on
    assert CaseEvent.objects.filter(case=access.case, kind=CaseEventKind.REPORT, data__to="validated").exists()


def test_returning_a_report_needs_a_reason_and_tells_its_author(coordinator, access, service, staff):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service, "AMB-PSY")
    report = submitted_report(measure, staff, kind=ReportKind.PROGRESS)
    with pytest.raises(ValidationError):
        services.report_return(actor=coordinator, access=access, report=report, expected_version=report.version, reason=" ")
    services.report_return(
        actor=coordinator, access=access, report=report, expected_version=report.version, reason="Add the school's view."
    )
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Add the school's view.")
    note = Notification.objects.get(kind=NotificationKind.REPORT_RETURNED)
    assert note.user == staff
    with pytest.raises(TransitionNotAllowed):
        services.report_validate(actor=coordinator, access=access, report=report, expected_version=report.version)


def test_validating_a_report_refuses_a_stale_version(coordinator, access, service, staff):  # type: ignore[no-untyped-def]
    measure = _started(coordinator, access, service, "AMB-PSY")
    report = submitted_report(measure, staff)
    with pytest.raises(StaleVersion):
        services.report_validate(actor=coordinator, access=access, report=report, expected_version=report.version + 1)


def test_a_waiting_referral_counts_its_place_in_the_queue(access, service, case, coordinator):  # type: ignore[no-untyped-def]
    from openaef.measures.selectors import waiting_position

    now = timezone.now()
    first = make_referral(make_measure(case), service, ReferralStatus.WAITING, waiting_since=now - dt.timedelta(days=3))
    second = make_referral(make_measure(case), service, ReferralStatus.WAITING, waiting_since=now - dt.timedelta(days=1))
    tie = make_referral(make_measure(case), service, ReferralStatus.WAITING, waiting_since=now - dt.timedelta(days=1))
    make_referral(make_measure(case), service, ReferralStatus.SENT)
    assert [waiting_position(r) for r in (first, second, tie)] == [1, 2, 3]
