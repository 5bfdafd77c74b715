"""France's rules: contribution to home help and the repayment schedule of a repayable help."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openaef.core.parameters import Bracket, ParameterNotFound, cents, parameters_at
from openaef.jurisdictions.fr import rules

DAY = dt.date(2026, 1, 1)
money = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
hours = st.decimals(min_value=0, max_value=200, places=1, allow_nan=False, allow_infinity=False)
income = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def P() -> Any:
    return parameters_at("fr", DAY, database=False)


class ScaleP:
    """A département with an hourly scale by QF, as a département's RDAS would publish one."""

    def __init__(self, brackets: list[Bracket]) -> None:
        self.brackets = brackets

    def value(self, name: str) -> Any:
        values = {"departements.99.tisf.method": "scale", "quotient_familial.method": "caf"}
        if name not in values:
            raise ParameterNotFound(name)
        return values[name]

    def reference(self, name: str) -> str:
        return "test scale"

    def scale(self, name: str) -> list[Bracket]:
        if name != "departements.99.tisf.hourly_scale":
            raise ParameterNotFound(name)
        return self.brackets


SCALE = ScaleP(
    [
        Bracket(Decimal(0), amount=Decimal("0.30")),
        Bracket(Decimal(500), amount=Decimal("1.20")),
        Bracket(Decimal(900), amount=Decimal("4.75")),
        Bracket(Decimal(1500), amount=Decimal("11.00")),
    ]
)


@given(cost=money, h=hours)
def test_a_share_of_the_cost_is_never_negative_nor_more_than_the_cost(P: Any, cost: Decimal, h: Decimal) -> None:
    result = rules.contribution({"departement": "40", "service": "tisf", "hours": h, "cost_per_hour": cost}, P)
    assert Decimal(0) <= result.amounts["hourly"] <= cost
    assert Decimal(0) <= result.amounts["monthly"] <= cents(cost * h)


@given(low=income, high=income, h=hours, cost=st.none() | money)
def test_a_scale_by_quotient_never_falls_when_income_rises(low: Decimal, high: Decimal, h: Decimal, cost: Any) -> None:
    low, high = sorted((low, high))
    base = {"departement": "99", "service": "tisf", "hours": h, "parts": "2.5", "cost_per_hour": cost}
    first = rules.contribution({**base, "annual_taxable_income": low}, SCALE)
    second = rules.contribution({**base, "annual_taxable_income": high}, SCALE)
    assert Decimal(0) <= first.amounts["monthly"] <= second.amounts["monthly"]
    if cost is not None:
        assert second.amounts["hourly"] <= cost
        assert second.amounts["monthly"] <= cents(cost * h)


@given(amount=st.decimals(min_value="0.01", max_value=100_000, places=2), count=st.integers(1, 60))
def test_a_repayment_schedule_adds_up_exactly_to_the_help(P: Any, amount: Decimal, count: int) -> None:
    result = rules.aid_schedule({"amount": amount, "instalments": count, "first_due": "2026-01-31"}, P)
    repayments = [line.amount for line in result.lines if line.key.startswith("repayment_")]
    assert len(repayments) == count
    assert sum(repayments) == amount
    assert all(r >= 0 and r == cents(r) for r in repayments)
    assert result.amounts["last_instalment"] >= result.amounts["instalment"]


def test_the_quotient_is_worked_out_the_caf_way() -> None:
    situation = {"departement": "99", "service": "tisf", "hours": 10}
    situation |= {"annual_taxable_income": "24000", "monthly_benefits": "150", "parts": "2.5"}
    result = rules.contribution(situation, SCALE)
    assert result.line("quotient_familial").amount == Decimal("860.00")
    assert result.amounts == {"hourly": Decimal("1.20"), "monthly": Decimal("12.00")}
    assert result.method == "scale"


def test_a_quotient_given_takes_precedence_over_the_incomes() -> None:
    situation = {"departement": "99", "service": "tisf", "hours": 2, "quotient_familial": "1500"}
    situation |= {"annual_taxable_income": "1", "parts": "1"}
    assert rules.contribution(situation, SCALE).amounts["hourly"] == Decimal("11.00")


