"""The pack's rules a placement must respect, checked by the services before any write. Each
check raises ValidationError keyed by the form field to correct, saying which rule was broken.
The measure's own rules (age range, maximum duration, end alert) are the measures app's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile, Framework
from openaef.courts.models import DecisionKind, JudicialDecision
from openaef.directory.models import MeasureType, Service, ServiceLocation
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.measures import checks as measure_checks
from openaef.measures.states import MeasureStatus

from .models import PlaceKind, Placement, PlacementStatus
from .parameters import placement_rules
from .selectors import children_placed_with


@dataclass(frozen=True)
class Place:
    """Where the child is to live: an institution (service, site, living unit) or a foster family."""

    kind: str
    service: Service | None = None
    location: ServiceLocation | None = None
    living_unit: str = ""
    foster_family: FosterFamily | None = None
    country: str = ""
    institution_name: str = ""
    capacity_exception: str = ""

    def same_as(self, stay: Any) -> bool:
        if self.kind != stay.place_kind:
            return False
        if self.kind == PlaceKind.FOSTER_FAMILY:
            return self.foster_family is not None and self.foster_family.pk == stay.foster_family_id
        return (
            (self.service.pk if self.service else None) == stay.service_id
            and (self.location.pk if self.location else None) == stay.location_id
            and self.living_unit.strip() == stay.living_unit
            and self.institution_name.strip() == stay.institution_name
        )


def is_judicial(case: CaseFile) -> bool:
    return case.framework == Framework.JUDICIAL


def check_decision_of_case(decision: JudicialDecision | None, case: CaseFile, field: str) -> JudicialDecision:
    if decision is None or decision.case_id != case.pk:
        raise ValidationError({field: _("Choose one of the case's court decisions.")})
    return decision


def check_placing_decision(decision: JudicialDecision | None, case: CaseFile, field: str) -> JudicialDecision:
    """A placement rests on a decision that orders or changes a measure, already taken: not on
    the lifting of one."""
    check_decision_of_case(decision, case, field)
    assert decision is not None
    if decision.kind == DecisionKind.LIFTING:
        raise ValidationError({field: _("A decision lifting a measure cannot be the basis of a placement.")})
    if decision.decided_on > timezone.localdate():
        raise ValidationError({field: _("Choose a decision already taken.")})
    return decision


def check_day(day: dt.date | None, field: str, missing: str, *, not_before: dt.date | None = None) -> dt.date:
    if day is None:
        raise ValidationError({field: missing})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date must be today or in the past.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: _("The date must be on or after %(day)s.") % {"day": not_before.strftime("%d/%m/%Y")}})
    return day


def place_country(measure_type: MeasureType, case: CaseFile, place: Place) -> str:
    """The stay's country: the pack's own, except for a placement abroad, where it must differ."""
    rules = placement_rules(case.pack)
    if not rules.is_abroad_type(measure_type.code):
        return rules.country
    country = (place.country or "").upper()
    if not country or country == rules.country or country not in rules.countries:
        raise ValidationError({"country": _("Choose the country of the institution abroad.")})
    return country


def check_place_kind(measure_type: MeasureType, case: CaseFile, place: Place) -> None:
    """The kind of place must fit the measure: care in a foster family is in a foster family, an
    institutional type in an institution (``placements.yaml``, ``places``)."""
    kinds = placement_rules(case.pack).place_kinds(measure_type.code)
    if place.kind in kinds or place.kind not in PlaceKind.values:
        return
    if kinds == (PlaceKind.FOSTER_FAMILY,):
        message = _("A measure of type %(code)s places the child in a foster family: choose a foster family.")
    else:
        message = _("A measure of type %(code)s places the child in an institution: choose an institution.")
    raise ValidationError({"place_kind": message % {"code": measure_type.code}})


def check_place(placement: Placement, place: Place, day: dt.date | None = None) -> str:
    """The place is consistent and allowed for the measure on ``day``; returns the stay's country."""
    measure_type = placement.measure.measure_type
    check_place_kind(measure_type, placement.case, place)
    country = place_country(measure_type, placement.case, place)
    if place.kind == PlaceKind.FOSTER_FAMILY:
        family = place.foster_family
        if family is None or family.status != FosterFamilyStatus.APPROVED or family.pack != placement.case.pack:
            raise ValidationError({"foster_family": _("Choose an approved foster family.")})
        day = day or timezone.localdate()
        if family.approved_until is not None and family.approved_until < day:
            raise ValidationError(
                {
                    "foster_family": _("This family's approval ended on %(day)s: renew it before placing a child.")
                    % {"day": family.approved_until.strftime("%d/%m/%Y")}
                }
            )
        return country
    if place.kind != PlaceKind.INSTITUTION:
        raise ValidationError({"place_kind": _("Choose an institution or a foster family.")})
    if place.service is None:
        if country != placement_rules(placement.case.pack).country and place.institution_name.strip():
            return country
        raise ValidationError({"institution": _("Choose the institution and its site.")})
    try:
        measure_checks.check_service(measure_type, place.service, place.location)
    except ValidationError as error:
        raise ValidationError({"institution": error.message_dict["placement"]}) from None
    return country


