"""The daily reminder run: first and second reminder, then recovery, each once, on its day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from openaef.finance.invoices_reminders import send_reminders
from openaef.finance.invoices_rules import invoice_rules
from openaef.finance.models import Invoice, PaymentMethod, Reminder
from openaef.finance.services_invoices import invoice_payment_record, invoicing_run
from openaef.finance.states import InvoiceStatus
from tests.finance.factories_invoices import MARCH, billable, finance_officer

pytestmark = pytest.mark.django_db
ISSUED = dt.date(2026, 4, 2)
DUE = dt.date(2026, 5, 4)  # calendar_days:30 from 2 April, on to Monday


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return finance_officer()


@pytest.fixture
def invoice(officer):  # type: ignore[no-untyped-def]
    billable(officer, days="10")
    invoicing_run(actor=officer, month=MARCH, today=ISSUED)
    found = Invoice.objects.get()
    assert found.due_on == DUE
    return found


def test_the_pack_gives_every_step_of_the_schedule():
    rules = invoice_rules("lu")
    assert (rules.due, rules.first, rules.second, rules.pay_within, rules.recovery) == (
        "calendar_days:30",
        "calendar_days:15",
        "calendar_days:15",
        "calendar_days:15",
        "calendar_days:15",
    )


def test_nothing_is_sent_before_the_first_reminder_day(invoice):
    send_reminders(today=dt.date(2026, 5, 18))
    assert not Reminder.objects.exists()


def test_the_first_reminder_comes_after_the_due_date_and_gives_a_new_one(invoice):
    run = send_reminders(today=dt.date(2026, 5, 19))  # 4 May + 15 days
    reminder = Reminder.objects.get()
    invoice.refresh_from_db()
    assert (reminder.level, reminder.sent_on, reminder.due_on, reminder.outstanding) == (
        1,
        dt.date(2026, 5, 19),
        dt.date(2026, 6, 3),
        Decimal("147.60"),
    )
    assert (invoice.reminder_level, run.created) == (1, 1)


def test_a_reminder_is_never_sent_twice(invoice):
    send_reminders(today=dt.date(2026, 5, 19))
    send_reminders(today=dt.date(2026, 5, 19))
    send_reminders(today=dt.date(2026, 5, 20))
    assert Reminder.objects.count() == 1


def test_the_second_reminder_then_recovery(invoice):
    send_reminders(today=dt.date(2026, 5, 19))  # first; new due date 3 June
    send_reminders(today=dt.date(2026, 6, 17))
    assert Reminder.objects.count() == 1
    send_reminders(today=dt.date(2026, 6, 18))  # 3 June + 15 days
    second = Reminder.objects.get(level=2)
    assert second.due_on == dt.date(2026, 7, 3)
    send_reminders(today=dt.date(2026, 7, 17))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN
    run = send_reminders(today=dt.date(2026, 7, 20))  # 3 July + 15 days is Saturday 18: Monday
    invoice.refresh_from_db()
    assert (invoice.status, invoice.reminder_level, run.skipped) == (InvoiceStatus.RECOVERY, 2, 1)
    assert Reminder.objects.count() == 2


def test_a_paid_invoice_is_not_reminded(officer, invoice):
    invoice_payment_record(
        actor=officer, invoice=invoice, amount=Decimal("147.60"), received_on=dt.date(2026, 5, 10), method=PaymentMethod.CASH
    )
    send_reminders(today=dt.date(2026, 6, 1))
    assert not Reminder.objects.exists()


def test_an_invoice_in_recovery_can_still_be_paid(officer, invoice):
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.RECOVERY)
    invoice.refresh_from_db()
    invoice_payment_record(
        actor=officer, invoice=invoice, amount=Decimal("147.60"), received_on=dt.date(2026, 8, 1), method=PaymentMethod.TRANSFER
    )
    assert invoice.status == InvoiceStatus.PAID


def test_the_command_runs_the_reminders(invoice):
    call_command("send_invoice_reminders", "--date", "2026-05-19")
    assert Reminder.objects.count() == 1
