"""The cast: carla (``coordinator``) holds a case in Esch, bob (``office_head``) heads Esch, erik
(``colleague``) coordinates in Esch too, dora (``other_coordinator``) in Wiltz, charlie
(``outsider``) is a provider's staff member; alice (``intake_officer``) triages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    from tests.cases.journal_factories import make_case

    return make_case(office=office, coordinator=coordinator)


@pytest.fixture
def colleague(db, office):  # type: ignore[no-untyped-def]
    """erik: another Esch coordinator."""
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(email="erik@example.test", full_name="Erik Colleague", roles=[(Role.COORDINATOR, office)])


@pytest.fixture
def other_coordinator(db, other_office):  # type: ignore[no-untyped-def]
    """dora: a Wiltz coordinator."""
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(email="dora@example.test", full_name="Dora Wiltz", roles=[(Role.COORDINATOR, other_office)])
