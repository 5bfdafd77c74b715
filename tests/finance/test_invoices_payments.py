"""Payments on parents' invoices and cancellation, with their bookings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from openaef.core.errors import TransitionNotAllowed
from openaef.finance.models import Account, Invoice, LedgerEntry, PaymentMethod
from openaef.finance.services_invoices import invoice_cancel, invoice_payment_record, invoicing_run
from openaef.finance.states import InvoiceStatus
from tests.finance.factories_invoices import MARCH, billable, finance_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return finance_officer()


@pytest.fixture
def invoice(officer):  # type: ignore[no-untyped-def]
    billable(officer, days="10", daily="14.76")  # 147.60
    invoicing_run(actor=officer, month=MARCH, today=dt.date(2026, 4, 2))
    return Invoice.objects.get()


def pay(officer, invoice, amount, **kw):  # type: ignore[no-untyped-def]
    return invoice_payment_record(
        actor=officer,
        invoice=invoice,
        amount=Decimal(amount),
        received_on=kw.pop("received_on", dt.date(2026, 4, 20)),
        method=PaymentMethod.TRANSFER,
        reference="REF-1",
    )


def test_a_partial_payment_leaves_the_invoice_open(officer, invoice):
    pay(officer, invoice, "100.00")
    assert (invoice.status, invoice.paid, invoice.outstanding) == (InvoiceStatus.OPEN, Decimal("100.00"), Decimal("47.60"))


def test_the_invoice_is_paid_when_payments_reach_its_amount(officer, invoice):
    pay(officer, invoice, "100.00")
    pay(officer, invoice, "47.60")
    assert (invoice.status, invoice.paid) == (InvoiceStatus.PAID, Decimal("147.60"))
    with pytest.raises(TransitionNotAllowed):
        pay(officer, invoice, "1.00")


def test_it_refuses_more_than_what_is_owed_with_a_clear_message(officer, invoice):
    with pytest.raises(ValidationError) as error:
        pay(officer, invoice, "147.61")
    assert "147.60" in str(error.value.message_dict["amount"])
    assert invoice.payments.count() == 0


def test_it_refuses_a_date_in_the_future(officer, invoice):
    with pytest.raises(ValidationError) as error:
        pay(officer, invoice, "10.00", received_on=timezone.localdate() + dt.timedelta(days=1))
    assert "received_on" in error.value.message_dict


def test_a_payment_is_booked_bank_against_receivable(officer, invoice):
    payment = pay(officer, invoice, "100.00")
    rows = LedgerEntry.objects.filter(invoice_payment=payment)
    assert {(r.account, r.debit, r.credit) for r in rows} == {
        (Account.BANK, Decimal("100.00"), Decimal("0.00")),
        (Account.PARENTS_RECEIVABLE, Decimal("0.00"), Decimal("100.00")),
    }


def test_cancelling_an_unpaid_invoice_reverses_its_booking(officer, invoice):
    invoice_cancel(actor=officer, invoice=invoice, reason="Days reported twice by the provider", version=invoice.version)
    assert (invoice.status, invoice.cancel_reason) == (InvoiceStatus.CANCELLED, "Days reported twice by the provider")
    receivable = LedgerEntry.objects.filter(invoice=invoice, account=Account.PARENTS_RECEIVABLE).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    assert receivable["d"] == receivable["c"] == Decimal("147.60")


def test_it_does_not_cancel_an_invoice_with_a_payment_or_without_a_reason(officer, invoice):
    with pytest.raises(ValidationError):
        invoice_cancel(actor=officer, invoice=invoice, reason="no")
    pay(officer, invoice, "10.00")
    with pytest.raises(ValidationError):
        invoice_cancel(actor=officer, invoice=invoice, reason="Days reported twice by the provider")
    assert invoice.status == InvoiceStatus.OPEN


def test_the_whole_ledger_stays_balanced(officer, invoice):
    pay(officer, invoice, "47.60")
    totals = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"]
