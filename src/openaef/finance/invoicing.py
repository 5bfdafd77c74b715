"""The monthly invoicing run's core: parents' invoices from the days (or hours) the providers
reported, in bulk.

The run reads the month's validated statement lines in keyset chunks of measures, reads the
assessments in force for those measures and the invoices already issued, computes every amount
in Python and writes each chunk's invoices and bookings with two ``bulk_create``: five queries
a chunk whatever its size, never a query per measure (50,000 measures in well under a minute).

What a parent owes for a month (RGD of 17 August 2011; ministry summary: "per day of presence
reported by the provider"): days of presence x the daily contribution, never more than the
monthly contribution, and never more than what the measure cost that month (the statement
line's amount): the parents' contribution is a share of the cost, never more than it. For an
hourly package: hours x the hourly contribution, capped at the cost too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openaef.core.parameters import cents

from .ledger import booking_lines, new_booking_key, transfer
from .models import (
    Account,
    Assessment,
    Invoice,
    InvoiceSequence,
    LedgerEntry,
    StatementLine,
    Unit,
)
from .states import AssessmentStatus, InvoiceStatus, StatementStatus

CHUNK = 2_000
ZERO = Decimal("0.00")
IN_FORCE = (AssessmentStatus.DECIDED, AssessmentStatus.SUPERSEDED)
BILLABLE_STATEMENTS = (StatementStatus.VALIDATED, StatementStatus.PAID)
LINE_FIELDS = ("id", "statement_id", "measure_id", "unit", "quantity", "amount", "activity__days")
ASSESSMENT_FIELDS = (
    "id",
    "measure_id",
    "case_id",
    "payer_id",
    "effective_from",
    "monthly_amount",
    "daily_amount",
    "hourly_amount",
)


@dataclass(frozen=True)
class Charge:
    """What one measure's month comes to, and how (stored on the invoice as its ``lines``)."""

    basis: str  # Unit.DAY, Unit.HOUR, or Unit.MONTH (a month priced whole, no days recorded)
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    cap: str  # "", "monthly" or "cost"
    explanation: dict[str, Any]


@dataclass
class Totals:
    created: int = 0
    skipped: int = 0
    total: Decimal = ZERO
    first_number: str = ""
    last_number: str = ""
    numbers: list[str] = field(default_factory=list)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def charge_for(assessment: dict[str, Any], lines: list[dict[str, Any]]) -> Charge | None:
    """The month's charge for one measure, or None when there is nothing to invoice. Days of
    presence come first; a measure priced by the month is invoiced on the days of presence the
    provider recorded for it (the whole monthly contribution when none were recorded); an hourly
    package is invoiced when there are no days to invoice."""
    by_unit = _merged(lines)
    day, month, hour = by_unit.get(Unit.DAY), by_unit.get(Unit.MONTH), by_unit.get(Unit.HOUR)
    if month is not None and day is None and month["days"] is not None:
        day = {**month, "quantity": month["days"]}
    if day is not None and assessment["daily_amount"] is not None:
        caps = [("monthly", assessment["monthly_amount"]), ("cost", day["amount"])]
        charge = _charge(Unit.DAY, day, assessment["daily_amount"], caps, assessment)
        if charge is not None:
            return charge
    if month is not None and month["days"] is None and assessment["monthly_amount"] is not None:
        whole = {**month, "quantity": Decimal("1")}
        return _charge(Unit.MONTH, whole, assessment["monthly_amount"], [("cost", month["amount"])], assessment)
    if hour is not None and assessment["hourly_amount"] is not None:
        return _charge(Unit.HOUR, hour, assessment["hourly_amount"], [("cost", hour["amount"])], assessment)
    return None


