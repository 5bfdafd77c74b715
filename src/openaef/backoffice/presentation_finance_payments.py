"""What the payment-run and ledger pages show, made ready for the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openaef.finance import sepa
from openaef.finance.banking import mask_iban
from openaef.finance.models import Account, LedgerEntry, Payment
from openaef.finance.selectors_payments import Booking
from openaef.finance.services_payments import PrepareResult, instalment_reference, statement_reference
from openaef.finance.states import PaymentRunStatus

RUN_TAGS: dict[str, str] = {
    PaymentRunStatus.DRAFT: "govuk-tag--yellow",
    PaymentRunStatus.APPROVED: "govuk-tag--green",
    PaymentRunStatus.CANCELLED: "govuk-tag--grey",
}


def money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def prepared_message(result: PrepareResult) -> str:
    run = result.run
    assert run is not None
    text = ngettext(
        "The payment run is prepared: %(count)d transfer, %(total)s EUR.",
        "The payment run is prepared: %(count)d transfers, %(total)s EUR.",
        run.count,
    ) % {"count": run.count, "total": money(run.total)}
    if result.unpayable:
        text += " " + ngettext(
            "%(count)d item could not be paid: see the page to prepare a run.",
            "%(count)d items could not be paid: see the page to prepare a run.",
            len(result.unpayable),
        ) % {"count": len(result.unpayable)}
    return text


@dataclass(frozen=True)
class PaymentRow:
    payee: str
    iban: str
    amount: Decimal
    pays: str
    reference: str


def _pays(payment: Payment) -> str:
    if payment.statement is not None:
        return _("Activity statement %(reference)s") % {"reference": statement_reference(payment.statement)}
    assert payment.instalment is not None
    return _("Financial help %(reference)s, due %(due)s") % {
        "reference": instalment_reference(payment.instalment),
        "due": payment.instalment.due_on.isoformat(),
    }


def payment_rows(payments: list[Payment]) -> list[PaymentRow]:
    return [PaymentRow(p.payee, mask_iban(p.iban), p.amount, _pays(p), p.end_to_end_id) for p in payments]


def transfer_rows(transfers: list[sepa.Transfer]) -> list[PaymentRow]:
    return [PaymentRow(t.name, mask_iban(t.iban), t.amount, t.remittance, t.end_to_end_id) for t in transfers]


@dataclass(frozen=True)
class LineRow:
    account: str
    account_label: str
    debit: Decimal
    credit: Decimal
    concerns: list[str]
    run_pk: int | None
    run_reference: str


@dataclass(frozen=True)
class BookingRow:
    key: str
    booked_on: dt.date
    text: str
    total: Decimal
    lines: list[LineRow]


def _concerns(line: LedgerEntry) -> list[str]:
    # References only: the statement's provider and month, the invoice's number, the help's id.
    found = []
    if line.statement_id and line.statement is not None:
        found.append(_("statement %(reference)s") % {"reference": statement_reference(line.statement)})
    if line.invoice_id and line.invoice is not None:
        found.append(_("invoice %(number)s") % {"number": line.invoice.number})
    if line.aid_id:
        found.append(_("financial help AID-%(id)s") % {"id": line.aid_id})
    return found


def _line(line: LedgerEntry) -> LineRow:
    run = line.payment.run if line.payment_id and line.payment is not None else None
    return LineRow(
        account=line.account,
        account_label=str(Account(line.account).label),
        debit=line.debit,
        credit=line.credit,
        concerns=_concerns(line),
        run_pk=run.pk if run else None,
        run_reference=run.message_id if run else "",
    )


def booking_rows(bookings: list[Booking]) -> list[BookingRow]:
    return [BookingRow(b.key, b.booked_on, b.text, b.total, [_line(line) for line in b.lines]) for b in bookings]
