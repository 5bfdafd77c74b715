"""The repayment schedule of a repayable financial help, as rows to store.

The pack's rules compute it (``jurisdictions.<pack>.rules.aid_schedule``: equal monthly lines
rounded down to the cent, the remainder on the last one); a pack without that rule gets the same
computation here. Either way the lines are checked before they are stored: they add up exactly
to the amount and none is zero, so a schedule can never ask for more or less than was paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from openaef.core.parameters import cents, load_rules, parameters_at

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScheduleLine:
    due_on: dt.date
    amount: Decimal


class ScheduleError(ValueError):
    """The schedule cannot be drawn (an amount smaller than one cent per repayment)."""


def most_repayments(total: Decimal) -> int:
    """Every repayment is at least one cent."""
    return int(total / CENT)


def _own_schedule(total: Decimal, count: int, first_due: dt.date) -> list[ScheduleLine]:
    # Rounded down (through ``cents``, the one rounding) so the remainder is never negative.
    regular = cents(total / count - Decimal("0.005"))
    lines = [ScheduleLine(first_due + relativedelta(months=i), regular) for i in range(count - 1)]
    lines.append(ScheduleLine(first_due + relativedelta(months=count - 1), total - regular * (count - 1)))
    return lines


def _pack_schedule(pack: str, total: Decimal, count: int, first_due: dt.date) -> list[ScheduleLine] | None:
    try:
        rules: Any = load_rules(pack)
    except ImportError:
        return None
    if not hasattr(rules, "aid_schedule"):
        return None
    situation = {"amount": str(total), "instalments": count, "first_due": first_due.isoformat(), "form": "repayable"}
    # Only references are read: the YAML suffices, no database.
    computation = rules.aid_schedule(situation, parameters_at(pack, first_due, database=False))
    return [
        ScheduleLine(dt.date.fromisoformat(line.detail["due"]), line.amount)
        for line in computation.lines
        if line.key.startswith("repayment_") and line.amount is not None
    ]


def repayment_schedule(*, pack: str, total: Decimal, count: int, first_due: dt.date) -> list[ScheduleLine]:
    """``count`` monthly repayments from ``first_due`` adding up exactly to ``total``."""
    if total <= 0 or cents(total) != total:
        raise ScheduleError("the total must be a positive amount in whole cents")
    if count < 1 or count > most_repayments(total):
        raise ScheduleError("every repayment must be at least one cent")
    lines = _pack_schedule(pack, total, count, first_due) or _own_schedule(total, count, first_due)
    if len(lines) != count or sum((line.amount for line in lines), Decimal(0)) != total:
        raise ScheduleError("the schedule does not add up to the total")  # a broken pack rule: never stored
    if any(line.amount <= 0 for line in lines):
        raise ScheduleError("a repayment of the schedule is not positive")
    return lines


def shortened(amounts: list[Decimal], total: Decimal) -> list[Decimal]:
    """The schedule's amounts, in order, cut so that they add up to ``total`` (what was actually
    paid when a help is stopped): lines are kept as they were until the total is reached, the
    line that reaches it gets what remains, the later ones get nothing (they are removed)."""
    out, left = [], total
    for amount in amounts:
        take = min(amount, left)
        out.append(take)
        left -= take
    return out