def test_a_scale_without_the_quotient_gives_no_amount() -> None:
    result = rules.contribution({"departement": "99", "service": "tisf", "hours": 2}, SCALE)
    assert result.method == "none"
    assert result.amounts == {"hourly": None, "monthly": None}


def test_a_scale_amount_above_the_cost_is_limited_to_the_cost() -> None:
    situation = {"departement": "99", "service": "tisf", "hours": 3, "quotient_familial": "2000", "cost_per_hour": "9.00"}
    result = rules.contribution(situation, SCALE)
    assert result.amounts == {"hourly": Decimal("9.00"), "monthly": Decimal("27.00")}
    assert result.line("capped") is not None


def test_a_departement_without_a_scale_says_so_and_gives_no_amount(P: Any) -> None:
    result = rules.contribution({"departement": "59", "service": "tisf", "hours": 10, "quotient_familial": 600}, P)
    assert result.method == "none"
    assert result.amounts == {"hourly": None, "monthly": None}
    line = result.line("no_scale")
    assert line is not None and line.detail == {"departement": "59", "service": "tisf"}
    assert "Nord" in line.reference


def test_the_national_cnaf_scale_has_no_figures_yet(P: Any) -> None:
    assert P.scale("cnaf.home_help_hourly_scale") == []


def test_the_explanation_survives_a_round_trip_through_json(P: Any) -> None:
    result = rules.contribution({"departement": "40", "service": "tisf", "hours": 10, "cost_per_hour": "32.50"}, P)
    again = type(result).from_json(result.as_json())
    assert again.amounts == result.amounts and again.lines == result.lines


@pytest.mark.parametrize(
    "situation",
    [
        {"departement": "40", "service": "babysitting", "hours": 1},
        {"service": "tisf", "hours": 1},
        {"departement": "40", "service": "tisf", "hours": -1, "cost_per_hour": 10},
        {"departement": "40", "service": "tisf", "hours": "ten"},
    ],
)
def test_it_refuses_an_incomplete_or_wrong_situation(P: Any, situation: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        rules.contribution(situation, P)


def test_repayments_fall_due_monthly_on_the_last_day_of_short_months(P: Any) -> None:
    result = rules.aid_schedule({"amount": "90.00", "instalments": 3, "first_due": dt.date(2026, 1, 31)}, P)
    dues = [line.detail["due"] for line in result.lines if line.key.startswith("repayment_")]
    assert dues == ["2026-01-31", "2026-02-28", "2026-03-31"]


def test_the_schedule_recalls_that_the_help_cannot_be_seized(P: Any) -> None:
    result = rules.aid_schedule({"amount": "90.00", "instalments": 3, "first_due": "2026-01-05"}, P)
    assert "L222-4" in result.line("not_seizable").reference
    assert P.value("aid.not_assignable_or_seizable") is True
    assert P.value("aid.kinds") == ["exceptional_grant", "monthly_allowance"]
    assert P.value("aid.max_allowance_months") is None


@pytest.mark.parametrize(
    "situation",
    [
        {"amount": "0", "instalments": 2, "first_due": "2026-01-01"},
        {"amount": "10.005", "instalments": 2, "first_due": "2026-01-01"},
        {"amount": "10.00", "instalments": 0, "first_due": "2026-01-01"},
        {"amount": "10.00", "instalments": 2, "first_due": "next month"},
    ],
)
def test_it_refuses_a_schedule_it_cannot_draw(P: Any, situation: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        rules.aid_schedule(situation, P)


def test_the_landes_ceilings_depend_on_the_size_of_the_family(P: Any) -> None:
    ceilings = P.scale("aid.departements.40.annual_ceiling_daily_living")
    assert [(b.threshold, b.amount) for b in ceilings] == [(2, Decimal("250.00")), (4, Decimal("350.00"))]
