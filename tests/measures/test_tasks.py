"""The daily notice of reports coming due, and the selectors other pages read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openaef.measures.models import ProviderReport
from openaef.measures.selectors import measures_summary_for_case, reports_to_review_for
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.measures.tasks import notify_due_reports
from openaef.notifications.models import Notification, NotificationKind

from .factories import make_measure, make_referral, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(case, service):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 1, 5), provider=service.provider)
    make_referral(measure, service, ReferralStatus.ACCEPTED)
    return measure


def _report(measure, due_on, status=ReportStatus.DRAFT):  # type: ignore[no-untyped-def]
    return ProviderReport.objects.create(measure=measure, kind=ReportKind.PROGRESS, due_on=due_on, status=status)


def test_it_tells_the_providers_staff_once_when_the_reminder_day_comes(running, staff):  # type: ignore[no-untyped-def]
    # Due Friday 29 May 2026: ten working days before it, skipping Whit Monday (25 May) and
    # Ascension (14 May), is Wednesday 13 May.
    report = _report(running, dt.date(2026, 5, 29))
    assert notify_due_reports.call("2026-05-12") == 0
    assert notify_due_reports.call("2026-05-13") == 1
    assert notify_due_reports.call("2026-05-14") == 1
    notice = Notification.objects.get(kind=NotificationKind.REPORT_DUE)
    assert notice.user == staff
    assert notice.params["due_on"] == "2026-05-29" and notice.params["reference"].startswith("REF-")
    assert notice.dedupe_key == f"report:{report.pk}:2026-05-29"
    assert notice.url == reverse("backoffice:provider_report_edit", args=[report.pk])


def test_reports_sent_or_validated_or_of_ended_measures_are_left_alone(running, case, staff):  # type: ignore[no-untyped-def]
    _report(running, dt.date(2026, 5, 29), ReportStatus.SUBMITTED)
    _report(running, dt.date(2026, 5, 29), ReportStatus.VALIDATED)
    ended = make_measure(case, status=MeasureStatus.ENDED, provider=running.provider)
    _report(ended, dt.date(2026, 5, 29))
    assert notify_due_reports.call("2026-05-20") == 0
    assert not Notification.objects.exists()


def test_a_returned_report_is_reminded_too(running, staff):  # type: ignore[no-untyped-def]
    _report(running, dt.date(2026, 5, 29), ReportStatus.RETURNED)
    assert notify_due_reports.call("2026-05-20") == 1


def test_the_command_runs_the_task(running, staff):  # type: ignore[no-untyped-def]
    _report(running, timezone.localdate())
    out = io.StringIO()
    call_command("notify_due_measures", stdout=out)
    assert "Reports due: 1" in out.getvalue()
    assert Notification.objects.filter(user=staff, kind=NotificationKind.REPORT_DUE).count() == 1


def test_the_case_summary_reads_one_query(case, running, django_assert_num_queries):  # type: ignore[no-untyped-def]
    make_measure(case)
    with django_assert_num_queries(1):
        rows = measures_summary_for_case(case)
    assert [r["status"] for r in rows] == ["planned", "active"]
    assert rows[1]["provider_name"] == running.provider.name and rows[1]["type_code"] == "AMB-PSY"


def test_reports_to_review_are_the_coordinators_own_oldest_first(case, coordinator, colleague, running, staff, office):  # type: ignore[no-untyped-def]
    from tests.cases.factories import make_case

    later = submitted_report(running, staff, submitted_at=timezone.now())
    earlier = submitted_report(running, staff, submitted_at=timezone.now() - dt.timedelta(days=2))
    submitted_report(make_measure(make_case(office=office, coordinator=colleague)), staff)
    _report(running, dt.date(2026, 5, 29))
    assert reports_to_review_for(coordinator) == [earlier, later]
    assert len(reports_to_review_for(coordinator, limit=1)) == 1
