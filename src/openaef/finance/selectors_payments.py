"""Reads for the payment runs and the ledger pages (finance officers only; no case content).

The ledger's texts hold references (provider codes, months, run and invoice numbers), never a
person's name, so the journal and the trial balance show no personal data; a run's page shows
the account holders of financial help and is audited by the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.http import Http404

from openaef.core.pagination import Page, SortKey, keyset_page

from . import sepa
from .models import Account, LedgerEntry, Payment, PaymentRun
from .services_payments import (
    Unpayable,
    due_instalments,
    instalment_reference,
    instalment_unpayable,
    pending_statements,
    statement_reference,
    statement_unpayable,
)

ZERO = Decimal("0.00")
RUNS_PER_PAGE = 25
BOOKINGS_PER_PAGE = 50


# Payment runs ---------------------------------------------------------------------------------


def run_page(cursor: str | None) -> Page[PaymentRun]:
    keys = [SortKey("created_at", True), SortKey("id", True)]
    # The SEPA file is not read for a list (it can weigh megabytes).
    runs = PaymentRun.objects.select_related("created_by", "approved_by").defer("file")
    return keyset_page(runs, keys, cursor, RUNS_PER_PAGE)


def get_run(pk: int) -> PaymentRun:
    run = PaymentRun.objects.select_related("created_by", "approved_by", "cancelled_by").defer("file").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def run_file(pk: int) -> PaymentRun:
    run = PaymentRun.objects.only("id", "message_id", "file", "status").filter(pk=pk).first()
    if run is None or not run.file:
        raise Http404
    return run


def run_payments(run: PaymentRun) -> list[Payment]:
    return list(run.payments.select_related("statement__provider", "instalment__aid").order_by("id"))


def cancelled_run_transfers(run: PaymentRun) -> list[sepa.Transfer]:
    """What a cancelled run would have paid, read back from its file (its payments are gone so
    that the same statements can be paid again)."""
    stored = PaymentRun.objects.only("file").get(pk=run.pk).file
    return sepa.parse_credit_transfer(bytes(stored)) if stored else []


def beneficiaries_of(payments: list[Payment]) -> list[int]:
    return [p.instalment.aid.beneficiary_id for p in payments if p.instalment is not None]


@dataclass(frozen=True)
class Waiting:
    count: int
    total: Decimal
    unpayable: list[Unpayable]


def waiting(execution_date: dt.date) -> Waiting:
    """What a run prepared for ``execution_date`` would take, and what it could not pay (two queries)."""
    unpayable: list[Unpayable] = []
    total, count = ZERO, 0
    statements = pending_statements().select_related("provider", "provider__payee_account")
    for statement in statements.order_by("provider__code", "month"):
        problem = statement_unpayable(statement)
        if problem:
            unpayable.append(Unpayable("statement", statement_reference(statement), statement.total, problem))
        else:
            total, count = total + statement.total, count + 1
    for instalment in due_instalments(execution_date).select_related("aid").order_by("due_on", "id"):
        problem = instalment_unpayable(instalment)
        if problem:
            unpayable.append(Unpayable("instalment", instalment_reference(instalment), instalment.amount, problem))
        else:
            total, count = total + instalment.amount, count + 1
    return Waiting(count, total, unpayable)


# The ledger -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilters:
    account: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def apply(self, entries: QuerySet[LedgerEntry]) -> QuerySet[LedgerEntry]:
        if self.start:
            entries = entries.filter(booked_on__gte=self.start)
        if self.end:
            entries = entries.filter(booked_on__lte=self.end)
        return entries

    def any(self) -> bool:
        return bool(self.account or self.start or self.end)


@dataclass
class Booking:
    key: str
    booked_on: dt.date
    text: str
    lines: list[LedgerEntry]

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)


_REFERENCES = ("statement__provider", "invoice", "payment__run", "aid")


def journal_page(filters: LedgerFilters, cursor: str | None) -> tuple[Page[LedgerEntry], list[Booking]]:
    """One page of bookings, newest first, each with all its lines (two queries).

    The page runs over one line per booking (its first line, or its first line on the account
    filtered on), so that a page never splits a booking."""
    anchors = filters.apply(LedgerEntry.objects.all())
    earlier = LedgerEntry.objects.filter(booking=OuterRef("booking"), id__lt=OuterRef("id"))
    if filters.account:
        anchors = anchors.filter(account=filters.account)
        earlier = earlier.filter(account=filters.account)
    anchors = anchors.filter(~Exists(earlier))
    page = keyset_page(
        anchors.only("id", "booking", "booked_on"), [SortKey("booked_on", True), SortKey("id", True)], cursor, BOOKINGS_PER_PAGE
    )
    keys = [anchor.booking for anchor in page.items]
    lines: dict[str, list[LedgerEntry]] = {}
    for line in LedgerEntry.objects.filter(booking__in=keys).select_related(*_REFERENCES).order_by("id"):
        lines.setdefault(line.booking, []).append(line)
    bookings = [
        Booking(key=key, booked_on=lines[key][0].booked_on, text=lines[key][0].text, lines=lines[key])
        for key in keys
        if key in lines
    ]
    return page, bookings


@dataclass(frozen=True)
class BalanceRow:
    account: str
    label: str
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit

    @property
    def amount(self) -> Decimal:
        return abs(self.balance)

    @property
    def side(self) -> str:
        """Which side the balance is on ("debit", "credit", or "" when the account is settled)."""
        return "debit" if self.balance > 0 else "credit" if self.balance < 0 else ""


@dataclass(frozen=True)
class TrialBalance:
    rows: list[BalanceRow]
    debit: Decimal
    credit: Decimal

    @property
    def balanced(self) -> bool:
        return self.debit == self.credit


def trial_balance(filters: LedgerFilters) -> TrialBalance:
    """Debits and credits of each account over the period (one query)."""
    sums = {
        row["account"]: row
        for row in filters.apply(LedgerEntry.objects.all()).values("account").annotate(d=Sum("debit"), c=Sum("credit")).order_by()
    }
    rows = [
        BalanceRow(account.value, str(account.label), sums[account.value]["d"] or ZERO, sums[account.value]["c"] or ZERO)
        for account in Account
        if account.value in sums
    ]
    return TrialBalance(
        rows=rows,
        debit=sum((row.debit for row in rows), ZERO),
        credit=sum((row.credit for row in rows), ZERO),
    )


def journal_rows(filters: LedgerFilters) -> Iterator[LedgerEntry]:
    """Every line of the period, oldest first, read in chunks (for the CSV export)."""
    entries = filters.apply(LedgerEntry.objects.all())
    if filters.account:
        entries = entries.filter(booking__in=LedgerEntry.objects.filter(account=filters.account).values("booking"))
    return entries.select_related(*_REFERENCES).order_by("booked_on", "id").iterator(chunk_size=2000)


def line_reference(line: LedgerEntry) -> str:
    """What a ledger line concerns, as references only."""
    parts = []
    if line.statement_id:
        parts.append(f"statement {statement_reference(line.statement)}")  # type: ignore[arg-type]
    if line.invoice_id:
        parts.append(f"invoice {line.invoice.number}")  # type: ignore[union-attr]
    if line.aid_id:
        parts.append(f"financial help AID-{line.aid_id}")
    if line.payment_id:
        parts.append(f"payment run {line.payment.run.message_id}")  # type: ignore[union-attr]
    return "; ".join(parts)
