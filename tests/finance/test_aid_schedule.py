"""The repayment schedule adds up exactly to what was paid, every line is positive, and the
last line takes the rounding remainder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openaef.finance.aid_schedule import ScheduleError, repayment_schedule, shortened

FIRST = dt.date(2026, 1, 31)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@given(total=amounts, count=st.integers(min_value=1, max_value=60))
def test_any_schedule_sums_exactly_to_the_amount_with_positive_lines(total, count):
    if count > total * 100:
        with pytest.raises(ScheduleError):
            repayment_schedule(pack="fr", total=total, count=count, first_due=FIRST)
        return
    lines = repayment_schedule(pack="fr", total=total, count=count, first_due=FIRST)
    assert len(lines) == count
    assert sum(line.amount for line in lines) == total
    assert all(line.amount > 0 for line in lines)
    assert all(line.amount.as_tuple().exponent == -2 for line in lines)
    regular = lines[0].amount
    assert all(line.amount == regular for line in lines[:-1])
    assert lines[-1].amount >= regular
    assert lines[-1].amount - regular < Decimal("0.01") * count


@given(total=amounts, count=st.integers(min_value=1, max_value=60))
def test_a_pack_without_the_rule_gets_the_same_schedule(total, count):
    if count > total * 100:
        return
    french = repayment_schedule(pack="fr", total=total, count=count, first_due=FIRST)
    own = repayment_schedule(pack="be_fwb", total=total, count=count, first_due=FIRST)
    assert [(x.due_on, x.amount) for x in french] == [(x.due_on, x.amount) for x in own]


def test_the_last_line_absorbs_the_remainder():
    lines = repayment_schedule(pack="fr", total=Decimal("100.00"), count=3, first_due=FIRST)
    assert [line.amount for line in lines] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_lines_fall_due_monthly_from_the_first_date_even_at_the_end_of_a_month():
    lines = repayment_schedule(pack="fr", total=Decimal("90.00"), count=3, first_due=FIRST)
    assert [line.due_on for line in lines] == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]


def test_it_refuses_more_repayments_than_cents():
    with pytest.raises(ScheduleError):
        repayment_schedule(pack="fr", total=Decimal("0.05"), count=6, first_due=FIRST)


def test_it_refuses_an_amount_with_fractions_of_a_cent():
    with pytest.raises(ScheduleError):
        repayment_schedule(pack="fr", total=Decimal("10.005"), count=2, first_due=FIRST)


@given(
    lines=st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2), min_size=1, max_size=60),
    share=st.fractions(min_value=0, max_value=1),
)
def test_a_shortened_schedule_sums_exactly_to_what_was_paid(lines, share):
    whole = sum(lines)
    paid = (whole * Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    cut = shortened(lines, paid)
    assert sum(cut) == paid
    assert all(0 <= new <= old for new, old in zip(cut, lines, strict=True))
