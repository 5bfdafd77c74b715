"""The cast around the foster register: carla (``coordinator``) and bob (``office_head``) may see
and change it; alice (``intake_officer``) and charlie (``outsider``) may not. The child, Léa
(born 17 May 2015, so 11 on 1 June 2026), speaks French and Portuguese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.cases.factories import make_case
from tests.people.factories import PersonFactory


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    child = PersonFactory(surname="Schmit", first_names="Léa", languages=["fr", "pt"])
    return make_case(office=office, coordinator=coordinator, child=child)
