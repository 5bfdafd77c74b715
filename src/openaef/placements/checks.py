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
from openaef.courts.models import JudicialDecision
from openaef.directory.models import MeasureType, Service, ServiceLocation
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.measures import checks as measure_checks

from .models import PlaceKind, Placement
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


def check_place(placement: Placement, place: Place) -> str:
    """The place is consistent and allowed for the measure; returns the stay's country."""
    measure_type = placement.measure.measure_type
    country = place_country(measure_type, placement.case, place)
    if place.kind == PlaceKind.FOSTER_FAMILY:
        family = place.foster_family
        if family is None or family.status != FosterFamilyStatus.APPROVED or family.pack != placement.case.pack:
            raise ValidationError({"foster_family": _("Choose an approved foster family.")})
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


def check_foster_capacity(place: Place, pack: str) -> None:
    """At most the pack's number of children in one foster family at a time, unless the
    exception is justified (guichet.lu: four, exceptions possible). The caller holds the family's
    row lock, so that two admissions cannot both take the last place."""
    maximum = placement_rules(pack).foster_family_max_children
    if place.kind != PlaceKind.FOSTER_FAMILY or place.foster_family is None or maximum is None:
        return
    placed = children_placed_with(place.foster_family.pk)
    if placed >= maximum and not place.capacity_exception.strip():
        raise ValidationError(
            {
                "capacity_exception": _(
                    "This foster family already has %(count)d children placed; the rules allow %(max)d at a time. "
                    "Explain why an exception is justified, or choose another family."
                )
                % {"count": placed, "max": maximum}
            }
        )


def exceeds_foster_maximum(place: Place, pack: str) -> bool:
    maximum = placement_rules(pack).foster_family_max_children
    if place.kind != PlaceKind.FOSTER_FAMILY or place.foster_family is None or maximum is None:
        return False
    return children_placed_with(place.foster_family.pk) >= maximum
