"""The checks a provider's monthly statement goes through, line by line, against the measures.

A flag is a code stored on the statement line (``StatementLine.flags``); finance reads its
explanation in words (``FLAG_TEXT``) and decides on each flagged line before validating. The
checks are pure functions of the month, the measure's dates and what was recorded, so that
they can be tested as a table and re-run at any time with the same answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

NO_TARIFF = "no_tariff"
NOT_ACTIVE = "not_active"
DAYS_ABOVE_ACTIVE = "days_above_active"
HOURS_ABOVE_CAPACITY = "hours_above_capacity"

# What each flag means, for finance and for the provider.
FLAG_TEXT = {
    NO_TARIFF: _("No tariff is in force for this measure type and unit: the line cannot be priced."),
    NOT_ACTIVE: _("The measure was not under way at any day of the month."),
    DAYS_ABOVE_ACTIVE: _("More days are billed than the measure was under way in the month."),
    HOURS_ABOVE_CAPACITY: _("With this line, the hours billed for the service exceed the hours a month it can deliver."),
}

# Flags that finance cannot accept with a note: a line without a rate has no amount to pay, so
# the statement goes back to the provider once the tariff is recorded.
BLOCKING_FLAGS = frozenset({NO_TARIFF})


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Period:
    """A measure's dates: under way from ``start`` to ``end`` (inclusive; None: not ended),
    minus its suspensions (each from its first day to the day before it resumed)."""

    start: dt.date | None
    end: dt.date | None
    suspensions: Sequence[tuple[dt.date, dt.date | None]] = ()


def active_days(period: Period, month: dt.date) -> int:
    """How many days of ``month`` the measure was under way."""
    first, last = month.replace(day=1), month_end(month)
    if period.start is None or period.start > last or (period.end is not None and period.end < first):
        return 0
    start, end = max(first, period.start), min(last, period.end or last)
    days = (end - start).days + 1
    for off, back in period.suspensions:
        off_start = max(start, off)
        off_end = min(end, (back - dt.timedelta(days=1)) if back else end)
        if off_end >= off_start:
            days -= (off_end - off_start).days + 1
    return max(days, 0)


def first_active_day(period: Period, month: dt.date) -> dt.date:
    """The day the tariff is read on: the first of the month, or the start if it is later."""
    first = month.replace(day=1)
    if period.start is not None and first < period.start <= month_end(month):
        return period.start
    return first


def suspensions_from_events(events: Iterable[tuple[str, dt.date | None]]) -> list[tuple[dt.date, dt.date | None]]:
    """(kind, on) measure events in order -> the suspended intervals (resumption day excluded)."""
    intervals: list[tuple[dt.date, dt.date | None]] = []
    since: dt.date | None = None
    for kind, on in events:
        if on is None:
            continue
        if kind == "suspended" and since is None:
            since = on
        elif kind == "resumed" and since is not None:
            intervals.append((since, on))
            since = None
    if since is not None:
        intervals.append((since, None))
    return intervals


def line_flags(*, unit: str, quantity: Decimal, has_tariff: bool, days_active: int) -> list[str]:
    """The checks of one line on its own (the capacity check needs the whole statement)."""
    flags: list[str] = []
    if not has_tariff:
        flags.append(NO_TARIFF)
    if days_active == 0:
        flags.append(NOT_ACTIVE)
    elif unit == "day" and quantity > days_active:
        flags.append(DAYS_ABOVE_ACTIVE)
    return flags


def over_capacity(hours_by_capacity: dict[int, Decimal], capacity_hours: dict[int, int | None]) -> set[int]:
    """The capacities (by id) whose hours billed exceed the hours a month they were set for."""
    return {
        key
        for key, hours in hours_by_capacity.items()
        if capacity_hours.get(key) is not None and hours > Decimal(capacity_hours[key] or 0)
    }
