"""Contributions in force and validated statement lines, written straight to the tables, for the
invoice tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openaef.accounts.models import Role
from openaef.directory.models import Office, Provider
from openaef.finance.models import Assessment, Statement, StatementLine, Unit
from openaef.finance.states import AssessmentStatus, StatementStatus
from openaef.measures.states import MeasureStatus
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.measures.factories import add_parent, make_measure

MARCH = dt.date(2026, 3, 1)


def finance_officer(email: str = "") -> Any:
    return UserFactory(roles=[Role.FINANCE_OFFICER], **({"email": email} if email else {}))


def provider() -> Provider:
    return Provider.objects.filter(pack="lu").order_by("id").first()  # type: ignore[return-value]


def statement(month: dt.date = MARCH, status: str = StatementStatus.VALIDATED) -> Statement:
    found, _ = Statement.objects.get_or_create(provider=provider(), month=month, defaults={"status": status})
    return found


def measure_with_payer(actor: Any) -> tuple[Any, Any]:
    # The case's coordinator creates its measures; who it is does not matter to invoicing.
    case = make_case(coordinator=actor, office=Office.objects.get(pack="lu", code="ORE-ESCH"))
    measure = make_measure(case, "STA-INST-BASE", MeasureStatus.ACTIVE)
    return measure, add_parent(case)


def assess(
    measure: Any,
    payer: Any,
    actor: Any,
    *,
    monthly: str | None = "300.00",
    daily: str | None = "14.76",
    hourly: str | None = None,
    effective_from: dt.date = dt.date(2026, 1, 1),
    status: str = AssessmentStatus.DECIDED,
    previous: Assessment | None = None,
) -> Assessment:
    return Assessment.objects.create(
        case=measure.case,
        measure=measure,
        payer=payer,
        pack="lu",
        status=status,
        previous=previous,
        effective_from=effective_from,
        monthly_amount=Decimal(monthly) if monthly is not None else None,
        daily_amount=Decimal(daily) if daily is not None else None,
        hourly_amount=Decimal(hourly) if hourly is not None else None,
        created_by=actor,
    )


def line(
    measure: Any, quantity: str, cost: str = "5000.00", unit: str = Unit.DAY, month: dt.date = MARCH, **kw: Any
) -> StatementLine:
    return StatementLine.objects.create(
        statement=kw.pop("statement", None) or statement(month, kw.pop("status", StatementStatus.VALIDATED)),
        measure=measure,
        unit=unit,
        quantity=Decimal(quantity),
        amount=Decimal(cost),
    )


def billable(actor: Any, days: str = "10", **assessment: Any) -> tuple[Any, Assessment]:
    """A measure with a decided contribution and ``days`` of presence validated for March."""
    measure, payer = measure_with_payer(actor)
    found = assess(measure, payer, actor, **assessment)
    line(measure, days)
    return measure, found
