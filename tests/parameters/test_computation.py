from __future__ import annotations

from decimal import Decimal

import pytest

from openaef.core.parameters import Computation, Line, cents


def test_cents_rounds_half_up():
    assert cents(Decimal("2.345")) == Decimal("2.35")
    assert cents(Decimal("2.344")) == Decimal("2.34")
    assert cents(Decimal("-2.345")) == Decimal("-2.35")
    assert str(cents(3)) == "3.00"


def test_cents_refuses_a_float():
    with pytest.raises(TypeError):
        cents(0.1)  # type: ignore[arg-type]


def test_a_computation_survives_a_round_trip_through_json():
    computation = Computation(
        amounts={"monthly": Decimal("255.33"), "daily": None},
        lines=[
            Line("rate", "Share: %(rate)s", None, parameter="p.rate", reference="RGD art. 9", detail={"rate": "14 %"}),
            Line("monthly", "Per month", Decimal("255.33")),
        ],
        method="lu.stationary",
    )
    data = computation.as_json()
    assert data["amounts"] == {"monthly": "255.33", "daily": None}
    assert Computation.from_json(data) == computation
    assert computation.line("monthly").amount == Decimal("255.33")
