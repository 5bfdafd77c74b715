from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.rights.retention_rules import KINDS, RetentionRules, parse_retention
from tests.factories import UserFactory

# A Monday: the cutoffs of "months:24" then fall on ordinary days.
AS_OF = dt.date(2026, 3, 2)


def rules_with(periods: dict[str, str | None] | None = None, default: str | None = "months:24") -> RetentionRules:
    """Rules for every kind, each with an assumption; ``periods`` overrides some of them."""
    periods = periods or {}
    return parse_retention(
        {
            "kinds": {
                kind: {"keep_after_last_contact": periods.get(kind, default), "then": then, "assumption": "Test."}
                for kind, (_label, then) in KINDS.items()
            }
        }
    )


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@pytest.fixture
def rules() -> RetentionRules:
    return rules_with()


@pytest.fixture
def cutoff(rules: RetentionRules) -> dt.date:
    day = rules.get("case_files").cutoff(AS_OF)
    assert day is not None
    return day


@pytest.fixture
def dpo(db: Any) -> Any:
    """dora: the data protection officer."""
    return UserFactory(email="dora@example.test", full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])
