"""Background work on measures (django-tasks; cron runs `manage.py notify_due_measures` daily).

The provider's staff are told when a report they owe reaches its reminder day (the pack's
``reports.remind_before``, counted in working days by ``cases.deadlines.reminder_date``), once per
report and due date.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from . import schedule
from .models import ProviderReport, Referral
from .selectors import provider_staff, referral_reference
from .services import REFERRAL_PAGES, REPORT_PAGES, provider_page_url
from .states import REPORT_EDITABLE, RUNNING_STATES, ReferralStatus

BATCH = 500


def reports_coming_due(today: dt.date) -> list[ProviderReport]:
    """Reports still with the provider whose reminder day has come (overdue ones included)."""
    candidates = (
        ProviderReport.objects.filter(
            status__in=REPORT_EDITABLE,
            due_on__isnull=False,
            due_on__lte=schedule.report_remind_horizon(today),
            measure__status__in=RUNNING_STATES,
        )
        .select_related("measure")
        .order_by("due_on", "id")
    )
    due: list[ProviderReport] = []
    for report in candidates.iterator(chunk_size=BATCH):
        remind_on = schedule.report_remind_on(report.due_on)  # type: ignore[arg-type]
        if remind_on is not None and remind_on <= today:
            due.append(report)
    return due


def _report_url(report: ProviderReport, referral_id: int | None) -> str:
    return provider_page_url(REPORT_PAGES, report.pk) or provider_page_url(REFERRAL_PAGES, referral_id)


@task()
def notify_due_reports(today: str | None = None) -> int:
    """Tells each provider's staff of the reports coming due; returns how many reports."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    reports = reports_coming_due(day)
    referrals = dict(
        Referral.objects.filter(measure__in=[r.measure_id for r in reports], status=ReferralStatus.ACCEPTED)
        .order_by("measure_id", "id")
        .values_list("measure_id", "id")
    )
    staff_by_provider: dict[int | None, list] = {}  # type: ignore[type-arg]
    for report in reports:
        provider_id = report.measure.provider_id
        if provider_id not in staff_by_provider:
            staff_by_provider[provider_id] = provider_staff(provider_id)
        referral_id = referrals.get(report.measure_id)
        with transaction.atomic():
            notify(
                users=staff_by_provider[provider_id],
                kind=NotificationKind.REPORT_DUE,
                url=_report_url(report, referral_id),
                params={
                    "reference": referral_reference(referral_id) if referral_id else f"M-{report.measure_id}",
                    "due_on": report.due_on.isoformat() if report.due_on else "",
                },
                dedupe_key=f"report:{report.pk}:{report.due_on.isoformat() if report.due_on else ''}",
            )
    return len(reports)
