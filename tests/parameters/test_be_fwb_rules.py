"""Wallonia-Brussels Federation: ONE's parents' contribution (PFP)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openaef.core.parameters import Bracket, ParameterNotFound, cents, parameters_at
from openaef.jurisdictions.be_fwb import rules

DAY = dt.date(2026, 1, 1)
income = st.decimals(min_value=0, max_value=30_000, places=2, allow_nan=False, allow_infinity=False)
days = st.integers(0, 31)
cost = st.none() | st.decimals(min_value=0, max_value=80, places=2, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def P() -> Any:
    return parameters_at("be_fwb", DAY, database=False)


class BandsP:
    """The published parameters with four made-up progressive bands, to test the arithmetic
    until ONE's figures are entered (they are not in the pack: see pfp.bands)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def value(self, name: str) -> Any:
        return self.real.value(name)

    def reference(self, name: str) -> str:
        return self.real.reference(name)

    def scale(self, name: str) -> list[Bracket]:
        if name != "pfp.bands":
            raise ParameterNotFound(name)
        return [
            Bracket(Decimal(0), rate=Decimal("0.002")),
            Bracket(Decimal(1500), rate=Decimal("0.004")),
            Bracket(Decimal(3000), rate=Decimal("0.006")),
            Bracket(Decimal(5000), rate=Decimal("0.008")),
        ]


def situation(**kwargs: Any) -> dict[str, Any]:
    return {"registered_on": dt.date(2025, 3, 1), "monthly_net_income": "2500", "days": 20} | kwargs


@given(low=income, high=income, n=days, c=cost)
def test_the_2025_contribution_never_falls_when_income_rises(P: Any, low: Decimal, high: Decimal, n: int, c: Any) -> None:
    low, high = sorted((low, high))
    bands = BandsP(P)
    first = rules.contribution(situation(monthly_net_income=low, days=n, cost_per_day=c), bands)
    second = rules.contribution(situation(monthly_net_income=high, days=n, cost_per_day=c), bands)
    assert Decimal(0) <= first.amounts["daily"] <= second.amounts["daily"] <= Decimal(45)
    assert first.amounts["monthly"] <= second.amounts["monthly"]
    if c is not None:
        assert second.amounts["daily"] <= c
        assert second.amounts["monthly"] <= cents(c * n)


@given(i=income, n=days)
def test_without_the_bands_no_amount_is_ever_invented(P: Any, i: Decimal, n: int) -> None:
    result = rules.contribution(situation(monthly_net_income=i, days=n), P)
    assert result.method == "none"
    assert result.amounts == {"daily": None, "monthly": None}
    assert result.line("no_bands") is not None


def test_the_bands_tax_each_slice_of_income_at_its_rate(P: Any) -> None:
    result = rules.contribution(situation(monthly_net_income="4000", days=18), BandsP(P))
    # 1500 × 0.2 % + 1500 × 0.4 % + 1000 × 0.6 % = 3 + 6 + 6
    assert result.amounts == {"daily": Decimal("15.00"), "monthly": Decimal("270.00")}
    assert [line.amount for line in result.lines if line.key.startswith("band_")] == [
        Decimal("3.00"),
        Decimal("6.00"),
        Decimal("6.00"),
    ]
    assert result.method == "bands_2025"


def test_a_high_income_pays_the_45_euro_cap(P: Any) -> None:
    result = rules.contribution(situation(monthly_net_income="12000", days=20), BandsP(P))
    assert result.amounts == {"daily": Decimal("45.00"), "monthly": Decimal("900.00")}
    assert "art. 125" in result.line("cap").reference


def test_the_cost_of_a_day_limits_the_contribution(P: Any) -> None:
    result = rules.contribution(situation(monthly_net_income="12000", days=10, cost_per_day="30.00"), BandsP(P))
    assert result.amounts == {"daily": Decimal("30.00"), "monthly": Decimal("300.00")}


def test_siblings_get_no_reduction_while_none_is_known(P: Any) -> None:
    result = rules.contribution(situation(monthly_net_income="4000", children_in_care=2), BandsP(P))
    assert result.amounts["daily"] == Decimal("15.00")
    assert result.line("siblings").amount is None


def test_the_day_before_the_reform_is_under_the_former_grid(P: Any) -> None:
    result = rules.contribution(situation(registered_on="2024-12-31"), BandsP(P))
    assert result.method == "none"
    assert result.line("no_grid") is not None


def test_a_bim_household_registered_before_2025_pays_nothing(P: Any) -> None:
    result = rules.contribution(situation(registered_on="2024-12-31", increased_intervention=True), P)
    assert result.method == "free"
    assert result.amounts == {"daily": Decimal("0.00"), "monthly": Decimal("0.00")}


def test_the_published_figures_are_the_cap_and_the_start(P: Any) -> None:
    assert P.value("pfp.daily_cap") == Decimal("45.00")
    assert P.value("pfp.reform_start") == "2025-01-01"
    assert P.scale("pfp.bands") == []
    assert P.value("pfp.before_2025.daily_cap") is None


@pytest.mark.parametrize(
    "bad",
    [
        {"registered_on": "soon"},
        {"monthly_net_income": "-1"},
        {"days": "-2"},
        {"cost_per_day": "cheap"},
    ],
)
def test_it_refuses_a_wrong_situation(P: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        rules.contribution(situation(**bad), BandsP(P))
