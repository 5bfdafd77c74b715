"""The cast around a case's consents: carla (``coordinator``) holds the case in Esch, bob
(``office_head``) heads Esch, erik (``colleague``) is another Esch coordinator (reads, may not
change; complaints may be assigned to him), dora (``other_coordinator``) coordinates in Wiltz
(the case does not exist for her), charlie (``outsider``) is a provider's staff member. Léa's
parents are Marie and Paul."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openaef.accounts.models import Role
from openaef.cases.selectors import CaseAccess
from openaef.consents import parameters
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import add_parent


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
    child = PersonFactory(surname="Schmit", first_names="Léa")
    return make_case(office=office, coordinator=coordinator, child=child)


@pytest.fixture
def parents(case):  # type: ignore[no-untyped-def]
    return [add_parent(case, "Marie", position=1), add_parent(case, "Paul", position=2)]


@pytest.fixture
def access(case):  # type: ignore[no-untyped-def]
    return CaseAccess(case=case, can_edit=True)


@pytest.fixture
def with_rules(monkeypatch):  # type: ignore[no-untyped-def]
    """Deadlines from pack rules (the Luxembourg pack has none: both are null)."""

    def use(answer_within: str | None = None, complaint_answer_within: str | None = None) -> None:
        rules = parameters.ConsentRules(
            answer_within=answer_within, complaint_answer_within=complaint_answer_within, remind_before=3
        )
        monkeypatch.setattr(parameters, "consent_rules", lambda pack_code=None: rules)

    return use
