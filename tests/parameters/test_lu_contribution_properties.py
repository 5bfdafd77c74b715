"""Properties of Luxembourg's contribution that hold for every household, whatever the figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openaef.core.parameters import load_rules, parameters_at

rules = load_rules("lu")
STATIONARY = ["STA-PRIO", "STA-INST-BASE", "STA-DAY", "STA-FOSTER", "STA-ABROAD"]
HOURLY = ["AMB-SAF", "AMB-LOGO", "AMB-PSY"]
DATES = [dt.date(2013, 6, 1), dt.date(2019, 3, 1), dt.date(2023, 9, 1), dt.date(2025, 4, 30), dt.date(2026, 1, 1)]

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("40000"), places=2, allow_nan=False, allow_infinity=False)
cost = st.one_of(st.none(), st.decimals(min_value=Decimal("0"), max_value=Decimal("400"), places=2))
situations = st.fixed_dictionaries(
    {
        "measure_type": st.sampled_from(STATIONARY + HOURLY),
        "dependent_children": st.integers(min_value=0, max_value=8),
        "court_placement": st.booleans(),
        "income": money,
        "rent": money,
        "other": money,
        "cost": cost,
        "hours": st.integers(min_value=0, max_value=200),
        "date": st.sampled_from(DATES),
    }
)


def compute(s: dict, *, income_extra: Decimal = Decimal("0"), rent_extra: Decimal = Decimal("0")):  # type: ignore[type-arg]
    hourly = s["measure_type"] in HOURLY
    situation = {
        "measure_type": s["measure_type"],
        "dependent_children": s["dependent_children"],
        "court_placement": s["court_placement"],
        "incomes": [{"kind": "salary", "monthly": str(s["income"] + income_extra)}],
        "expenses": [{"kind": "rent", "monthly": str(s["rent"] + rent_extra)}, {"kind": "food", "monthly": str(s["other"])}],
        ("cost_per_hour" if hourly else "cost_per_day"): s["cost"],
        "hours": s["hours"],
    }
    return rules.contribution(situation, parameters_at("lu", s["date"], database=False))


def amounts(s: dict, **kwargs) -> dict:  # type: ignore[type-arg]
    return {k: v for k, v in compute(s, **kwargs).amounts.items() if v is not None}


@settings(max_examples=300, deadline=None)
@given(situations)
def test_the_contribution_is_never_negative_and_always_in_cents(s):
    for value in amounts(s).values():
        assert value >= 0
        assert value.as_tuple().exponent == -2


@settings(max_examples=300, deadline=None)
@given(situations)
def test_the_contribution_never_exceeds_the_cost_of_the_measure(s):
    if s["cost"] is None:
        return
    result = amounts(s)
    if s["measure_type"] in HOURLY:
        assert result["hourly"] <= s["cost"]
        assert result["monthly"] <= s["cost"] * s["hours"]
    else:
        assert result["daily"] <= s["cost"]
        assert result["monthly"] <= s["cost"] * 30


@settings(max_examples=300, deadline=None)
@given(situations, money)
def test_the_contribution_never_falls_when_income_rises(s, more):
    before, after = amounts(s), amounts(s, income_extra=more)
    for key, value in before.items():
        assert after[key] >= value


@settings(max_examples=300, deadline=None)
@given(situations, money)
def test_the_contribution_never_rises_when_a_deducted_expense_rises(s, more):
    before, after = amounts(s), amounts(s, rent_extra=more)
    for key, value in before.items():
        assert after[key] <= value


@settings(max_examples=100, deadline=None)
@given(situations)
def test_every_step_names_its_parameter_or_is_an_input(s):
    computation = compute(s)
    assert computation.method in {"lu.stationary", "lu.hourly"}
    for line in computation.lines:
        if line.parameter:
            assert line.parameter in parameters_at("lu", s["date"], database=False)
