"""The cast around a case: carla (``coordinator``) holds it in Esch, bob (``office_head``) heads
Esch, erik (``colleague``) is another Esch coordinator (reads the office's cases, may not change
them), dora (``other_coordinator``) coordinates in Wiltz (the case does not exist for her),
charlie (``outsider``) is a provider's staff member."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from tests.factories import UserFactory

from .factories import make_case


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
    """Carla's case in Esch: Léa Schmit, 10."""
    from .factories import PersonFactory

    child = PersonFactory(surname="Schmit", first_names="Léa")
    return make_case(office=office, coordinator=coordinator, child=child)
