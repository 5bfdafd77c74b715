"""The selectors other pages read (the daily notice of reports coming due is
notifications.tasks.send_due_notifications, tested in tests/notifications)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openaef.measures.models import ProviderReport
from openaef.measures.selectors import measures_summary_for_case, reports_to_review_for
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus

from .factories import make_measure, make_referral, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(case, service):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 1, 5), provider=service.provider)
    make_referral(measure, service, ReferralStatus.ACCEPTED)
    return measure


def _report(measure, due_on, status=ReportStatus.DRAFT):  # type: ignore[no-untyped-def]
    return ProviderReport.objects.create(measure=measure, kind=ReportKind.PROGRESS, due_on=due_on, status=status)


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
