"""The cast of providers' billing: nadia works for the Esch provider (family help AMB-SAF and
institutional care STA-INST-BASE), paul for another provider, fiona is a finance officer,
carla (``coordinator``) holds the cases. Measures and activity are written straight to the
tables, as the agency's and the provider's services leave them.

Import the fixtures into a test module: ``from tests.finance.factories_billing import *``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.directory.models import MeasureType
from openaef.finance.models import Tariff
from openaef.measures.models import ActivityRecord, Measure
from openaef.measures.states import MeasureStatus
from tests.cases.factories import PersonFactory, make_case
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import UserFactory
from tests.provider.factories import provider_staff_of

__all__ = [
    "billing_provider",
    "billing_service",
    "finance_officer",
    "login",
    "make_activity",
    "make_running_measure",
    "make_tariff",
    "nadia",
    "other_billing_provider",
    "paul",
]

FEB = dt.date(2026, 2, 1)


def make_tariff(provider: Any, code: str, unit: str, amount: str, valid_from: dt.date, *, service: Any = None, by: Any) -> Tariff:
    return Tariff.objects.create(
        provider=provider,
        service=service,
        measure_type=MeasureType.objects.get(pack="lu", code=code),
        unit=unit,
        amount=Decimal(amount),
        valid_from=valid_from,
        reference="Convention 2026",
        created_by=by,
    )


def make_running_measure(
    *,
    service: Any,
    coordinator: Any,
    office: Any,
    code: str = "AMB-SAF",
    started_on: dt.date = FEB,
    ended_on: dt.date | None = None,
    surname: str = "Schmit",
    first_names: str = "Léa",
) -> Measure:
    child = PersonFactory(surname=surname, first_names=first_names, birth_date=dt.date(2015, 5, 17))
    case = make_case(office=office, coordinator=coordinator, child=child)
    return Measure.objects.create(
        case=case,
        measure_type=MeasureType.objects.get(pack="lu", code=code),
        status=MeasureStatus.ENDED if ended_on else MeasureStatus.ACTIVE,
        service=service,
        location=service.locations.first(),
        provider=service.provider,
        started_on=started_on,
        ended_on=ended_on,
        created_by=coordinator,
    )


def make_activity(
    measure: Measure, month: dt.date, *, days: str | None = None, hours: str | None = None, by: Any
) -> ActivityRecord:
    return ActivityRecord.objects.create(
        measure=measure,
        month=month.replace(day=1),
        days=Decimal(days) if days is not None else None,
        hours=Decimal(hours) if hours is not None else None,
        recorded_by=by,
    )


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def billing_provider(db):  # type: ignore[no-untyped-def]
    return ProviderFactory(name="Familljenhëllef Esch")


@pytest.fixture
def billing_service(billing_provider):  # type: ignore[no-untyped-def]
    return ServiceFactory(
        provider=billing_provider,
        code="T-BILL",
        name={"en": "Family help at home"},
        measures=["AMB-SAF", "STA-INST-BASE"],
        commune="esch-sur-alzette",
    )


@pytest.fixture
def other_billing_provider(db):  # type: ignore[no-untyped-def]
    provider = ProviderFactory(name="Elsewhere services")
    ServiceFactory(provider=provider, code="T-ELSE", measures=["AMB-SAF"], commune="wiltz")
    return provider


@pytest.fixture
def nadia(billing_provider):  # type: ignore[no-untyped-def]
    return provider_staff_of(billing_provider, email="nadia@example.test", full_name="Nadia Provider")


@pytest.fixture
def paul(other_billing_provider):  # type: ignore[no-untyped-def]
    return provider_staff_of(other_billing_provider, email="paul@example.test", full_name="Paul Elsewhere")


@pytest.fixture
def finance_officer(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="fiona@example.test", full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])
