"""The cast around a placement (as for measures): carla (``coordinator``) holds the case in Esch,
bob (``office_head``) heads Esch, erik (``colleague``) is another Esch coordinator (reads only),
dora (``other_coordinator``) coordinates in Wiltz, charlie (``outsider``) is a provider's staff
member. The child, Léa, was born on 17 May 2015."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.cases.selectors import CaseAccess
from openaef.courts.models import Authority, DecisionKind, JudicialDecision
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from tests.cases.factories import make_case
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

STATIONARY = ["STA-PRIO", "STA-EMERG", "STA-FOSTER", "STA-INST-BASE", "STA-U3", "STA-ABROAD", "AMB-PSY"]


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def colleague(db, office):  # type: ignore[no-untyped-def]
    return UserFactory(email="erik@example.test", full_name="Erik Colleague", roles=[(Role.COORDINATOR, office)])


@pytest.fixture
def other_coordinator(db, other_office):  # type: ignore[no-untyped-def]
    return UserFactory(email="dora@example.test", full_name="Dora Wiltz", roles=[(Role.COORDINATOR, other_office)])


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    child = PersonFactory(surname="Schmit", first_names="Léa", birth_date=dt.date(2015, 5, 17))
    return make_case(office=office, coordinator=coordinator, child=child)


@pytest.fixture
def access(case):  # type: ignore[no-untyped-def]
    return CaseAccess(case=case, can_edit=True)


@pytest.fixture
def home(db):  # type: ignore[no-untyped-def]
    """A children's home in Esch offering the stationary measures."""
    return ServiceFactory(code="T-HOME", name={"en": "Harbour home"}, measures=STATIONARY, commune="esch-sur-alzette")


def foster_family(reference: str = "FF-1", status: str = FosterFamilyStatus.APPROVED, **fields: Any) -> FosterFamily:
    fields.setdefault("capacity", 4)
    if status == FosterFamilyStatus.APPROVED:
        today = dt.date.today()
        fields.setdefault("approved_from", today - dt.timedelta(days=365))
        fields.setdefault("approved_until", today + dt.timedelta(days=365))
    return FosterFamily.objects.create(pack="lu", reference=reference, name=f"Family {reference}", status=status, **fields)


def decision(case: Any, on: dt.date = dt.date(2026, 1, 5), kind: str = DecisionKind.PROVISIONAL_CUSTODY) -> JudicialDecision:
    return JudicialDecision.objects.create(
        case=case,
        kind=kind,
        authority=Authority.JUDGE,
        court="Tribunal de la jeunesse",
        decided_on=on,
        created_by=case.coordinator,
    )
