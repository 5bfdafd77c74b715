"""The ledger: every movement of money is one balanced booking (debits equal credits), written
once and never changed; a correction is another booking.

``booking_lines`` builds the rows without saving them, so a run over many records can write all
of its bookings with one ``bulk_create``; ``book`` writes one booking at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .models import Account, LedgerEntry

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Move:
    """One side of a booking: a positive ``debit`` or a positive ``credit`` on an account, with
    the records it concerns (``statement=…``, ``invoice=…``, ``payment=…``, ``aid=…``)."""

    account: Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    refs: dict[str, Any] = field(default_factory=dict)


class UnbalancedBooking(ValueError):
    pass


def new_booking_key(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def booking_lines(*, key: str, on: dt.date, text: str, moves: Sequence[Move]) -> list[LedgerEntry]:
    debit = sum((m.debit for m in moves), ZERO)
    credit = sum((m.credit for m in moves), ZERO)
    if debit != credit:
        raise UnbalancedBooking(f"booking {key}: debit {debit} != credit {credit}")
    for move in moves:
        if move.debit < 0 or move.credit < 0 or (move.debit and move.credit):
            raise UnbalancedBooking(f"booking {key}: a line is either a positive debit or a positive credit")
        if move.debit.as_tuple().exponent < -2 or move.credit.as_tuple().exponent < -2:  # type: ignore[operator]
            raise UnbalancedBooking(f"booking {key}: amounts are in cents")
    return [
        LedgerEntry(booking=key, booked_on=on, account=m.account, debit=m.debit, credit=m.credit, text=text[:200], **m.refs)
        for m in moves
        if m.debit or m.credit
    ]


def book(*, prefix: str, on: dt.date, text: str, moves: Sequence[Move]) -> list[LedgerEntry]:
    """Writes one balanced booking (call inside the service's transaction)."""
    rows = booking_lines(key=new_booking_key(prefix), on=on, text=text, moves=moves)
    return LedgerEntry.objects.bulk_create(rows)


def transfer(account_debit: Account, account_credit: Account, amount: Decimal, **refs: Any) -> list[Move]:
    """The common two-line booking: ``amount`` from ``account_credit`` to ``account_debit``."""
    return [Move(account_debit, debit=amount, refs=refs), Move(account_credit, credit=amount, refs=refs)]


def balance(entries: Iterable[LedgerEntry]) -> Decimal:
    return sum((e.debit - e.credit for e in entries), ZERO)
