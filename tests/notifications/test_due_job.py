"""The daily job: evaluations due, measures ending and reports due, each told once.

Dates are those of December 2026 in Luxembourg: Christmas (Friday 25th) is a public holiday, so
ten working days before Tuesday 29 December is Monday 14 December (not the 15th).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from openaef.measures.states import MeasureStatus, ReportStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.selectors import due_horizon
from openaef.notifications.tasks import notify_due
from openaef.projects.states import ProjectStatus
from tests.directory.factories import ServiceFactory
from tests.foster.factories import approved_family

from .factories import make_measure, make_project, make_report, provider_with_staff

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 12, 14)
CHRISTMAS_TUESDAY = dt.date(2026, 12, 29)


def kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_the_horizon_counts_working_days_and_luxembourg_holidays():
    assert due_horizon(MONDAY, "business_days:10") == CHRISTMAS_TUESDAY
    # A Saturday: the last reminder day was Friday the 11th, for Monday the 28th.
    assert due_horizon(dt.date(2026, 12, 12), "business_days:10") == dt.date(2026, 12, 28)


def test_it_tells_the_coordinator_of_an_evaluation_ten_working_days_before(case, coordinator):
    project = make_project(case, next_evaluation_on=CHRISTMAS_TUESDAY)
    make_project(case, next_evaluation_on=CHRISTMAS_TUESDAY + dt.timedelta(days=1))  # reminded on the 15th
    counts = notify_due(MONDAY)
    assert counts[NotificationKind.EVALUATION_DUE] == 1
    notification = Notification.objects.get(user=coordinator)
    assert notification.kind == NotificationKind.EVALUATION_DUE
    assert notification.dedupe_key == f"evaluation:{project.pk}:2026-12-29"
    assert notification.params == {"reference": case.reference, "due_on": "2026-12-29"}
    assert f"/cases/{case.pk}/" in notification.url


def test_it_does_not_tell_of_a_project_that_is_not_active(case, coordinator):
    make_project(case, status=ProjectStatus.DRAFT, next_evaluation_on=CHRISTMAS_TUESDAY)
    notify_due(MONDAY)
    assert kinds(coordinator) == []


def test_it_catches_up_a_few_days_but_not_forever(case, coordinator):
    make_project(case, next_evaluation_on=MONDAY - dt.timedelta(days=3))
    make_project(case, next_evaluation_on=MONDAY - dt.timedelta(days=60))
    assert notify_due(MONDAY)[NotificationKind.EVALUATION_DUE] == 1


def test_it_tells_the_coordinator_of_a_running_measure_nearing_its_end(case, coordinator):
    ending = make_measure(case, ends_on=CHRISTMAS_TUESDAY)
    make_measure(case, status=MeasureStatus.SUSPENDED, ends_on=CHRISTMAS_TUESDAY)
    make_measure(case, status=MeasureStatus.ENDED, ends_on=CHRISTMAS_TUESDAY)
    make_measure(case, ends_on=dt.date(2027, 3, 1))
    assert notify_due(MONDAY)[NotificationKind.MEASURE_ENDING] == 2
    notification = Notification.objects.filter(user=coordinator).order_by("id").first()
    assert notification.dedupe_key == f"measure_end:{ending.pk}:2026-12-29"
    assert notification.params == {"reference": case.reference, "ends_on": "2026-12-29"}
    assert notification.url.endswith(f"/cases/{case.pk}/measures/{ending.pk}/") or notification.url.endswith(f"/cases/{case.pk}/")


def test_it_tells_the_providers_staff_of_a_report_still_to_send(case, coordinator):
    service = ServiceFactory(measures=["AMB-PSY"])
    anna = provider_with_staff(service.provider)
    ben = provider_with_staff(service.provider)
    stranger = provider_with_staff(ServiceFactory().provider)
    measure = make_measure(case, service=service)
    report = make_report(measure, due_on=CHRISTMAS_TUESDAY)
    make_report(measure, status=ReportStatus.RETURNED, due_on=MONDAY)
    make_report(measure, status=ReportStatus.SUBMITTED, due_on=MONDAY)
    assert notify_due(MONDAY)[NotificationKind.REPORT_DUE] == 4
    assert kinds(anna) == [NotificationKind.REPORT_DUE] * 2
    assert kinds(ben) == [NotificationKind.REPORT_DUE] * 2
    assert kinds(stranger) == []
    assert kinds(coordinator) == []
    assert Notification.objects.filter(user=anna, dedupe_key=f"report:{report.pk}:2026-12-29").exists()


def test_running_it_twice_notifies_nobody_twice(case, coordinator, django_capture_on_commit_callbacks):
    service = ServiceFactory(measures=["AMB-PSY"])
    staff = provider_with_staff(service.provider)
    make_project(case, next_evaluation_on=CHRISTMAS_TUESDAY)
    measure = make_measure(case, service=service, ends_on=CHRISTMAS_TUESDAY)
    make_report(measure, due_on=CHRISTMAS_TUESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_due(MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = notify_due(MONDAY)
        third = notify_due(MONDAY + dt.timedelta(days=1))
    assert sum(first.values()) == 3
    assert sum(second.values()) == sum(third.values()) == 0
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3
    assert kinds(staff) == [NotificationKind.REPORT_DUE]


def test_a_new_end_after_a_renewal_is_told_again(case, coordinator):
    measure = make_measure(case, ends_on=CHRISTMAS_TUESDAY)
    notify_due(MONDAY)
    measure.ends_on = dt.date(2027, 3, 15)
    measure.save(update_fields=["ends_on"])
    notify_due(dt.date(2027, 3, 1))
    assert kinds(coordinator) == [NotificationKind.MEASURE_ENDING] * 2


def test_an_inactive_coordinator_is_not_told(case, coordinator):
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    make_project(case, next_evaluation_on=CHRISTMAS_TUESDAY)
    assert notify_due(MONDAY)[NotificationKind.EVALUATION_DUE] == 0


def test_its_queries_do_not_grow_with_what_falls_due_when_nothing_is_new(case, django_assert_max_num_queries):
    support = ServiceFactory(measures=["STA-FOSTER"])
    provider_with_staff(support.provider)
    for index in range(5):
        make_project(case, next_evaluation_on=CHRISTMAS_TUESDAY)
        make_measure(case, ends_on=CHRISTMAS_TUESDAY)
        approved_family(f"Household {index}", approved_until=CHRISTMAS_TUESDAY, support_service=support)
    notify_due(MONDAY)
    # Told already: four reads, one check of who was told per kind, the staff of the providers,
    # the keepers of the foster register, the file-access requests falling due, and the savepoint
    # around it all.
    with django_assert_max_num_queries(12):
        notify_due(MONDAY)


def test_the_command_runs_the_job_for_today(case, coordinator):
    make_project(case, next_evaluation_on=timezone.localdate())
    out = io.StringIO()
    call_command("send_due_notifications", stdout=out)
    assert "evaluation_due: 1" in out.getvalue()
    call_command("send_due_notifications", stdout=out)
    assert Notification.objects.filter(user=coordinator).count() == 1


def test_the_command_can_queue_the_work(case):
    out = io.StringIO()
    call_command("send_due_notifications", "--enqueue", stdout=out)
    assert "Queued:" in out.getvalue()
