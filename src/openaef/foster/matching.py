"""Which approved foster families could take a child, and why: each criterion adds to a score
and gives a reason in plain words, shown to the coordinator who chooses (the suggestion never
decides).

Criteria: the child's age within the family's range; brothers and sisters who also need a
placement kept together (the family needs a place for each); languages in common; the distance
from the family's commune to the parents'; the free places. Families with no free place are left
out. Five queries whatever the number of families.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.states import OPEN_STATES
from openaef.core.geo import haversine_km
from openaef.directory.models import Commune, MeasureCategory
from openaef.measures.models import Measure
from openaef.measures.states import MeasureStatus
from openaef.people.models import Relationship, RelationshipKind

from .models import FosterFamily, FosterFamilyStatus
from .parameters import foster_rules

AGE_POINTS = 3.0
SIBLING_POINTS = 3.0
LANGUAGE_POINTS = 2.0
DISTANCE_POINTS = 3.0
# A little for room to spare, capped so that a large family does not outweigh a close one.
FREE_PLACE_POINTS = 0.5
FREE_PLACE_CAP = 2

# A sibling "needs a placement" when their open case has a stationary measure not started yet.
WAITING_MEASURE_STATES = (MeasureStatus.PLANNED, MeasureStatus.REFERRED, MeasureStatus.WAITING, MeasureStatus.ACCEPTED)
SIBLING_KINDS = (RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING)


@dataclass
class Suggestion:
    family: FosterFamily
    score: float
    reasons: list[str]
    free_places: int
    distance_km: float | None = None
    keeps_siblings_together: bool | None = None
    common_languages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChildNeeds:
    age: int | None
    siblings_needing_placement: int
    languages: frozenset[str]
    commune: Commune | None
    commune_is_parents: bool

    @property
    def places_needed(self) -> int:
        return 1 + self.siblings_needing_placement


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


# What the child needs ---------------------------------------------------------------------------


def _siblings_needing_placement(case: CaseFile, today: dt.date) -> int:
    child = case.child_id
    links = Relationship.objects.filter(Q(person_id=child) | Q(relative_id=child), kind__in=SIBLING_KINDS).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    siblings = {pk for pair in links.values_list("person_id", "relative_id") for pk in pair} - {child}
    if not siblings:
        return 0
    return (
        Measure.objects.filter(
            case__child_id__in=siblings,
            case__status__in=OPEN_STATES,
            measure_type__category=MeasureCategory.STATIONARY,
            status__in=WAITING_MEASURE_STATES,
        )
        .exclude(case=case)
        .values("case__child_id")
        .distinct()
        .count()
    )


def _home_commune(case: CaseFile) -> tuple[Commune | None, bool]:
    """The parents' commune (the first parent or legal representative with one), else the child's."""
    parents = (
        CaseParticipant.objects.filter(
            case=case, role__in=(ParticipantRole.PARENT, ParticipantRole.LEGAL_REPRESENTATIVE), person__commune__isnull=False
        )
        .select_related("person__commune")
        .order_by("position", "id")
        .first()
    )
    if parents is not None:
        return parents.person.commune, True
    child_commune = Commune.objects.filter(pk=case.child.commune_id).first() if case.child.commune_id else None
    return child_commune, False


def child_needs(case: CaseFile, today: dt.date) -> ChildNeeds:
    child = case.child
    codes = [str(code) for code in (child.languages or []) if code]
    request = case.request if case.request_id else None
    if not codes and request is not None and request.preferred_language:
        codes = [request.preferred_language]
    commune, is_parents = _home_commune(case)
    return ChildNeeds(
        age=child.age_on(today),
        siblings_needing_placement=_siblings_needing_placement(case, today),
        languages=frozenset(codes),
        commune=commune,
        commune_is_parents=is_parents,
    )


# Each criterion: points and a reason -------------------------------------------------------------


def _age(family: FosterFamily, needs: ChildNeeds) -> tuple[float, str]:
    if needs.age is None:
        return 0.0, _("The child's date of birth is not recorded: age not compared.")
    if family.min_age is None and family.max_age is None:
        return 0.0, _("The family has not said which ages it takes.")
    low = family.min_age if family.min_age is not None else 0
    high = family.max_age if family.max_age is not None else 27
    values = {"age": needs.age, "low": low, "high": high}
    if low <= needs.age <= high:
        return AGE_POINTS, _("The child is %(age)d: the family takes children aged %(low)d to %(high)d.") % values
    return -AGE_POINTS, _("The child is %(age)d: outside the ages the family takes (%(low)d to %(high)d).") % values


def _siblings(free: int, needs: ChildNeeds) -> tuple[float, str, bool | None]:
    count = needs.siblings_needing_placement
    if count == 0:
        return 0.0, "", None
    values = {"count": count, "needed": needs.places_needed, "free": free}
    if free >= needs.places_needed:
        text = ngettext(
            "Room for the child and the brother or sister who also needs a placement: they can stay together.",
            "Room for the child and the %(count)d brothers and sisters who also need a placement: they can stay together.",
            count,
        )
        return SIBLING_POINTS, text % values, True
    text = ngettext(
        "Not enough places to keep the child with the brother or sister who also needs a placement "
        "(%(needed)d needed, %(free)d free).",
        "Not enough places to keep the child with the %(count)d brothers and sisters who also need a placement "
        "(%(needed)d needed, %(free)d free).",
        count,
    )
    return -SIBLING_POINTS, text % values, False


def _languages(family: FosterFamily, needs: ChildNeeds) -> tuple[float, str, list[str]]:
    if not needs.languages:
        return 0.0, _("The child's languages are not recorded: languages not compared."), []
    offered = {language.code for language in family.languages.all()}
    common = sorted(needs.languages & offered)
    if common:
        names = ", ".join(language_name(code) for code in common)
        return LANGUAGE_POINTS, _("Speaks the child's language: %(languages)s.") % {"languages": names}, common
    names = ", ".join(language_name(code) for code in sorted(needs.languages))
    return 0.0, _("No language in common (the child speaks %(languages)s).") % {"languages": names}, []


def _distance(family: FosterFamily, needs: ChildNeeds, zero_km: float) -> tuple[float, str, float | None]:
    if needs.commune is None:
        return 0.0, _("Distance unknown: the parents' commune is not recorded."), None
    if family.commune is None:
        return 0.0, _("Distance unknown: the family's commune is not recorded."), None
    km = haversine_km(family.commune.latitude, family.commune.longitude, needs.commune.latitude, needs.commune.longitude)
    points = DISTANCE_POINTS * max(0.0, 1 - km / zero_km)
    values = {"km": round(km), "commune": str(needs.commune)}
    if needs.commune_is_parents:
        return points, _("About %(km)d km from the parents' commune (%(commune)s).") % values, km
    return points, _("About %(km)d km from the child's commune (%(commune)s).") % values, km


def _free(family: FosterFamily, free: int, needs: ChildNeeds) -> tuple[float, str]:
    spare = min(max(free - needs.places_needed, 0), FREE_PLACE_CAP)
    text = ngettext("%(free)d free place out of %(capacity)d.", "%(free)d free places out of %(capacity)d.", free) % {
        "free": free,
        "capacity": family.capacity,
    }
    return FREE_PLACE_POINTS * spare, text


# The suggestions ---------------------------------------------------------------------------------


def _candidates(case: CaseFile, today: dt.date) -> list[Any]:
    from .selectors import with_occupancy

    families = FosterFamily.objects.filter(
        pack=case.pack,
        status=FosterFamilyStatus.APPROVED,
        approved_from__lte=today,
        approved_until__gte=today,
    )
    return list(
        with_occupancy(families, today).select_related("commune").prefetch_related("languages").order_by("name_folded", "id")
    )


def suggestions_for(case: CaseFile, *, today: dt.date) -> list[Suggestion]:
    """Approved families (approval covering ``today``) with a free place, best first, each with
    the reasons for its place in the list."""
    needs = child_needs(case, today)
    zero_km = foster_rules(case.pack).distance_zero_km
    suggestions = []
    for family in _candidates(case, today):
        free = family.capacity - family.occupied
        if free <= 0:
            continue
        age_points, age_reason = _age(family, needs)
        sibling_points, sibling_reason, together = _siblings(free, needs)
        language_points, language_reason, common = _languages(family, needs)
        distance_points, distance_reason, km = _distance(family, needs, zero_km)
        free_points, free_reason = _free(family, free, needs)
        reasons = [r for r in (age_reason, sibling_reason, language_reason, distance_reason, free_reason) if r]
        suggestions.append(
            Suggestion(
                family=family,
                score=round(age_points + sibling_points + language_points + distance_points + free_points, 2),
                reasons=reasons,
                free_places=free,
                distance_km=km,
                keeps_siblings_together=together,
                common_languages=common,
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.family.name_folded, s.family.pk))
    return suggestions
