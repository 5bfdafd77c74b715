"""Building a provider's monthly statement from the activity it recorded.

Each measure of the provider gives at most one line per unit: a measure whose tariff is monthly
and which was under way during the month gives one month; otherwise the days and the hours
recorded give a line each (when only one of the two has a tariff, only that one is billed: the
other is what the provider reported for information). The rate is the tariff in force on the
first day of the month the measure was under way; a change of tariff in the middle of a month
applies from the next month, as the agreements date them from the first of a month.

A fixed number of queries whatever the provider's size: the activity records, the measures
under way, their suspensions, the tariffs and the capacities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from openaef.core.parameters import cents
from openaef.measures.models import ActivityRecord, Measure, MeasureEvent, MeasureEventKind, ServiceCapacity
from openaef.measures.states import RUNNING_STATES, MeasureStatus

from . import billing_checks as checks
from .models import StatementLine, Tariff, Unit
from .tariffs import TariffBook

ZERO = Decimal("0.00")
# Measures that may have been delivered in a past month: under way, suspended, or ended since.
BILLABLE_STATES = (*RUNNING_STATES, MeasureStatus.ENDED)


@dataclass
class Built:
    lines: list[StatementLine]  # unsaved, without their statement
    silent: list[Measure] = field(default_factory=list)  # under way, nothing recorded

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def _measures(provider_id: int, month: dt.date, records: dict[int, ActivityRecord]) -> list[Measure]:
    last = checks.month_end(month)
    under_way = Q(status__in=BILLABLE_STATES, started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=month))
    return list(
        Measure.objects.filter(Q(provider_id=provider_id) & (under_way | Q(pk__in=list(records))))
        .only("id", "service_id", "location_id", "measure_type_id", "provider_id", "started_on", "ended_on", "status")
        .order_by("id")
    )


def _suspensions(measure_ids: list[int], month: dt.date) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    events: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
    rows = (
        MeasureEvent.objects.filter(
            measure_id__in=measure_ids,
            kind__in=[MeasureEventKind.SUSPENDED, MeasureEventKind.RESUMED],
            on__lte=checks.month_end(month),
        )
        .order_by("measure_id", "on", "id")
        .values_list("measure_id", "kind", "on")
    )
    for measure_id, kind, on in rows:
        events[measure_id].append((kind, on))
    return {measure_id: checks.suspensions_from_events(items) for measure_id, items in events.items()}


def _line(measure: Measure, record: ActivityRecord | None, unit: str, quantity: Decimal, tariff: Tariff | None) -> StatementLine:
    return StatementLine(
        measure=measure,
        activity=record,
        unit=unit,
        quantity=quantity,
        tariff=tariff,
        unit_amount=tariff.amount if tariff else None,
        amount=cents(quantity * tariff.amount) if tariff else ZERO,
    )


def _measure_lines(
    measure: Measure, record: ActivityRecord | None, book: TariffBook, month: dt.date, days: int
) -> list[StatementLine]:
    period = checks.Period(measure.started_on, measure.ended_on)
    on = checks.first_active_day(period, month)

    def find(unit: str) -> Tariff | None:
        return book.find(
            provider_id=measure.provider_id,  # type: ignore[arg-type]
            service_id=measure.service_id,
            measure_type_id=measure.measure_type_id,
            unit=unit,
            on=on,
        )

    monthly = find(Unit.MONTH) if days else None
    if monthly is not None:
        return [_line(measure, record, Unit.MONTH, Decimal("1"), monthly)]
    if record is None:
        return []
    recorded = [(unit, q) for unit, q in ((Unit.DAY, record.days), (Unit.HOUR, record.hours)) if q is not None and q > 0]
    priced = [(unit, q, find(unit)) for unit, q in recorded]
    chosen = [item for item in priced if item[2] is not None] or priced
    return [_line(measure, record, unit, q, tariff) for unit, q, tariff in chosen]


def _flag_capacity(lines: list[StatementLine]) -> None:
    """Hours billed per service (and site) against the hours a month it can deliver."""
    hour_lines = [line for line in lines if line.unit == Unit.HOUR]
    if not hour_lines:
        return
    service_ids = {line.measure.service_id for line in hour_lines if line.measure.service_id}
    capacities = {(c.service_id, c.location_id): c for c in ServiceCapacity.objects.filter(service_id__in=service_ids)}
    keyed: list[tuple[StatementLine, int]] = []
    for line in hour_lines:
        m = line.measure
        capacity = capacities.get((m.service_id, m.location_id)) or capacities.get((m.service_id, None))
        if capacity is not None and capacity.hours_per_month is not None:
            keyed.append((line, capacity.pk))
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for line, key in keyed:
        hours[key] += line.quantity
    limits = {c.pk: c.hours_per_month for c in capacities.values()}
    over = checks.over_capacity(dict(hours), limits)
    for line, key in keyed:
        if key in over:
            line.flags.append(checks.HOURS_ABOVE_CAPACITY)


def build_statement(provider_id: int, month: dt.date) -> Built:
    """The lines of ``provider_id``'s statement for ``month`` (first day), with their flags."""
    month = month.replace(day=1)
    records = {r.measure_id: r for r in ActivityRecord.objects.filter(measure__provider_id=provider_id, month=month)}
    measures = _measures(provider_id, month, records)
    suspensions = _suspensions([m.pk for m in measures], month)
    book = TariffBook([provider_id])
    built = Built(lines=[])
    for measure in measures:
        period = checks.Period(measure.started_on, measure.ended_on, suspensions.get(measure.pk, ()))
        days = checks.active_days(period, month)
        record = records.get(measure.pk)
        lines = _measure_lines(measure, record, book, month, days)
        if not lines and record is None and days:
            built.silent.append(measure)
        for line in lines:
            line.flags = checks.line_flags(
                unit=line.unit, quantity=line.quantity, has_tariff=line.tariff is not None, days_active=days
            )
        built.lines.extend(lines)
    _flag_capacity(built.lines)
    return built


def signature(lines: list[StatementLine]) -> list[tuple[int, str, Decimal, int | None, Decimal, tuple[str, ...]]]:
    """What a statement says, to tell whether the activity changed since it was prepared."""
    return sorted(
        (line.measure_id, line.unit, Decimal(line.quantity), line.tariff_id, Decimal(line.amount), tuple(sorted(line.flags)))
        for line in lines
    )
