"""Reading measures on the agency's side. Every read starts from a ``CaseAccess`` (from
``cases.selectors.get_case_for``): a measure of another case is "not found"."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q
from django.http import Http404

from openaef.accounts.models import Role, User
from openaef.cases.models import CaseFile, CaseTask
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import MeasureType, Service, ServiceLocation
from openaef.projects.models import PlannedMeasure
from openaef.projects.states import CURRENT_STATES

from .models import ActivityRecord, Measure, MeasureEvent, ProviderReport, Referral, ServiceCapacity
from .states import OPEN_MEASURE_STATES, OPEN_REFERRAL_STATES, ReferralStatus

MEASURE_RELATED = ("measure_type", "service", "location", "provider", "planned")


def referral_reference(referral: Referral | int) -> str:
    """A short reference the provider and the agency both use; it says nothing about the child."""
    pk = referral if isinstance(referral, int) else referral.pk
    return f"REF-{pk}"


def case_measures(case: CaseFile) -> list[Measure]:
    """All measures of a case, newest first, each with its open referrals (``open_referrals``):
    two queries however many there are."""
    open_referrals = Referral.objects.filter(status__in=OPEN_REFERRAL_STATES).select_related("provider").order_by("-id")
    return list(
        Measure.objects.filter(case=case)
        .select_related(*MEASURE_RELATED)
        .prefetch_related(Prefetch("referrals", queryset=open_referrals, to_attr="open_referrals"))
        .order_by("-created_at", "-id")
    )


def plannable_measures(case: CaseFile) -> list[PlannedMeasure]:
    """Measures planned in the case's current project and not set up yet."""
    return list(
        PlannedMeasure.objects.filter(project__case=case, project__status__in=CURRENT_STATES, measure__isnull=True)
        .select_related("measure_type")
        .order_by("position", "id")
    )


def get_measure_for(access: CaseAccess, measure_pk: int) -> Measure:
    """The case's measure, or 404 (also for a measure of another case)."""
    measure = Measure.objects.filter(case=access.case, pk=measure_pk).select_related(*MEASURE_RELATED).first()
    if measure is None:
        raise Http404
    return measure


def get_referral_for(measure: Measure, referral_pk: int) -> Referral:
    referral = Referral.objects.filter(measure=measure, pk=referral_pk).first()
    if referral is None:
        raise Http404
    return referral


def get_report_for(measure: Measure, report_pk: int) -> ProviderReport:
    report = ProviderReport.objects.filter(measure=measure, pk=report_pk).select_related("author", "reviewed_by").first()
    if report is None:
        raise Http404
    return report


def waiting_position(referral: Referral) -> int | None:
    """1 + the service and site's waiting referrals ahead of this one, by (waiting_since, id)."""
    if referral.status != ReferralStatus.WAITING or referral.waiting_since is None:
        return None
    ahead = Referral.objects.filter(
        service_id=referral.service_id,
        location_id=referral.location_id,
        status=ReferralStatus.WAITING,
    ).filter(Q(waiting_since__lt=referral.waiting_since) | Q(waiting_since=referral.waiting_since, id__lt=referral.pk))
    return 1 + ahead.count()


def measure_referrals(measure: Measure) -> list[Referral]:
    return list(
        Referral.objects.filter(measure=measure)
        .select_related("service", "location", "provider", "consent_by", "sent_by")
        .order_by("-sent_at", "-id")
    )


def measure_events(measure: Measure) -> list[MeasureEvent]:
    return list(MeasureEvent.objects.filter(measure=measure).select_related("actor").order_by("-at", "-id"))


def measure_reports(measure: Measure) -> list[ProviderReport]:
    return list(ProviderReport.objects.filter(measure=measure).order_by("due_on", "id"))


def measure_activity(measure: Measure, limit: int = 36) -> list[ActivityRecord]:
    """Days or hours delivered, newest month first (three years at most on the page)."""
    return list(ActivityRecord.objects.filter(measure=measure).order_by("-month")[:limit])


def end_alert_task(measure: Measure) -> CaseTask | None:
    """The open end-alert task of a measure (None once done or never made)."""
    if measure.end_task_id is None:
        return None
    return CaseTask.objects.filter(pk=measure.end_task_id, case_id=measure.case_id, done_at__isnull=True).first()


def types_for_case(case: CaseFile) -> list[MeasureType]:
    return list(MeasureType.objects.filter(pack=case.pack).order_by("position", "code"))


def services_for_type(measure_type: MeasureType) -> list[Service]:
    """The services offering the type, each with its sites and capacities (three queries)."""
    return list(
        Service.objects.filter(measure_types=measure_type)
        .select_related("provider")
        .prefetch_related(
            Prefetch("locations", queryset=ServiceLocation.objects.order_by("id")),
            Prefetch("capacities", queryset=ServiceCapacity.objects.order_by("location_id", "id")),
        )
        .order_by("provider__name", "code")
    )


def open_measures_of(case: CaseFile, *, limit: int) -> list[Measure]:
    """The case's measures being planned or delivered, soonest end first (those not started
    after them), with their type and provider: at most ``limit`` + 1, so that the caller can
    tell there are more."""
    return list(
        Measure.objects.filter(case=case, status__in=OPEN_MEASURE_STATES)
        .select_related("measure_type", "provider")
        .only("pk", "case_id", "status", "ends_on", "next_report_on", "measure_type__name", "provider__name")
        .order_by(F("ends_on").asc(nulls_last=True), "id")[: limit + 1]
    )


def capacity_of(service: Service, location: ServiceLocation | None) -> ServiceCapacity | None:
    """The capacity of a site, or the service-wide one (uses the prefetched capacities)."""
    caps = list(service.capacities.all())
    exact = next((c for c in caps if location is not None and c.location_id == location.pk), None)
    return exact or next((c for c in caps if c.location_id is None), None)


def provider_staff(provider_id: int | None) -> list[User]:
    if provider_id is None:
        return []
    return list(
        User.objects.filter(memberships__role=Role.PROVIDER_STAFF, memberships__provider_id=provider_id, is_active=True)
        .distinct()
        .order_by("pk")
    )


def accepted_referral(measure: Measure) -> Referral | None:
    return Referral.objects.filter(measure=measure, status=ReferralStatus.ACCEPTED).order_by("-id").first()
