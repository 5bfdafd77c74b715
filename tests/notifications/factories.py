"""Projects, measures, referrals, reports and notifications written straight to the tables, for
the notification, dashboard and case-glance tests (the services that make them are tested by
their own helpers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openaef.accounts.models import Membership, Role
from openaef.cases.models import CaseFile
from openaef.directory.models import MeasureType, Provider, Service
from openaef.measures.models import ConsentMethod, Measure, ProviderReport, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.projects.models import InterventionProject
from openaef.projects.states import ProjectStatus
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory

__all__ = ["make_measure", "make_notification", "make_project", "make_referral", "make_report", "provider_with_staff"]


def make_project(case: CaseFile, *, author: Any = None, **fields: Any) -> InterventionProject:
    fields.setdefault("status", ProjectStatus.ACTIVE)
    return InterventionProject.objects.create(case=case, author=author or case.coordinator, **fields)


def _service() -> Service:
    return ServiceFactory(measures=["AMB-PSY"])


def make_measure(case: CaseFile, *, service: Service | None = None, **fields: Any) -> Measure:
    service = service or _service()
    fields.setdefault("status", MeasureStatus.ACTIVE)
    fields.setdefault("started_on", dt.date(2026, 1, 5))
    return Measure.objects.create(
        case=case,
        measure_type=fields.pop("measure_type", None) or MeasureType.objects.get(pack="lu", code="AMB-PSY"),
        service=service,
        provider=service.provider,
        created_by=fields.pop("created_by", None) or case.coordinator,
        **fields,
    )


def make_referral(measure: Measure, **fields: Any) -> Referral:
    fields.setdefault("status", ReferralStatus.ACCEPTED)
    fields.setdefault("answered_at", timezone.now())
    return Referral.objects.create(
        measure=measure,
        provider=measure.provider,
        service=measure.service,
        shared_summary="Soutien psychologique.",
        consent_by=measure.case.child,
        consent_method=ConsentMethod.WRITTEN,
        consent_on=dt.date(2026, 1, 5),
        sent_at=timezone.now() - dt.timedelta(days=3),
        sent_by=measure.case.coordinator,
        **fields,
    )


def make_report(measure: Measure, **fields: Any) -> ProviderReport:
    fields.setdefault("kind", ReportKind.PROGRESS)
    fields.setdefault("status", ReportStatus.DRAFT)
    return ProviderReport.objects.create(measure=measure, **fields)


def provider_with_staff(provider: Provider, **user_fields: Any) -> Any:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, role=Role.PROVIDER_STAFF, provider=provider)
    return user


def make_notification(user: Any, **fields: Any) -> Notification:
    fields.setdefault("kind", NotificationKind.REPORT_RECEIVED)
    fields.setdefault("params", {"reference": "C-2026-000001"})
    fields.setdefault("url", "/en/staff/cases/")
    return Notification.objects.create(user=user, **fields)
