"""Measures, referrals and reports written straight to the tables, for the agency-side tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openaef.accounts.models import Membership, Role
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.directory.models import MeasureType
from openaef.measures.models import ConsentMethod, Measure, ProviderReport, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from tests.factories import UserFactory
from tests.people.factories import PersonFactory


def measure_type(code: str) -> MeasureType:
    return MeasureType.objects.get(pack="lu", code=code)


def provider_staff_of(provider: Any, email: str = "") -> Any:
    user = UserFactory(**({"email": email} if email else {}))
    Membership.objects.create(user=user, role=Role.PROVIDER_STAFF, provider=provider)
    return user


def add_parent(case: Any) -> Any:
    parent = PersonFactory(surname=case.child.surname, first_names="Marie", birth_date=dt.date(1985, 2, 3))
    CaseParticipant.objects.create(case=case, person=parent, role=ParticipantRole.PARENT, position=1)
    return parent


def make_measure(case: Any, code: str = "AMB-PSY", status: str = MeasureStatus.PLANNED, **fields: Any) -> Measure:
    return Measure.objects.create(
        case=case, measure_type=measure_type(code), status=status, created_by=case.coordinator, **fields
    )


def make_referral(measure: Measure, service: Any, status: str = ReferralStatus.SENT, **fields: Any) -> Referral:
    consent_by = fields.pop("consent_by", None) or measure.case.child
    return Referral.objects.create(
        measure=measure,
        provider=service.provider,
        service=service,
        location=fields.pop("location", None),
        status=status,
        shared_summary="Needs weekly sessions.",
        consent_by=consent_by,
        consent_method=ConsentMethod.WRITTEN,
        consent_on=dt.date(2026, 1, 10),
        sent_at=fields.pop("sent_at", None) or timezone.now(),
        sent_by=measure.case.coordinator,
        **fields,
    )


def accepted_measure(case: Any, service: Any, code: str = "AMB-PSY") -> Measure:
    """A measure the provider accepted (what the provider-side service leaves behind)."""
    measure = make_measure(case, code, MeasureStatus.ACCEPTED, provider=service.provider, service=service)
    make_referral(measure, service, ReferralStatus.ACCEPTED, answered_at=timezone.now())
    return measure


def submitted_report(measure: Measure, author: Any, kind: str = ReportKind.INITIAL, **fields: Any) -> ProviderReport:
    return ProviderReport.objects.create(
        measure=measure,
        kind=kind,
        status=ReportStatus.SUBMITTED,
        due_on=fields.pop("due_on", dt.date(2026, 3, 2)),
        situation="Settling in.",
        author=author,
        submitted_at=fields.pop("submitted_at", None) or timezone.now(),
        **fields,
    )
