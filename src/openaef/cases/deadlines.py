"""Deadlines computed from calendar rules, never by hand (DESIGN.md: "dates that are deadlines
are computed by rules from the pack").

A rule is written ``<unit>:<count>`` and counts from a start date that is not itself counted:

- ``business_days:10``: ten working days, skipping Saturdays, Sundays and the pack country's
  public holidays (``holidays.country_holidays``; Luxembourg: Easter Monday, 1 May, Europe Day
  on 9 May, Ascension, Whit Monday, National Day on 23 June, Christmas, St Stephen's Day ...);
- ``calendar_days:30`` and ``months:6``: a period in days or months; when it ends on a day
  that is not a working day it runs to the next working day, the usual rule for time limits
  (e.g. European Convention on the Calculation of Time-Limits, Basel 1972, art. 5).

Reminders go out on working days too: ``remind_on`` counts working days back from the due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from openaef.core.packs import get_pack

BUSINESS_DAYS = "business_days"
CALENDAR_DAYS = "calendar_days"
MONTHS = "months"

UNITS = {
    BUSINESS_DAYS: _("working days"),
    CALENDAR_DAYS: _("calendar days"),
    MONTHS: _("months"),
}

# A rule beyond this is a typing mistake, not a deadline (ten years of months, 3,660 days).
MAX_COUNT = {BUSINESS_DAYS: 2600, CALENDAR_DAYS: 3660, MONTHS: 120}


class InvalidRule(ValueError):
    """The rule is not ``<unit>:<count>`` with a known unit and a sensible count."""


@dataclass(frozen=True)
class Rule:
    unit: str
    count: int

    def __str__(self) -> str:
        return f"{self.unit}:{self.count}"


def parse_rule(text: str) -> Rule:
    unit, sep, count = (text or "").strip().partition(":")
    if not sep or unit not in UNITS or not count.isdigit():
        raise InvalidRule(text)
    number = int(count)
    if not 1 <= number <= MAX_COUNT[unit]:
        raise InvalidRule(text)
    return Rule(unit, number)


@cache
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def holidays_country() -> str:
    """The country whose public holidays count (the pack's ``holidays_country``, LU by default)."""
    return str(get_pack().config.get("holidays_country") or get_pack().country or "LU")


def is_business_day(day: dt.date, country: str | None = None) -> bool:
    country = country or holidays_country()
    return day.weekday() < 5 and day not in _calendar(country, day.year)


def add_business_days(start: dt.date, count: int, country: str | None = None) -> dt.date:
    """The ``count``-th working day after ``start`` (before it when ``count`` is negative)."""
    country = country or holidays_country()
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += dt.timedelta(days=step)
        if is_business_day(day, country):
            left -= 1
    return day


def next_business_day(day: dt.date, country: str | None = None) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    country = country or holidays_country()
    while not is_business_day(day, country):
        day += dt.timedelta(days=1)
    return day


def compute_due(rule: str | Rule, start: dt.date, country: str | None = None) -> dt.date:
    """The due date of ``rule`` counted from ``start``. Raises InvalidRule."""
    parsed = rule if isinstance(rule, Rule) else parse_rule(rule)
    if parsed.unit == BUSINESS_DAYS:
        return add_business_days(start, parsed.count, country)
    if parsed.unit == CALENDAR_DAYS:
        return next_business_day(start + dt.timedelta(days=parsed.count), country)
    # relativedelta keeps the day of the month, or the month's last day when it has fewer.
    return next_business_day(start + relativedelta(months=parsed.count), country)


def reminder_date(due_on: dt.date, business_days_before: int | None, country: str | None = None) -> dt.date | None:
    """The working day ``business_days_before`` working days before ``due_on`` (None: no reminder)."""
    if business_days_before is None:
        return None
    if business_days_before == 0:
        # A due date on a holiday (a task typed by hand) is reminded on the working day before it.
        return due_on if is_business_day(due_on, country) else add_business_days(due_on, -1, country)
    return add_business_days(due_on, -business_days_before, country)
