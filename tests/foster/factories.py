"""Foster families, their stays and a child's family, written straight to the tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.core.text import fold
from openaef.directory.models import Commune, Language, MeasureType
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.foster.reference import new_family_reference
from openaef.measures.models import Measure
from openaef.measures.states import MeasureStatus
from openaef.people.models import Relationship, RelationshipKind
from openaef.placements.models import LegalBasis, PlaceKind, Placement, PlacementStay
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

TODAY = dt.date(2026, 6, 1)


def commune(code: str) -> Commune:
    return Commune.objects.get(pack="lu", code=code)


def make_family(
    name: str = "Weber household",
    *,
    status: str = FosterFamilyStatus.APPLIED,
    languages: tuple[str, ...] = (),
    commune_code: str | None = None,
    **fields: Any,
) -> FosterFamily:
    reference = fields.pop("reference", None) or new_family_reference(2026)
    locality = fields.pop("locality", "")
    family = FosterFamily.objects.create(
        pack="lu",
        reference=reference,
        name=name,
        name_folded=fold(name),
        search_text=" ".join(p for p in (fold(name), fold(reference), reference.replace("-", "").lower(), fold(locality)) if p),
        locality=locality,
        status=status,
        commune=commune(commune_code) if commune_code else None,
        **fields,
    )
    for code in languages:
        family.languages.add(Language.objects.get_or_create(code=code)[0])
    return family


def approved_family(name: str = "Weber household", *, capacity: int = 2, **fields: Any) -> FosterFamily:
    fields.setdefault("approved_from", TODAY - dt.timedelta(days=100))
    fields.setdefault("approved_until", TODAY + dt.timedelta(days=300))
    return make_family(name, status=FosterFamilyStatus.APPROVED, capacity=capacity, **fields)


def stationary_measure(case: CaseFile, status: str = MeasureStatus.PLANNED, code: str = "STA-FOSTER") -> Measure:
    return Measure.objects.create(
        case=case,
        measure_type=MeasureType.objects.get(pack="lu", code=code),
        status=status,
        created_by=case.coordinator or UserFactory(),
    )


def make_stay(family: FosterFamily, *, office: Any, until_on: dt.date | None = None) -> PlacementStay:
    """A child staying with ``family`` (a placement of another case)."""
    user = UserFactory()
    case = make_case(office=office, coordinator=user)
    measure = stationary_measure(case, MeasureStatus.ACTIVE)
    placement = Placement.objects.create(case=case, measure=measure, legal_basis=LegalBasis.AGREEMENT, created_by=user)
    return PlacementStay.objects.create(
        placement=placement,
        place_kind=PlaceKind.FOSTER_FAMILY,
        foster_family=family,
        country="LU",
        from_on=TODAY - dt.timedelta(days=30),
        until_on=until_on,
        created_by=user,
    )


def add_sibling(case: CaseFile, *, office: Any, needs_placement: bool = True) -> Any:
    """A brother or sister of the case's child with their own case, needing a placement or not."""
    sibling = PersonFactory(surname=case.child.surname, first_names="Tom", birth_date=dt.date(2017, 3, 1))
    Relationship.objects.create(person=sibling, relative=case.child, kind=RelationshipKind.SIBLING)
    sibling_case = make_case(office=office, coordinator=case.coordinator, child=sibling)
    stationary_measure(sibling_case, MeasureStatus.PLANNED, "STA-FOSTER" if needs_placement else "AMB-PSY")
    return sibling


def add_parent(case: CaseFile, commune_code: str | None) -> Any:
    parent = PersonFactory(
        surname=case.child.surname,
        first_names="Marie",
        birth_date=dt.date(1985, 2, 3),
        commune=commune(commune_code) if commune_code else None,
    )
    CaseParticipant.objects.create(case=case, person=parent, role=ParticipantRole.PARENT, position=1)
    return parent
