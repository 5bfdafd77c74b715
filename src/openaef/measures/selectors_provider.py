"""What a provider's staff may read: the referrals sent to their organisation, the measures it
delivers, their reports, and the capacity of its services.

DESIGN.md: "a provider sees only what was referred to it and only the fields it needs". A
referral is read through ``get_referral_for`` only, which answers Http404 for missing and
forbidden alike and returns ``ReferralMinimum``: a plain record of the few facts a provider
needs, so that no page can reach the case file through a model relation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from openaef.accounts.models import Membership, Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record, audit_refused
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.directory.models import Service, ServiceLocation

from .models import ActivityRecord, Measure, ProviderReport, Referral, ServiceCapacity
from .selectors import waiting_position
from .states import OPEN_REFERRAL_STATES, RUNNING_STATES, ReferralStatus

PAGE_SIZE = 25
INBOX_SORT = [SortKey("sent_at", True), SortKey("id", True)]
WAITING_SORT = [SortKey("waiting_since", False), SortKey("id", False)]
MEASURE_SORT = [SortKey("created_at", True), SortKey("id", True)]
DEFAULT_INBOX_STATES = (ReferralStatus.SENT, ReferralStatus.WAITING)

# What a referral page needs of the records around it, read in one query.
_REFERRAL_RELATED = (
    "measure__case__child",
    "measure__case__office",
    "measure__case__coordinator",
    "measure__measure_type",
    "service",
    "location",
)


def provider_ids_of(user: Any) -> list[int]:
    """The providers ``user`` works for (kept on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_provider_ids_cache", None)
    if cached is None:
        cached = sorted(
            Membership.objects.filter(user=user, role=Role.PROVIDER_STAFF, provider__isnull=False).values_list(
                "provider_id", flat=True
            )
        )
        user._provider_ids_cache = cached
    return cached


def visible_referrals(user: Any) -> QuerySet[Referral]:
    ids = provider_ids_of(user)
    return Referral.objects.filter(provider_id__in=ids) if ids else Referral.objects.none()


def visible_measures(user: Any) -> QuerySet[Measure]:
    """Measures the user's providers deliver (set on the measure when its referral is accepted)."""
    ids = provider_ids_of(user)
    return Measure.objects.filter(provider_id__in=ids) if ids else Measure.objects.none()


# ---------------------------------------------------------------- one referral


@dataclass(frozen=True)
class ReferralMinimum:
    """Everything a provider is shown of a referral and of the case behind it."""

    pk: int
    version: int
    status: str
    reference: str
    shared_summary: str
    child_first_names: str
    child_initial: str
    birth_year: int | None
    age: int | None
    languages: list[str]
    consent_role: str
    consent_method: str
    consent_on: dt.date
    coordinator_name: str
    office_name: str
    office_phone: str
    office_email: str
    measure_type_name: dict[str, str]
    measure_pk: int
    measure_status: str
    service_pk: int
    service_name: dict[str, str]
    location: str
    location_pk: int | None
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    waiting_since: dt.datetime | None
    expected_start: dt.date | None
    decline_reason: str
    started_on: dt.date | None
    position: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def child_label(self) -> str:
        return f"{self.child_first_names} {self.child_initial}".strip()


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral  # for the services: never passed to a template
    minimum: ReferralMinimum


def _initial(surname: str) -> str:
    return f"{surname.strip()[:1].upper()}." if surname.strip() else ""


def _consent_role(referral: Referral) -> str:
    case = referral.measure.case
    if referral.consent_by_id == case.child_id:
        return ParticipantRole.CHILD
    role = CaseParticipant.objects.filter(case=case, person_id=referral.consent_by_id).values_list("role", flat=True).first()
    return role or ParticipantRole.OTHER


def referral_minimum(referral: Referral, *, today: dt.date | None = None) -> ReferralMinimum:
    today = today or timezone.localdate()
    measure = referral.measure
    case = measure.case
    child = case.child
    position = waiting_position(referral) if referral.status == ReferralStatus.WAITING else None
    return ReferralMinimum(
        pk=referral.pk,
        version=referral.version,
        status=referral.status,
        reference=case.reference,
        shared_summary=referral.shared_summary,
        child_first_names=child.first_names,
        child_initial=_initial(child.surname),
        birth_year=child.birth_date.year if child.birth_date else None,
        age=child.age_on(today),
        languages=list(child.languages or []),
        consent_role=_consent_role(referral),
        consent_method=referral.consent_method,
        consent_on=referral.consent_on,
        coordinator_name=str(case.coordinator) if case.coordinator else "",
        office_name=str(case.office),
        office_phone=case.office.phone,
        office_email=case.office.email,
        measure_type_name=measure.measure_type.name,
        measure_pk=measure.pk,
        measure_status=measure.status,
        service_pk=referral.service_id,
        service_name=referral.service.name,
        location=str(referral.location) if referral.location else "",
        location_pk=referral.location_id,
        sent_at=referral.sent_at,
        answered_at=referral.answered_at,
        waiting_since=referral.waiting_since,
        expected_start=referral.expected_start,
        decline_reason=referral.decline_reason,
        started_on=measure.started_on,
        position=position,
    )


def get_referral_for(user: Any, pk: int, http_request: HttpRequest | None = None) -> ReferralAccess:
    """The referral if it was sent to one of ``user``'s providers; Http404 otherwise (missing
    and forbidden alike, the refusal logged). The read is logged, naming the child."""
    referral = visible_referrals(user).select_related(*_REFERRAL_RELATED).filter(pk=pk).first()
    if referral is None:
        audit_refused(actor=user, object_type="measures.referral", object_id=str(pk), request=http_request)
        raise Http404
    minimum = referral_minimum(referral)
    audit_record(
        actor=user, action=AuditAction.READ, obj=referral, request=http_request, persons=[referral.measure.case.child_id]
    )
    return ReferralAccess(referral=referral, minimum=minimum)


def _same_list(service_id: int, location_id: int | None) -> Q:
    return Q(service_id=service_id) & (Q(location__isnull=True) if location_id is None else Q(location_id=location_id))


# ---------------------------------------------------------------- the inbox


@dataclass(frozen=True)
class InboxFilters:
    statuses: tuple[str, ...] = DEFAULT_INBOX_STATES
    service_id: int | None = None


def referral_inbox_page(user: Any, filters: InboxFilters, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Referral]:
    """One page of the provider's referrals, newest first (index referral_provider_inbox)."""
    qs = visible_referrals(user).filter(status__in=filters.statuses or DEFAULT_INBOX_STATES)
    if filters.service_id:
        qs = qs.filter(service_id=filters.service_id)
    qs = qs.select_related("measure__case__child", "measure__measure_type", "service", "location").only(
        "id",
        "status",
        "sent_at",
        "waiting_since",
        "expected_start",
        "service__name",
        "location__street",
        "location__postcode",
        "location__locality",
        "measure__measure_type__name",
        "measure__case__reference",
        "measure__case__child__first_names",
        "measure__case__child__surname",
        "measure__case__child__birth_date",
    )
    return keyset_page(qs, INBOX_SORT, cursor, size)


def referral_status_counts(user: Any, *, service_id: int | None = None) -> dict[str, int]:
    """How many referrals wait for the provider, by status (sent, on the waiting list).

    Only the open ones are counted: they are few and read from the (provider, status, ...)
    index alone, whereas counting everything ever answered read a provider's whole history
    (330,000 referrals, 40 ms, for a large provider at 3,000,000 measures)."""
    qs = visible_referrals(user).filter(status__in=OPEN_REFERRAL_STATES)
    if service_id:
        qs = qs.filter(service_id=service_id)
    rows = qs.order_by().values("status").annotate(n=Count("*")).values_list("status", "n")
    return dict(rows)


def provider_services(user: Any) -> list[Service]:
    """The services of the user's providers, with their sites (two queries)."""
    ids = provider_ids_of(user)
    if not ids:
        return []
    return list(
        Service.objects.filter(provider_id__in=ids)
        .select_related("provider")
        .prefetch_related("locations")
        .order_by("provider__name", "code", "id")
    )


# ---------------------------------------------------------------- waiting lists


@dataclass(frozen=True)
class WaitingListKey:
    service: Service
    location: ServiceLocation | None
    count: int

    @property
    def slug(self) -> str:
        return f"{self.service.pk}-{self.location.pk if self.location else 0}"


def waiting_lists(user: Any, services: list[Service]) -> list[WaitingListKey]:
    """Every service and site of the provider with the number of children waiting (one query)."""
    counts: dict[tuple[int, int | None], int] = {
        (service_id, location_id): n
        for service_id, location_id, n in visible_referrals(user)
        .filter(status=ReferralStatus.WAITING)
        .order_by()
        .values("service_id", "location_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "location_id", "n")
    }
    keys = []
    for service in services:
        sites: list[ServiceLocation | None] = list(service.locations.all()) or [None]
        if any(loc is None for (sid, loc) in counts if sid == service.pk) and None not in sites:
            sites.append(None)
        for site in sites:
            keys.append(WaitingListKey(service, site, counts.get((service.pk, site.pk if site else None), 0)))
    return keys


def waiting_list_page(
    user: Any, service_id: int, location_id: int | None, *, cursor: str | None = None, size: int = PAGE_SIZE
) -> tuple[Page[Referral], int]:
    """One page of a waiting list in order, and the position of its first row."""
    qs = (
        visible_referrals(user)
        .filter(_same_list(service_id, location_id), status=ReferralStatus.WAITING, waiting_since__isnull=False)
        .select_related("measure__case__child", "measure__measure_type")
    )
    page = keyset_page(qs, WAITING_SORT, cursor, size)
    first = (waiting_position(page.items[0]) or 1) if page.items else 1
    return page, first


# ---------------------------------------------------------------- measures, reports, activity


def running_measures_page(user: Any, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Measure]:
    qs = (
        visible_measures(user)
        .filter(status__in=RUNNING_STATES)
        .select_related("case__child", "measure_type", "service", "location")
    )
    return keyset_page(qs, MEASURE_SORT, cursor, size)


@dataclass(frozen=True)
class MeasureAccess:
    measure: Measure
    referral: Referral | None


def get_measure_for(user: Any, pk: int, http_request: HttpRequest | None = None) -> MeasureAccess:
    """A measure the user's provider delivers; Http404 otherwise. The read is logged."""
    measure = (
        visible_measures(user)
        .select_related("case__child", "case__office", "case__coordinator", "measure_type", "service", "location", "provider")
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        audit_refused(actor=user, object_type="measures.measure", object_id=str(pk), request=http_request)
        raise Http404
    referral = (
        Referral.objects.filter(measure=measure, provider=measure.provider, status=ReferralStatus.ACCEPTED)
        .select_related(*_REFERRAL_RELATED)
        .order_by("-answered_at", "-id")
        .first()
    )
    audit_record(actor=user, action=AuditAction.READ, obj=measure, request=http_request, persons=[measure.case.child_id])
    return MeasureAccess(measure=measure, referral=referral)


def measure_reports(measure: Measure) -> list[ProviderReport]:
    return list(ProviderReport.objects.filter(measure=measure).order_by("due_on", "id"))


def measure_activity(measure: Measure, *, limit: int = 24) -> list[ActivityRecord]:
    return list(ActivityRecord.objects.filter(measure=measure).order_by("-month")[:limit])


def get_report_for(user: Any, pk: int, http_request: HttpRequest | None = None) -> ProviderReport:
    report = (
        ProviderReport.objects.filter(measure__in=visible_measures(user))
        .select_related("measure__case", "measure__measure_type", "measure__service")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        audit_refused(actor=user, object_type="measures.providerreport", object_id=str(pk), request=http_request)
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=report, request=http_request, persons=[report.measure.case.child_id])
    return report


# ---------------------------------------------------------------- capacity


@dataclass
class CapacityRow:
    service: Service
    location: ServiceLocation | None
    capacity: ServiceCapacity | None
    occupied: int

    @property
    def places(self) -> int | None:
        return self.capacity.places if self.capacity else None

    @property
    def free(self) -> int | None:
        return None if self.places is None else max(self.places - self.occupied, 0)


def capacity_rows(user: Any, services: list[Service]) -> list[CapacityRow]:
    """Each service and site with its capacity and the places running measures take (two queries)."""
    ids = [s.pk for s in services]
    capacities = {(c.service_id, c.location_id): c for c in ServiceCapacity.objects.filter(service_id__in=ids)}
    occupied: dict[tuple[int, int | None], int] = {
        (service_id, location_id): n
        for service_id, location_id, n in visible_measures(user)
        .filter(status__in=RUNNING_STATES, service_id__in=ids)
        .order_by()
        .values("service_id", "location_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "location_id", "n")
    }
    rows = []
    for service in services:
        sites: list[ServiceLocation | None] = list(service.locations.all()) or [None]
        for site in sites:
            key = (service.pk, site.pk if site else None)
            rows.append(CapacityRow(service, site, capacities.get(key), occupied.get(key, 0)))
    return rows


def get_capacity_target(user: Any, service_pk: int, location_pk: int | None) -> tuple[Service, ServiceLocation | None]:
    """One of the user's services (and one of its sites): Http404 for any other."""
    service = Service.objects.filter(pk=service_pk, provider_id__in=provider_ids_of(user)).select_related("provider").first()
    if service is None:
        raise Http404
    location = None
    if location_pk:
        location = ServiceLocation.objects.filter(pk=location_pk, service=service).first()
        if location is None:
            raise Http404
    return service, location


def capacity_of(service: Service, location: ServiceLocation | None) -> ServiceCapacity | None:
    return ServiceCapacity.objects.filter(service=service, location=location).first()


def activity_of(measure: Measure, month: dt.date) -> ActivityRecord | None:
    return ActivityRecord.objects.filter(measure=measure, month=month.replace(day=1)).first()
