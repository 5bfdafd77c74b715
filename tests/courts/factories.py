"""Court records written straight to the tables, for the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openaef.courts.models import Authority, DecisionKind, Hearing, JudicialDecision, LegalRemedy, RemedyKind


def make_decision(case: Any, **fields: Any) -> JudicialDecision:
    values: dict[str, Any] = {
        "kind": DecisionKind.PROVISIONAL_CUSTODY,
        "authority": Authority.JUDGE,
        "court": "TJ-LUX",
        "decided_on": dt.date(2026, 3, 2),
        "created_by": case.coordinator,
    }
    values.update(fields)
    return JudicialDecision.objects.create(case=case, **values)


def make_hearing(case: Any, **fields: Any) -> Hearing:
    values: dict[str, Any] = {
        "at": timezone.now() + dt.timedelta(days=10),
        "court": "TJ-LUX",
        "purpose": "Review of the placement",
        "created_by": case.coordinator,
    }
    values.update(fields)
    return Hearing.objects.create(case=case, **values)


def make_remedy(decision: JudicialDecision, **fields: Any) -> LegalRemedy:
    values: dict[str, Any] = {
        "kind": RemedyKind.APPEAL,
        "lodged_on": decision.decided_on,
        "lodged_by_name": "The mother's lawyer",
        "created_by": decision.created_by,
    }
    values.update(fields)
    return LegalRemedy.objects.create(decision=decision, **values)


def date_fields(prefix: str, day: dt.date) -> dict[str, Any]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}
