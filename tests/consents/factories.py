"""Placements, stays, consent requests and complaints written straight to the tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.consents.models import ActKind, Complaint, ConsentRequest
from openaef.measures.states import MeasureStatus
from openaef.placements.models import LegalBasis, PlaceKind, Placement, PlacementStatus, PlacementStay
from tests.measures.factories import make_measure
from tests.people.factories import PersonFactory


def add_parent(case: Any, first_names: str = "Marie", role: str = ParticipantRole.PARENT, position: int = 1) -> Any:
    parent = PersonFactory(surname=case.child.surname, first_names=first_names, birth_date=dt.date(1985, 2, 3))
    CaseParticipant.objects.create(case=case, person=parent, role=role, position=position)
    return parent


def make_placement(case: Any, code: str = "STA-INST-BASE", admitted_on: dt.date | None = None, **fields: Any) -> Placement:
    measure = make_measure(case, code, MeasureStatus.ACTIVE, started_on=admitted_on)
    return Placement.objects.create(
        case=case,
        measure=measure,
        status=fields.pop("status", PlacementStatus.ACTIVE),
        legal_basis=fields.pop("legal_basis", LegalBasis.AGREEMENT),
        admitted_on=admitted_on,
        created_by=case.coordinator,
        **fields,
    )


def add_stay(
    placement: Placement, from_on: dt.date, until_on: dt.date | None = None, country: str = "LU", **fields: Any
) -> PlacementStay:
    kind = PlaceKind.FOSTER_FAMILY if fields.get("foster_family") else PlaceKind.INSTITUTION
    return PlacementStay.objects.create(
        placement=placement,
        place_kind=kind,
        country=country,
        from_on=from_on,
        until_on=until_on,
        institution_name=fields.pop("institution_name", "" if kind == PlaceKind.FOSTER_FAMILY else "Foyer Test"),
        created_by=placement.created_by,
        **fields,
    )


def make_request(case: Any, parents: list[Any], **fields: Any) -> ConsentRequest:
    request = ConsentRequest.objects.create(
        case=case,
        act_kind=fields.pop("act_kind", ActKind.SURGERY),
        description=fields.pop("description", "Tonsils removed at the CHL."),
        asked_on=fields.pop("asked_on", dt.date(2026, 3, 2)),
        deadline_on=fields.pop("deadline_on", dt.date(2026, 3, 16)),
        created_by=case.coordinator,
        **fields,
    )
    request.asked_of.set(parents)
    return request


def make_complaint(case: Any, from_person: Any, **fields: Any) -> Complaint:
    return Complaint.objects.create(
        case=case,
        from_person=from_person,
        received_on=fields.pop("received_on", dt.date(2026, 3, 2)),
        about=fields.pop("about", "Visits are too rare."),
        created_by=case.coordinator,
        **fields,
    )