def direct_service(measure_type: MeasureType, case: CaseFile, place: Place) -> tuple[Service, ServiceLocation | None] | None:
    """The service that takes the measure when the admission itself starts it (no referral):
    the institution of an urgent placement, or the support service of a foster family. None:
    the measure needs a provider's acceptance first (``placements.yaml``, ``direct_admission``)."""
    rules = placement_rules(case.pack)
    if place.kind == PlaceKind.FOSTER_FAMILY and rules.direct_foster_family and place.foster_family is not None:
        support = place.foster_family.support_service
        if support is None:
            raise ValidationError(
                {"foster_family": _("Record the service that supports this foster family first: it receives the measure.")}
            )
        if not support.measure_types.filter(pk=measure_type.pk).exists():
            message = _("This family's support service does not offer measures of type %(code)s: change its support service.")
            raise ValidationError({"foster_family": message % {"code": measure_type.code}})
        return support, None
    if place.kind == PlaceKind.INSTITUTION and measure_type.code in rules.direct_types and place.service is not None:
        return place.service, place.location
    return None


def check_foster_capacity(place: Place, pack: str) -> None:
    """At most the family's own number of places, and the pack's maximum, at a time, unless the
    exception is justified (guichet.lu: four, exceptions possible). The caller holds the family's
    row lock, so that two admissions cannot both take the last place."""
    if place.kind != PlaceKind.FOSTER_FAMILY or place.foster_family is None or place.capacity_exception.strip():
        return
    family = place.foster_family
    placed = children_placed_with(family.pk)
    maximum = placement_rules(pack).foster_family_max_children
    if maximum is not None and placed >= maximum:
        message = _(
            "This foster family already has %(count)d children placed; the rules allow %(max)d at a time. "
            "Explain why an exception is justified, or choose another family."
        ) % {"count": placed, "max": maximum}
        raise ValidationError({"capacity_exception": message})
    if placed >= family.capacity:
        message = _(
            "This foster family has %(places)d places and %(count)d children placed. "
            "Explain why an exception is justified, or choose another family."
        ) % {"places": family.capacity, "count": placed}
        raise ValidationError({"capacity_exception": message})


def exceeds_foster_maximum(place: Place, pack: str) -> bool:
    """The stay goes beyond the family's places or the pack's maximum (its exception is kept)."""
    if place.kind != PlaceKind.FOSTER_FAMILY or place.foster_family is None:
        return False
    maximum = placement_rules(pack).foster_family_max_children
    placed = children_placed_with(place.foster_family.pk)
    return placed >= place.foster_family.capacity or (maximum is not None and placed >= maximum)


def stays_in_institution(stay: Any) -> bool:
    """Moving on to a foster family is for a child living in an institution now; a child already
    in a family moves with a transfer under the same measure."""
    return stay is not None and stay.place_kind == PlaceKind.INSTITUTION


def measure_guard(measure: Any, target: str) -> str:
    """Registered with ``measures.guards``: a measure with a child placed under it ends through
    the placement's discharge (which records where the child went), not on its own; one with a
    placement planned is not withdrawn from under it."""
    status = Placement.objects.filter(measure_id=measure.pk).values_list("status", flat=True).first()
    if status == PlacementStatus.ACTIVE:
        return str(_("The child is placed under this measure: record the discharge on the placement's page, which ends it."))
    if status == PlacementStatus.PLANNED and target == MeasureStatus.WITHDRAWN:
        return str(_("A placement is planned under this measure: record the admission, or keep the measure."))
    return ""
