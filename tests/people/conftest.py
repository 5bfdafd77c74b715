from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.cases.models import CaseFile
from openaef.people.models import Person
from tests.factories import UserFactory

from .factories import CaseFileFactory, PersonFactory, add_participant


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def other_coordinator(db, other_office):  # type: ignore[no-untyped-def]
    """dora: a coordinator of the Wiltz office, with no case around the family."""
    return UserFactory(email="dora@example.test", full_name="Dora Wiltz", roles=[(Role.COORDINATOR, other_office)])


@pytest.fixture
def child(db) -> Person:  # type: ignore[no-untyped-def]
    return PersonFactory(surname="Schmit", first_names="Léa Marie", birth_date=dt.date(2015, 5, 17))


@pytest.fixture
def mother(db) -> Person:  # type: ignore[no-untyped-def]
    return PersonFactory(surname="Schmit", surname_at_birth="Da Silva", first_names="Ana", birth_date=dt.date(1988, 2, 3))


@pytest.fixture
def case(db, child, mother, office, coordinator) -> CaseFile:  # type: ignore[no-untyped-def]
    """Léa's case, in Esch, followed by Carla; her mother takes part."""
    case = CaseFileFactory(child=child, office=office, coordinator=coordinator)
    add_participant(case, mother)
    return case
