"""The cast around a contribution: fiona (``finance``) assesses it; carla (``coordinator``)
holds Léa's case in Esch and reads it, bob (``office_head``) heads Esch and reads it, dora
(``other_coordinator``) coordinates in Wiltz (the case does not exist for her), charlie
(``outsider``) is a provider's staff member. Léa's parents are Marie and Paul; Léa lives in an
institution (STA-INST-BASE) since 5 January 2026 at a provider paid 200 EUR a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.finance.models import Assessment, AssessmentItem, ItemKind, Tariff, Unit
from openaef.finance.states import AssessmentStatus
from openaef.measures.states import MeasureStatus
from tests.cases.factories import make_case
from tests.consents.factories import add_parent
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory
from tests.measures.factories import make_measure, measure_type
from tests.people.factories import PersonFactory

START = dt.date(2026, 1, 5)
SALARY = (ItemKind.INCOME, "salary", "Marie's salary", Decimal("4200.00"))
RENT = (ItemKind.EXPENSE, "rent", "", Decimal("1000.00"))


def add_tariff(
    measure: Any, amount: str, unit: str = Unit.DAY, valid_from: dt.date = dt.date(2025, 1, 1), **fields: Any
) -> Tariff:
    return Tariff.objects.create(
        provider=measure.provider,
        service=fields.pop("service", None),
        measure_type=measure.measure_type,
        unit=unit,
        amount=Decimal(amount),
        valid_from=valid_from,
        reference=fields.pop("reference", "Convention 2025/12"),
        created_by=measure.case.coordinator,
    )


def placed_measure(
    case: Any, code: str = "STA-INST-BASE", status: str = MeasureStatus.ACTIVE, started_on: dt.date = START
) -> Any:
    service = ServiceFactory(measures=[code])
    return make_measure(case, code, status, provider=service.provider, service=service, started_on=started_on)


def decided_assessment(measure: Any, payer: Any, monthly: str = "383.55", **fields: Any) -> Assessment:
    assessment = Assessment.objects.create(
        case=measure.case,
        measure=measure,
        payer=payer,
        pack="lu",
        status=fields.pop("status", AssessmentStatus.DECIDED),
        effective_from=fields.pop("effective_from", dt.date(2026, 1, 1)),
        dependent_children=fields.pop("dependent_children", 2),
        monthly_amount=Decimal(monthly),
        daily_amount=fields.pop("daily_amount", Decimal("12.79")),
        method="lu.stationary",
        computation=fields.pop("computation", {"method": "lu.stationary", "amounts": {}, "lines": []}),
        decided_at=timezone.now(),
        decided_by=measure.case.coordinator,
        created_by=measure.case.coordinator,
        **fields,
    )
    AssessmentItem.objects.create(assessment=assessment, kind=ItemKind.INCOME, category="salary", monthly=Decimal("4200.00"))
    AssessmentItem.objects.create(assessment=assessment, kind=ItemKind.EXPENSE, category="rent", monthly=Decimal("1000.00"))
    return assessment


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def finance(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="fiona@example.test", full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def other_coordinator(db, other_office):  # type: ignore[no-untyped-def]
    return UserFactory(email="dora@example.test", full_name="Dora Wiltz", roles=[(Role.COORDINATOR, other_office)])


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    child = PersonFactory(surname="Schmit", first_names="Léa")
    return make_case(office=office, coordinator=coordinator, child=child)


@pytest.fixture
def parents(case):  # type: ignore[no-untyped-def]
    return [add_parent(case, "Marie", position=1), add_parent(case, "Paul", position=2)]


@pytest.fixture
def measure(case):  # type: ignore[no-untyped-def]
    placed = placed_measure(case)
    add_tariff(placed, "200.00")
    return placed


__all__ = [
    "RENT",
    "SALARY",
    "START",
    "add_tariff",
    "case",
    "decided_assessment",
    "finance",
    "login",
    "measure",
    "measure_type",
    "other_coordinator",
    "parents",
    "placed_measure",
]
