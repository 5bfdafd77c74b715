"""Whatever the household's figures and the provider's tariff, a decided contribution is never
negative and never above what the measure costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openaef.cases.models import Framework
from openaef.finance.models import ItemKind, Unit
from openaef.finance.services_assessments import assessment_create, assessment_decide

from .factories_assessments import *  # noqa: F403  (the fixtures)
from .factories_assessments import add_tariff, placed_measure

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("60000"), places=2, allow_nan=False, allow_infinity=False)
cost = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("600"), places=2, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Rollback(Exception):
    pass


def decide(finance, measure, payer, incomes, expenses, children):  # type: ignore[no-untyped-def]
    items = [(ItemKind.INCOME, "salary", "", m) for m in incomes] + [(ItemKind.EXPENSE, "rent", "", m) for m in expenses]
    draft = assessment_create(
        actor=finance, measure=measure, payer=payer, effective_from=dt.date(2026, 1, 1), dependent_children=children, items=items
    )
    return assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)


@SETTINGS
@given(
    incomes=st.lists(money, min_size=0, max_size=4),
    expenses=st.lists(money, max_size=3),
    children=st.integers(min_value=0, max_value=8),
    per_day=cost,
    by_court=st.booleans(),
)
def test_a_decided_stationary_contribution_is_between_zero_and_the_cost(
    finance, case, parents, incomes, expenses, children, per_day, by_court
):
    try:
        with transaction.atomic():
            case.framework = Framework.JUDICIAL if by_court else Framework.VOLUNTARY
            case.save(update_fields=["framework"])
            measure = placed_measure(case)
            add_tariff(measure, str(per_day))
            decided = decide(finance, measure, parents[0], incomes, expenses, children)
            assert Decimal("0") <= decided.monthly_amount <= per_day * 30
            assert Decimal("0") <= decided.daily_amount <= per_day
            raise Rollback
    except Rollback:
        pass


@SETTINGS
@given(incomes=st.lists(money, min_size=1, max_size=3), per_hour=cost)
def test_a_decided_hourly_contribution_is_between_zero_and_the_hourly_cost(finance, case, parents, incomes, per_hour):
    try:
        with transaction.atomic():
            measure = placed_measure(case, "AMB-PSY")
            add_tariff(measure, str(per_hour), unit=Unit.HOUR)
            decided = decide(finance, measure, parents[0], incomes, [], 1)
            assert Decimal("0") <= decided.hourly_amount <= per_hour
            raise Rollback
    except Rollback:
        pass
