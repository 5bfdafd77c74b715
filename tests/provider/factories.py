"""Measures and referrals written straight to the tables, as the agency's services leave them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openaef.accounts.models import Membership, Role
from openaef.directory.models import MeasureType, Provider, Service
from openaef.measures.models import ConsentMethod, Measure, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus
from tests.factories import UserFactory

__all__ = ["make_measure", "make_referral", "provider_staff_of"]

_MEASURE_STATUS_FOR = {
    ReferralStatus.SENT: MeasureStatus.REFERRED,
    ReferralStatus.WAITING: MeasureStatus.WAITING,
    ReferralStatus.ACCEPTED: MeasureStatus.ACCEPTED,
    ReferralStatus.DECLINED: MeasureStatus.PLANNED,
}


def provider_staff_of(provider: Provider, **fields: Any) -> Any:
    user = UserFactory(**fields)
    Membership.objects.create(user=user, role=Role.PROVIDER_STAFF, provider=provider)
    return user


def make_measure(*, case: Any, code: str = "AMB-SAF", status: str = MeasureStatus.REFERRED, **fields: Any) -> Measure:
    return Measure.objects.create(
        case=case,
        measure_type=MeasureType.objects.get(pack="lu", code=code),
        status=status,
        created_by=fields.pop("created_by", None) or case.coordinator,
        **fields,
    )


def make_referral(
    *,
    case: Any,
    service: Service,
    status: str = ReferralStatus.SENT,
    code: str = "AMB-SAF",
    sent_at: dt.datetime | None = None,
    waiting_since: dt.datetime | None = None,
    measure_status: str | None = None,
    **fields: Any,
) -> Referral:
    location = fields.pop("location", service.locations.first())
    measure_fields: dict[str, Any] = {}
    if status in (ReferralStatus.WAITING, ReferralStatus.ACCEPTED) or measure_status in (
        MeasureStatus.ACTIVE,
        MeasureStatus.SUSPENDED,
    ):
        measure_fields = {"service": service, "location": location, "provider": service.provider}
    if measure_status in (MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED):
        measure_fields["started_on"] = fields.pop("started_on", dt.date(2026, 2, 1))
    measure = make_measure(
        case=case, code=code, status=measure_status or _MEASURE_STATUS_FOR.get(status, MeasureStatus.REFERRED), **measure_fields
    )
    if status == ReferralStatus.WAITING and waiting_since is None:
        waiting_since = timezone.now()
    return Referral.objects.create(
        measure=measure,
        provider=service.provider,
        service=service,
        location=location,
        status=status,
        shared_summary=fields.pop("shared_summary", "Help with the daily routine after school; the mother works nights."),
        consent_by=fields.pop("consent_by", case.child),
        consent_method=ConsentMethod.WRITTEN,
        consent_on=dt.date(2026, 2, 1),
        sent_at=sent_at or timezone.now(),
        sent_by=case.coordinator,
        waiting_since=waiting_since,
        **fields,
    )
