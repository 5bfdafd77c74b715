from __future__ import annotations

import datetime as dt

import pytest

from openaef.cases.deadlines import (
    InvalidRule,
    add_business_days,
    compute_due,
    is_business_day,
    parse_rule,
    reminder_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 25), False),  # Christmas
        (D(2026, 12, 24), True),  # Christmas Eve is a working day in Luxembourg
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2025, 5, 9), False),  # Europe Day, a Friday in 2025
        (D(2026, 6, 23), False),  # National Day, a Tuesday in 2026
        (D(2026, 5, 14), False),  # Ascension
        (D(2026, 5, 25), False),  # Whit Monday
        (D(2026, 11, 28), False),  # a Saturday
        (D(2026, 11, 30), True),  # a Monday
    ],
)
def test_it_knows_luxembourg_working_days(day, expected):
    assert is_business_day(day, "LU") is expected


def test_ten_working_days_skip_christmas_st_stephen_and_new_year():
    # From Monday 21 December 2026: 22, 23, 24, (25 Christmas), 28, 29, 30, 31, (1 January), 4, 5, 6.
    assert compute_due("business_days:10", D(2026, 12, 21), "LU") == D(2027, 1, 6)


def test_working_days_skip_easter_monday():
    # Thursday 2 April 2026 + 2 working days: Friday 3, (Monday 6 Easter Monday), Tuesday 7.
    assert compute_due("business_days:2", D(2026, 4, 2), "LU") == D(2026, 4, 7)


def test_working_days_skip_europe_day():
    # Thursday 8 May 2025 + 1 working day: Friday 9 is Europe Day, so Monday 12.
    assert compute_due("business_days:1", D(2025, 5, 8), "LU") == D(2025, 5, 12)


def test_working_days_skip_national_day():
    # Monday 22 June 2026 + 1: Tuesday 23 is National Day, so Wednesday 24.
    assert compute_due("business_days:1", D(2026, 6, 22), "LU") == D(2026, 6, 24)


def test_the_start_day_is_not_counted():
    assert compute_due("business_days:1", D(2026, 11, 23), "LU") == D(2026, 11, 24)


def test_calendar_days_ending_on_a_holiday_run_to_the_next_working_day():
    # 30 days after 24 November 2026 is Thursday 24 December (a working day) ...
    assert compute_due("calendar_days:30", D(2026, 11, 24), "LU") == D(2026, 12, 24)
    # ... and 31 days after is Christmas, then the weekend: Monday 28 December.
    assert compute_due("calendar_days:31", D(2026, 11, 24), "LU") == D(2026, 12, 28)


def test_months_keep_the_day_of_the_month_or_the_last_day():
    assert compute_due("months:6", D(2026, 1, 15), "LU") == D(2026, 7, 15)
    # 31 August + 6 months is 28 February 2027, a Sunday: Monday 1 March.
    assert compute_due("months:6", D(2026, 8, 31), "LU") == D(2027, 3, 1)


def test_months_ending_on_national_day_run_to_the_next_day():
    assert compute_due("months:6", D(2025, 12, 23), "LU") == D(2026, 6, 24)


def test_it_counts_working_days_backwards():
    # Back from Tuesday 7 April 2026 by 1: Monday 6 is Easter Monday, so Friday 3.
    assert add_business_days(D(2026, 4, 7), -1, "LU") == D(2026, 4, 3)


def test_a_reminder_falls_on_a_working_day_before_the_due_date():
    assert reminder_date(D(2027, 1, 6), 3, "LU") == D(2026, 12, 31)
    assert reminder_date(D(2027, 1, 6), None, "LU") is None
    # Zero days before a due date on a holiday: the working day before it.
    assert reminder_date(D(2026, 12, 25), 0, "LU") == D(2026, 12, 24)


@pytest.mark.parametrize("text", ["", "business_days", "weeks:2", "business_days:0", "months:-1", "months:x", "months:999"])
def test_it_refuses_a_rule_it_does_not_know(text):
    with pytest.raises(InvalidRule):
        parse_rule(text)


def test_a_rule_reads_back_as_written():
    assert str(parse_rule("business_days:10")) == "business_days:10"


@pytest.mark.django_db
def test_the_pack_chooses_the_country(settings):
    settings.OPENAEF_PACK = "lu"
    assert compute_due("business_days:1", D(2026, 6, 22)) == D(2026, 6, 24)
