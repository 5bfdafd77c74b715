from __future__ import annotations

import pytest

from openaef.accounts.models import Role
from tests.factories import UserFactory

from .factories import Family, make_family


@pytest.fixture
def dpo(db):  # type: ignore[no-untyped-def]
    """dora: the data protection officer."""
    return UserFactory(email="dora@example.test", full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])


@pytest.fixture
def family(db, office, coordinator) -> Family:  # type: ignore[no-untyped-def]
    return make_family(office=office, coordinator=coordinator)
