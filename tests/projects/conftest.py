"""The cast around a project: carla (``coordinator``) holds the case in Esch and writes the
project, bob (``office_head``) heads Esch and validates, erik (``colleague``) is another Esch
coordinator (validates, may not change the case), dora (``other_coordinator``) works in Wiltz
(the case does not exist for her), charlie (``outsider``) is a provider's staff member.

The child, Léa, is 13 (capable of discernment in Luxembourg's pack); her mother Anna holds
parental authority; her father Marc is in the case without it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.cases.models import ParticipantRole
from tests.factories import UserFactory

from .factories import add_parent, make_case


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
    case = make_case(office=office, coordinator=coordinator, birth_date=dt.date(2012, 3, 1))
    add_parent(case, first_names="Anna", authority=True)
    add_parent(case, first_names="Marc", authority=False, role=ParticipantRole.PARENT)
    return case
