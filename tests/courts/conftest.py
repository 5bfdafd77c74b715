"""The cast around a judicial case: carla (``coordinator``) holds the case in Esch, bob
(``office_head``) heads Esch, erik (``colleague``) is another Esch coordinator (reads, may not
change), dora (``other_coordinator``) coordinates in Wiltz (the case does not exist for her),
charlie (``outsider``) is a provider's staff member, ada (``administrator``) sets time limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.cases.models import Framework
from openaef.cases.selectors import CaseAccess
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.people.factories import PersonFactory


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
def administrator(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="ada@example.test", full_name="Ada Admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    child = PersonFactory(surname="Schmit", first_names="Léa")
    return make_case(office=office, coordinator=coordinator, child=child, framework=Framework.JUDICIAL)


@pytest.fixture
def access(case):  # type: ignore[no-untyped-def]
    return CaseAccess(case=case, can_edit=True)