def _merged(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The lines of one unit added up: a measure that changed provider during the month has a
    line in each provider's statement, and both count."""
    merged: dict[str, dict[str, Any]] = {}
    for line in lines:
        unit = merged.setdefault(line["unit"], {**line, "quantity": ZERO, "amount": ZERO, "days": None})
        unit["quantity"] += line["quantity"] or ZERO
        unit["amount"] += line["amount"] or ZERO
        if line.get("activity__days") is not None:
            unit["days"] = (unit["days"] or ZERO) + line["activity__days"]
    return merged


def _charge(
    basis: str, line: dict[str, Any], rate: Decimal, caps: list[tuple[str, Decimal | None]], assessment: dict[str, Any]
) -> Charge | None:
    quantity = line["quantity"] or ZERO
    gross = cents(quantity * rate)
    amount, cap = gross, ""
    for name, limit in caps:
        if limit is not None and amount > limit:
            amount, cap = cents(limit), name
    if amount <= 0:
        return None
    explanation = {
        "basis": basis,
        "quantity": str(quantity),
        "rate": str(rate),
        "gross": str(gross),
        "cap": cap,
        "monthly_amount": str(assessment["monthly_amount"]) if assessment["monthly_amount"] is not None else None,
        "cost": str(line["amount"]),
        "amount": str(amount),
        "assessment": assessment["id"],
        "effective_from": assessment["effective_from"].isoformat(),
        "statement": line["statement_id"],
        "statement_line": line["id"],
    }
    return Charge(basis, quantity, rate, amount, cap, explanation)


def in_force(assessments: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per measure, the assessment in force: the latest ``effective_from`` (rows come ordered by
    measure, then newest first, so the first row of each measure wins)."""
    chosen: dict[int, dict[str, Any]] = {}
    for row in assessments:
        chosen.setdefault(row["measure_id"], row)
    return chosen


def line_chunks(month: dt.date, size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """The month's billable statement lines, in chunks that never split a measure's lines."""
    base = StatementLine.objects.filter(
        statement__month=month, statement__status__in=BILLABLE_STATEMENTS, unit__in=(Unit.DAY, Unit.HOUR, Unit.MONTH)
    )
    last = 0
    while True:
        rows = list(base.filter(measure_id__gt=last).order_by("measure_id", "id").values(*LINE_FIELDS)[:size])
        full = len(rows) == size
        if full and rows[0]["measure_id"] != rows[-1]["measure_id"]:
            # The last measure may have more lines in the next slice: leave it whole for then.
            cut = rows[-1]["measure_id"]
            rows = [r for r in rows if r["measure_id"] != cut]
        if not rows:
            return
        last = rows[-1]["measure_id"]
        yield rows
        if not full:
            return


def locked_sequence(year: int) -> InvoiceSequence:
    """The year's numbering row, locked until the caller's transaction ends: a concurrent run
    waits for this one to finish rather than share its numbers, and one run's numbers follow
    each other without gaps."""
    InvoiceSequence.objects.get_or_create(year=year)
    return InvoiceSequence.objects.select_for_update().get(year=year)


def format_number(year: int, n: int) -> str:
    return f"{year}-{n:06d}"


def invoice_chunk(
    *, rows: list[dict[str, Any]], month: dt.date, issued_on: dt.date, due_on: dt.date, next_number: int, totals: Totals
) -> int:
    """Invoices one chunk of lines; returns the next free number. Five queries at most."""
    measure_ids = sorted({r["measure_id"] for r in rows})
    candidates = list(
        Assessment.objects.filter(measure_id__in=measure_ids, status__in=IN_FORCE, effective_from__lte=month)
        .order_by("measure_id", "-effective_from", "-id")
        .values(*ASSESSMENT_FIELDS)
    )
    assessments = in_force(candidates)
    # A measure invoiced for the month already (by this assessment or an earlier one: an invoice
    # of the month comes from an assessment in force by then, so one of ``candidates``) is not
    # invoiced again; a cancelled invoice no longer counts, so the next run issues the right one.
    # Read by assessment id, not through a join: the (assessment, month) index answers it.
    measure_of = {row["id"]: row["measure_id"] for row in candidates}
    done = {
        measure_of[assessment_id]
        for assessment_id in Invoice.objects.filter(month=month, assessment_id__in=list(measure_of))
        .exclude(status=InvoiceStatus.CANCELLED)
        .values_list("assessment_id", flat=True)
    }
    lines_of: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        lines_of.setdefault(row["measure_id"], []).append(row)
    invoices = []
    for measure_id in measure_ids:
        assessment = assessments.get(measure_id)
        charge = charge_for(assessment, lines_of[measure_id]) if assessment and measure_id not in done else None
        if charge is None:
            totals.skipped += 1
            continue
        number = format_number(issued_on.year, next_number)
        next_number += 1
        invoices.append(_invoice(assessment, charge, number, month, issued_on, due_on))
        totals.created += 1
        totals.total += charge.amount
        totals.first_number = totals.first_number or number
        totals.last_number = number
    if invoices:
        Invoice.objects.bulk_create(invoices)
        LedgerEntry.objects.bulk_create([row for invoice in invoices for row in _booking(invoice)])
    return next_number


def _invoice(
    assessment: dict[str, Any], charge: Charge, number: str, month: dt.date, issued_on: dt.date, due_on: dt.date
) -> Invoice:
    return Invoice(
        number=number,
        assessment_id=assessment["id"],
        case_id=assessment["case_id"],
        payer_id=assessment["payer_id"],
        month=month,
        days=charge.quantity if charge.basis == Unit.DAY else None,
        hours=charge.quantity if charge.basis == Unit.HOUR else None,
        unit_amount=charge.rate,
        amount=charge.amount,
        issued_on=issued_on,
        due_on=due_on,
        lines=[charge.explanation],
    )


def _booking(invoice: Invoice) -> list[LedgerEntry]:
    return booking_lines(
        key=new_booking_key("INV"),
        on=invoice.issued_on,
        text=f"Invoice {invoice.number}",
        moves=transfer(Account.PARENTS_RECEIVABLE, Account.CONTRIBUTIONS, invoice.amount, invoice=invoice),
    )
