"""The monthly invoicing run: amounts, the assessment in force, numbering, idempotence, ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from openaef.finance.invoicing import charge_for
from openaef.finance.models import Account, Invoice, InvoiceRun, LedgerEntry, RunStatus, Statement, Unit
from openaef.finance.services_invoices import invoicing_run
from openaef.finance.states import AssessmentStatus, StatementStatus
from tests.finance.factories_invoices import MARCH, assess, billable, finance_officer, line, measure_with_payer

pytestmark = pytest.mark.django_db
RUN_DAY = dt.date(2026, 4, 2)


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return finance_officer()


def run(officer, month=MARCH, today=RUN_DAY):  # type: ignore[no-untyped-def]
    return invoicing_run(actor=officer, month=month, today=today)


def test_it_invoices_days_times_the_daily_contribution(officer):
    _, assessment = billable(officer, days="10", daily="14.76", monthly="300.00")
    result = run(officer)
    invoice = Invoice.objects.get()
    assert (result.created, invoice.amount, invoice.days, invoice.unit_amount) == (
        1,
        Decimal("147.60"),
        Decimal("10.0"),
        Decimal("14.76"),
    )
    assert invoice.lines[0]["cap"] == ""
    assert invoice.lines[0]["assessment"] == assessment.pk
    assert invoice.lines[0]["effective_from"] == "2026-01-01"
    assert (invoice.issued_on, invoice.payer_id, invoice.case_id) == (RUN_DAY, assessment.payer_id, assessment.case_id)


def test_it_caps_the_amount_at_the_monthly_contribution(officer):
    billable(officer, days="30", daily="14.76", monthly="300.00")
    run(officer)
    invoice = Invoice.objects.get()
    assert invoice.amount == Decimal("300.00")
    assert (invoice.lines[0]["gross"], invoice.lines[0]["cap"]) == ("442.80", "monthly")


def test_it_caps_the_amount_at_what_the_measure_cost(officer):
    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily="14.76", monthly="300.00")
    line(measure, "10", cost="100.00")
    run(officer)
    invoice = Invoice.objects.get()
    assert (invoice.amount, invoice.lines[0]["cap"]) == (Decimal("100.00"), "cost")


def test_it_invoices_hours_times_the_hourly_contribution_capped_at_the_cost(officer):
    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily=None, monthly=None, hourly="7.68")
    line(measure, "12.5", cost="1000.00", unit=Unit.HOUR)
    run(officer)
    invoice = Invoice.objects.get()
    assert (invoice.amount, invoice.hours, invoice.days) == (Decimal("96.00"), Decimal("12.50"), None)
    assessment = {
        "id": 1,
        "effective_from": MARCH,
        "monthly_amount": None,
        "daily_amount": None,
        "hourly_amount": Decimal("7.68"),
    }
    capped = charge_for(
        assessment, [{"id": 1, "statement_id": 1, "unit": Unit.HOUR, "quantity": Decimal("20"), "amount": Decimal("50.00")}]
    )
    assert (capped.amount, capped.cap) == (Decimal("50.00"), "cost")


def test_nothing_to_invoice_gives_no_invoice(officer):
    billable(officer, days="0")
    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily="0.00", monthly="0.00")
    line(measure, "10")
    result = run(officer)
    assert (result.created, result.skipped, Invoice.objects.count()) == (0, 2, 0)


def test_it_ignores_statements_not_validated_and_measures_without_a_contribution(officer):
    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, status=AssessmentStatus.DRAFT)
    line(measure, "10")
    other, other_payer = measure_with_payer(officer)
    assess(other, other_payer, officer)
    line(other, "10", month=dt.date(2026, 2, 1), status=StatementStatus.SUBMITTED)
    assert run(officer).created == 0
    assert invoicing_run(actor=officer, month=dt.date(2026, 2, 1), today=RUN_DAY).created == 0


def test_it_uses_the_assessment_in_force_for_the_month_after_a_reassessment(officer):
    measure, payer = measure_with_payer(officer)
    old = assess(measure, payer, officer, daily="10.00", monthly="500.00", status=AssessmentStatus.SUPERSEDED)
    new = assess(measure, payer, officer, daily="20.00", monthly="500.00", effective_from=dt.date(2026, 3, 1), previous=old)
    line(measure, "5", month=dt.date(2026, 2, 1))
    line(measure, "5", month=MARCH)
    invoicing_run(actor=officer, month=dt.date(2026, 2, 1), today=RUN_DAY)
    run(officer)
    february, march = Invoice.objects.order_by("month")
    assert (february.assessment_id, february.amount) == (old.pk, Decimal("50.00"))
    assert (march.assessment_id, march.amount) == (new.pk, Decimal("100.00"))


def test_a_reassessment_from_a_later_month_does_not_apply_yet(officer):
    measure, payer = measure_with_payer(officer)
    old = assess(measure, payer, officer, daily="10.00", status=AssessmentStatus.SUPERSEDED)
    assess(measure, payer, officer, daily="20.00", effective_from=dt.date(2026, 4, 1), previous=old)
    line(measure, "5")
    run(officer)
    assert Invoice.objects.get().assessment_id == old.pk


def test_a_second_run_adds_only_what_is_new(officer):
    billable(officer, days="10")
    first = run(officer)
    billable(officer, days="4")
    second = run(officer)
    third = run(officer)
    assert (first.created, second.created, second.skipped, third.created) == (1, 1, 1, 0)
    assert Invoice.objects.count() == 2


def test_numbers_follow_each_other_per_year_without_gaps(officer):
    for _ in range(3):
        billable(officer)
    result = run(officer)
    billable(officer)
    run(officer)
    numbers = list(Invoice.objects.order_by("number").values_list("number", flat=True))
    assert numbers == ["2026-000001", "2026-000002", "2026-000003", "2026-000004"]
    assert (result.first_number, result.last_number) == ("2026-000001", "2026-000003")


def test_the_due_date_follows_the_pack_rule(officer):
    billable(officer)
    run(officer)
    # calendar_days:30 from Thursday 2 April 2026 is Saturday 2 May: the next working day.
    assert Invoice.objects.get().due_on == dt.date(2026, 5, 4)


def test_each_invoice_is_booked_receivable_against_contributions_and_balances(officer):
    billable(officer, days="10")
    billable(officer, days="3")
    result = run(officer)
    rows = LedgerEntry.objects.filter(invoice__isnull=False)
    assert rows.count() == 4
    totals = rows.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    assert totals["debit"] == totals["credit"] == result.total
    assert rows.filter(account=Account.PARENTS_RECEIVABLE).aggregate(s=Sum("debit"))["s"] == result.total
    assert rows.filter(account=Account.CONTRIBUTIONS).aggregate(s=Sum("credit"))["s"] == result.total


def test_the_run_is_recorded_with_its_result(officer):
    billable(officer, days="10")
    result = run(officer)
    assert (result.status, result.month, result.started_by, result.total) == (RunStatus.DONE, MARCH, officer, Decimal("147.60"))


def test_a_month_not_yet_begun_is_refused(officer):
    with pytest.raises(ValidationError):
        run(officer, month=dt.date(2026, 5, 1))


def test_the_command_invoices_a_month(officer, capsys):  # type: ignore[no-untyped-def]
    billable(officer, days="10")
    call_command("invoice_month", "2026-03")
    assert Invoice.objects.count() == 1
    assert InvoiceRun.objects.get().created == 1


@pytest.mark.parametrize("measures", [5, 50])
def test_the_run_costs_the_same_number_of_queries_whatever_the_number_of_measures(
    officer, measures, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    from django.db import connection

    for _ in range(measures):
        billable(officer, days="10")
    # SQLite takes at most 999 parameters a statement, so its bulk inserts come in a few more
    # batches; a query per measure would still break either bound.
    with django_assert_max_num_queries(20 if connection.vendor == "postgresql" else 30):
        result = run(officer)
    assert result.created == measures


# Review mends -----------------------------------------------------------------------------------


def test_a_measure_priced_by_the_month_is_invoiced_on_its_days_of_presence(officer):
    from openaef.measures.models import ActivityRecord

    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily="14.76", monthly="300.00")
    month_line = line(measure, "1", cost="4500.00", unit=Unit.MONTH)
    month_line.activity = ActivityRecord.objects.create(measure=measure, month=MARCH, days=Decimal("12"), recorded_by=officer)
    month_line.save(update_fields=["activity"])
    run(officer)
    invoice = Invoice.objects.get()
    assert (invoice.days, invoice.amount) == (Decimal("12.0"), Decimal("177.12"))


def test_a_measure_priced_by_the_month_without_days_recorded_pays_the_monthly_contribution(officer):
    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily="14.76", monthly="300.00")
    line(measure, "1", cost="250.00", unit=Unit.MONTH)
    run(officer)
    invoice = Invoice.objects.get()
    # Never more than what the month cost.
    assert (invoice.amount, invoice.lines[0]["basis"], invoice.lines[0]["cap"]) == (Decimal("250.00"), "month", "cost")


def test_the_lines_of_two_statements_for_one_measure_add_up(officer):
    from openaef.directory.models import Provider

    measure, payer = measure_with_payer(officer)
    assess(measure, payer, officer, daily="10.00", monthly="300.00")
    line(measure, "6")
    other = Provider.objects.filter(pack="lu").order_by("-id").first()
    second = Statement.objects.create(provider=other, month=MARCH, status=StatementStatus.VALIDATED)
    line(measure, "4", statement=second)
    run(officer)
    assert Invoice.objects.get().amount == Decimal("100.00")


def test_a_cancelled_invoice_makes_way_for_the_right_one(officer):
    from openaef.finance.services_invoices import invoice_cancel

    billable(officer, days="10", daily="14.76", monthly="300.00")
    run(officer)
    wrong = Invoice.objects.get()
    invoice_cancel(actor=officer, invoice=wrong, reason="Days of another month were reported.")
    second = run(officer)
    assert second.created == 1
    assert Invoice.objects.exclude(pk=wrong.pk).get().status == "open"


def test_a_month_is_invoiced_only_once_it_has_ended(officer):
    billable(officer, days="10")
    with pytest.raises(ValidationError):
        run(officer, month=MARCH, today=dt.date(2026, 3, 20))
    assert not Invoice.objects.exists()
