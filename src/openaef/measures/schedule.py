"""The dates of a measure: its end, the alert before it, and when reports fall due.

Every date comes from the pack's rules (``measures.yaml`` read by ``measure_rules()``) and the
business-day calendar of ``cases.deadlines``; nothing is hand-computed in a view.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from openaef.cases import deadlines

from .parameters import measure_rules

# Working days in a week and a month: to turn a rule in calendar days or months into the
# working days a CaseTask reminder counts in.
_WORKING_DAYS = {deadlines.CALENDAR_DAYS: 5 / 7, deadlines.MONTHS: 21}
MAX_ALERT_DAYS = 60


def end_after(start: dt.date, months: int) -> dt.date:
    """The last day a measure may run: ``months`` after ``start``, never shifted to a working day
    (a maximum duration is a limit, not a time limit to act within)."""
    return start + relativedelta(months=months)


def end_alert_days() -> int:
    """How many working days before the end the coordinator is alerted (the pack's end_alert)."""
    rule = deadlines.parse_rule(measure_rules().end_alert_before)
    if rule.unit == deadlines.BUSINESS_DAYS:
        return min(rule.count, MAX_ALERT_DAYS)
    return min(MAX_ALERT_DAYS, max(1, round(rule.count * _WORKING_DAYS[rule.unit])))


def end_alert_on(ends_on: dt.date) -> dt.date | None:
    return deadlines.reminder_date(ends_on, end_alert_days())


def ending_soon(ends_on: dt.date | None, today: dt.date) -> bool:
    """The end alert's day has come (the measure's list and page warn from then on)."""
    if ends_on is None:
        return False
    alert = end_alert_on(ends_on)
    return alert is not None and alert <= today


def initial_report_due(started_on: dt.date) -> dt.date:
    return deadlines.compute_due(measure_rules().initial_report_due, started_on)


def progress_report_due(since: dt.date) -> dt.date:
    return deadlines.compute_due(measure_rules().progress_interval, since)


def _remind_days() -> int:
    rule = deadlines.parse_rule(measure_rules().report_remind_before)
    if rule.unit == deadlines.BUSINESS_DAYS:
        return rule.count
    return max(1, round(rule.count * _WORKING_DAYS[rule.unit]))


def report_remind_on(due_on: dt.date) -> dt.date | None:
    return deadlines.reminder_date(due_on, _remind_days())


def report_remind_horizon(today: dt.date) -> dt.date:
    """Reports due on or before this day may have reached their reminder day (a superset:
    ``report_remind_on`` decides each one)."""
    return deadlines.add_business_days(today, _remind_days() + 1)
