"""Reads of parents' invoices for the finance pages: lists in keyset pages with a bounded number
of queries, one invoice with what was paid and reminded, the arrears per payer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, Q, QuerySet, Sum

from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.people.models import Person

from .models import Invoice, InvoiceRun, LedgerEntry
from .states import InvoiceStatus

PAGE_SIZE = 50
UNPAID = (InvoiceStatus.OPEN, InvoiceStatus.RECOVERY)
_ARREARS_SALT = "openaef.finance.arrears"


@dataclass(frozen=True)
class InvoiceFilters:
    month: dt.date | None = None
    status: str = ""
    overdue: bool = False
    number: str = ""
    payer_id: int | None = None

    def any(self) -> bool:
        return bool(self.month or self.status or self.overdue or self.number or self.payer_id)


def invoice_page(filters: InvoiceFilters, *, today: dt.date, cursor: str | None) -> Page[Invoice]:
    """Newest months first, then by number. Two queries (the page, its payers and cases)."""
    qs = Invoice.objects.select_related("payer", "case")
    if filters.number:
        qs = qs.filter(number__startswith=filters.number.strip())
    if filters.month:
        qs = qs.filter(month=filters.month)
    if filters.payer_id:
        qs = qs.filter(payer_id=filters.payer_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = qs.filter(status__in=UNPAID, due_on__lt=today)
    return keyset_page(qs, [SortKey("month", True), SortKey("number", False)], cursor, PAGE_SIZE)


def get_invoice(pk: int) -> Invoice | None:
    return Invoice.objects.select_related("payer", "case", "assessment").filter(pk=pk).first()


@dataclass
class InvoiceView:
    invoice: Invoice
    payments: list[Any]
    reminders: list[Any]
    ledger: list[LedgerEntry]


def invoice_view(invoice: Invoice) -> InvoiceView:
    return InvoiceView(
        invoice=invoice,
        payments=list(invoice.payments.select_related("recorded_by")),
        reminders=list(invoice.reminders.all()),
        ledger=list(LedgerEntry.objects.filter(invoice=invoice).order_by("booked_on", "id")),
    )


def run_list(limit: int = 24) -> list[InvoiceRun]:
    return list(InvoiceRun.objects.select_related("started_by")[:limit])


# Arrears ----------------------------------------------------------------------------------------

ARREARS_SORTS = {
    # (field, descending): most owed first, or oldest unpaid due date first; the payer breaks ties.
    "amount": ("owed", True),
    "age": ("oldest_due", False),
}


@dataclass(frozen=True)
class ArrearsRow:
    payer_id: int
    owed: Decimal
    oldest_due: dt.date
    level: int
    invoices: int
    in_recovery: int
    payer: Person | None = None


def _arrears(today: dt.date) -> QuerySet[Invoice, dict[str, Any]]:
    owed = ExpressionWrapper(F("amount") - F("paid"), output_field=DecimalField(max_digits=12, decimal_places=2))
    return (
        Invoice.objects.filter(status__in=UNPAID, due_on__lt=today)
        .values("payer_id")
        .annotate(
            owed=Sum(owed),
            oldest_due=Min("due_on"),
            level=Max("reminder_level"),
            invoices=Count("id"),
            in_recovery=Count("id", filter=Q(status=InvoiceStatus.RECOVERY)),
        )
    )


def _decode(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        values = signing.loads(cursor, salt=_ARREARS_SALT)
        return [values[0] if not isinstance(values[0], dict) else dt.date.fromisoformat(values[0]["d"]), int(values[1])]
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        return None


def _encode(value: Any, payer_id: int) -> str:
    first = {"d": value.isoformat()} if isinstance(value, dt.date) else str(value)
    return signing.dumps([first, payer_id], salt=_ARREARS_SALT)


@dataclass
class ArrearsPage:
    rows: list[ArrearsRow]
    next_cursor: str | None


def arrears_page(*, today: dt.date, sort: str, cursor: str | None, size: int = PAGE_SIZE) -> ArrearsPage:
    """Payers who owe money past its due date, one keyset page (two queries: the totals, the names)."""
    name, descending = ARREARS_SORTS.get(sort, ARREARS_SORTS["amount"])
    qs = _arrears(today)
    after = _decode(cursor)
    if after is not None:
        value = Decimal(after[0]) if name == "owed" else after[0]
        op = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"{name}__{op}": value}) | Q(**{name: value, "payer_id__gt": after[1]}))
    rows = [ArrearsRow(**r) for r in qs.order_by(("-" if descending else "") + name, "payer_id")[: size + 1]]
    more = len(rows) > size
    rows = rows[:size]
    people = Person.objects.in_bulk([r.payer_id for r in rows])
    rows = [ArrearsRow(**{**vars(r), "payer": people.get(r.payer_id)}) for r in rows]
    last = rows[-1] if rows and more else None
    return ArrearsPage(rows=rows, next_cursor=_encode(getattr(last, name), last.payer_id) if last else None)


def arrears_payer_ids(*, today: dt.date) -> list[int]:
    """Who is in arrears (for the export's audit entry): one query over the unpaid invoices."""
    return sorted(set(Invoice.objects.filter(status__in=UNPAID, due_on__lt=today).values_list("payer_id", flat=True)))


def arrears_rows(*, today: dt.date) -> Iterator[tuple[dict[str, Any], Person | None]]:
    """Every payer in arrears, most owed first, in chunks (for the CSV export)."""
    cursor = None
    while True:
        page = arrears_page(today=today, sort="amount", cursor=cursor, size=1_000)
        for row in page.rows:
            yield vars(row), row.payer
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
