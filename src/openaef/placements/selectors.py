"""Reading placements. Every read of a placement starts from the case (``get_case_for``): a
placement of another case, or of a case one may not see, is "not found"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from openaef.cases.models import CaseFile
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.courts.models import JudicialDecision
from openaef.courts.selectors import decisions_of
from openaef.directory.models import MeasureCategory, MeasureType
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.measures.models import Measure
from openaef.measures.states import OPEN_MEASURE_STATES

from .models import AbroadAdmission, FosterCareAgreement, Placement, PlacementStatus, PlacementStay, VisitArrangement
from .parameters import placement_rules
from .states import CURRENT_STATES

STAY_RELATED = ("service", "service__provider", "location", "foster_family")
PLACEMENT_RELATED = ("measure", "measure__measure_type", "decision", "return_decision")


@dataclass(frozen=True)
class PlacementAccess:
    access: CaseAccess
    placement: Placement

    @property
    def case(self) -> CaseFile:
        return self.access.case

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit


def get_placement_for(user: Any, case_pk: int, pk: int, *, http_request: HttpRequest | None = None) -> PlacementAccess:
    """The placement of a case the user may see, or 404 (missing, forbidden, or another case's)."""
    access = get_case_for(user, case_pk, http_request=http_request)
    return PlacementAccess(access=access, placement=get_placement_in(access, pk))


def get_placement_in(access: CaseAccess, pk: int) -> Placement:
    placement = Placement.objects.filter(case=access.case, pk=pk).select_related(*PLACEMENT_RELATED).first()
    if placement is None:
        raise Http404
    return placement


def case_placements(case: CaseFile) -> list[Placement]:
    """A case's placements, newest first, each with its stays (``stay_list``): two queries."""
    stays = PlacementStay.objects.select_related(*STAY_RELATED).order_by("from_on", "id")
    return list(
        Placement.objects.filter(case=case)
        .select_related("measure__measure_type")
        .prefetch_related(Prefetch("stays", queryset=stays, to_attr="stay_list"))
        .order_by("-created_at", "-id")
    )


def placement_of_measure(measure: Measure) -> Placement | None:
    """The placement under a measure the caller already reached through its case, if any."""
    return Placement.objects.filter(measure=measure).only("pk", "case_id", "status").first()


def placement_stays(placement: Placement) -> list[PlacementStay]:
    return list(placement.stays.select_related(*STAY_RELATED).order_by("from_on", "id"))


def current_stay(placement: Placement) -> PlacementStay | None:
    return placement.stays.filter(until_on__isnull=True).select_related(*STAY_RELATED).order_by("-from_on", "-id").first()


def placeable_measures(case: CaseFile) -> list[Measure]:
    """The case's stationary measures, not ended or withdrawn, without a placement yet."""
    return list(
        Measure.objects.filter(
            case=case,
            measure_type__category=MeasureCategory.STATIONARY,
            status__in=OPEN_MEASURE_STATES,
            placement__isnull=True,
        )
        .select_related("measure_type", "service", "provider")
        .order_by("-created_at", "-id")
    )


def case_decisions(case: CaseFile) -> list[JudicialDecision]:
    """The case's judicial decisions, newest first (the courts app's reading)."""
    return list(decisions_of(case))


def approved_foster_families(pack: str) -> list[FosterFamily]:
    return list(FosterFamily.objects.filter(pack=pack, status=FosterFamilyStatus.APPROVED).order_by("name", "id"))


def move_on_types(pack: str, place_kind: str) -> list[MeasureType]:
    """The stationary types a child can move on to at a place of ``place_kind`` with a direct
    admission (no referral first): care in a foster family, in the Luxembourg pack."""
    rules = placement_rules(pack)
    types = MeasureType.objects.filter(pack=pack, category=MeasureCategory.STATIONARY).order_by("position", "code")
    any_type = place_kind == "foster_family" and rules.direct_foster_family
    return [t for t in types if place_kind in rules.place_kinds(t.code) and (any_type or t.code in rules.direct_types)]


def current_placement(case: CaseFile) -> Placement | None:
    """The case's placement under way, else its planned one (the suggestions page's next step)."""
    placements = Placement.objects.filter(case=case, status__in=(PlacementStatus.ACTIVE, PlacementStatus.PLANNED))
    return placements.order_by("status", "-created_at").select_related("measure__measure_type").first()


def children_placed_with(family_id: int, *, excluding_stay: int | None = None) -> int:
    """The family's current stays: children living there now."""
    stays = PlacementStay.objects.filter(
        foster_family_id=family_id, until_on__isnull=True, placement__status=PlacementStatus.ACTIVE
    )
    if excluding_stay is not None:
        stays = stays.exclude(pk=excluding_stay)
    return stays.count()


def placement_visits(placement: Placement) -> list[VisitArrangement]:
    return list(placement.visits.order_by("kind", "id"))


def get_visit_in(placement: Placement, pk: int) -> VisitArrangement:
    visit = VisitArrangement.objects.filter(placement=placement, pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def placement_agreement(placement: Placement) -> FosterCareAgreement | None:
    return FosterCareAgreement.objects.filter(placement=placement).select_related("signed_scan").first()


def placement_abroad_admission(placement: Placement) -> AbroadAdmission | None:
    return AbroadAdmission.objects.filter(placement=placement).first()


def placed_on(day: dt.date) -> QuerySet[PlacementStay]:
    """Contract for the six-monthly list: the stays covering ``day`` of placements under way or
    ended (a planned placement has no stay yet)."""
    return (
        PlacementStay.objects.filter(placement__status__in=CURRENT_STATES, from_on__lte=day)
        .filter(Q(until_on__isnull=True) | Q(until_on__gte=day))
        .select_related("placement", "placement__measure__measure_type", "placement__case")
        .order_by("placement__case_id", "from_on", "id")
    )


def placement_events(placement: Placement) -> list[Any]:
    """The placement's lines of the case's timeline, newest first."""
    from openaef.cases.models import CaseEvent

    return list(
        CaseEvent.objects.filter(case_id=placement.case_id, kind="placement", data__placement=placement.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
