"""Approving (four eyes) and cancelling payment runs, and two runs prepared at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.finance.models import Account, LedgerEntry, Payment, PaymentRun
from openaef.finance.services_payments import payment_run_approve, payment_run_cancel, payment_run_prepare
from openaef.finance.states import PAYMENT_RUN_MACHINE, AidStatus, PaymentRunStatus, StatementStatus

from .factories_payments import finance_officer, granted_aid, validated_statement
from .test_payments_prepare import execution_day

R = PaymentRunStatus


@pytest.fixture
def preparer(db):
    return finance_officer(full_name="Fiona Finance")


@pytest.fixture
def approver(db):
    return finance_officer(full_name="Gaston Approver")


def prepared(actor):
    return payment_run_prepare(actor=actor, execution_date=execution_day()).run


def test_the_state_table_of_payment_runs():
    assert set(PAYMENT_RUN_MACHINE.transitions) == {(R.DRAFT, R.APPROVED), (R.DRAFT, R.CANCELLED)}
    assert PAYMENT_RUN_MACHINE.needs(R.DRAFT, R.CANCELLED)["reason"] is True


@pytest.mark.django_db
def test_approving_marks_everything_paid_and_books_balanced_entries(preparer, approver):
    statement = validated_statement(total="1000.00")
    outright = granted_aid(instalments=[(timezone.localdate(), "150.00")])
    repayable = granted_aid(instalments=[(timezone.localdate(), "80.00")], repayable=True)
    run = prepared(preparer)

    approved = payment_run_approve(actor=approver, run=run, version=run.version)

    assert approved.status == R.APPROVED and approved.approved_by == approver and approved.version == 2
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID and statement.version == 2
    assert outright.instalments.get().paid_on == run.execution_date
    assert repayable.instalments.get().paid_on == run.execution_date
    lines = LedgerEntry.objects.filter(payment__run=run)
    assert {(e.account, e.debit, e.credit) for e in lines} == {
        (Account.PROVIDERS_PAYABLE, Decimal("1000.00"), Decimal("0.00")),
        (Account.BANK, Decimal("0.00"), Decimal("1000.00")),
        (Account.AID_EXPENSE, Decimal("150.00"), Decimal("0.00")),
        (Account.BANK, Decimal("0.00"), Decimal("150.00")),
        (Account.AID_RECEIVABLE, Decimal("80.00"), Decimal("0.00")),
        (Account.BANK, Decimal("0.00"), Decimal("80.00")),
    }
    for booking in set(lines.values_list("booking", flat=True)):
        rows = lines.filter(booking=booking)
        assert sum(r.debit for r in rows) == sum(r.credit for r in rows)
        assert rows.count() == 2
    assert all(e.booked_on == run.execution_date for e in lines)
    assert not any(outright.beneficiary.surname in e.text for e in lines)
    assert lines.filter(statement=statement).count() == 2


@pytest.mark.django_db
def test_an_outright_help_whose_last_instalment_is_paid_is_completed(preparer, approver):
    outright = granted_aid(instalments=[(timezone.localdate(), "150.00")])
    repayable = granted_aid(instalments=[(timezone.localdate(), "80.00")], repayable=True)
    repayable.repayments.create(due_on=timezone.localdate() + dt.timedelta(days=60), amount=Decimal("80.00"))
    run = prepared(preparer)

    payment_run_approve(actor=approver, run=run, version=run.version)

    outright.refresh_from_db()
    repayable.refresh_from_db()
    assert outright.status == AidStatus.COMPLETED
    # A repayable help is complete only once repaid.
    assert repayable.status == AidStatus.GRANTED


@pytest.mark.django_db
def test_whoever_prepared_a_run_cannot_approve_it(preparer):
    validated_statement()
    run = prepared(preparer)

    with pytest.raises(ValidationError):
        payment_run_approve(actor=preparer, run=run, version=run.version)

    run.refresh_from_db()
    assert run.status == R.DRAFT
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_approving_a_stale_version_or_twice_is_refused(preparer, approver):
    validated_statement()
    run = prepared(preparer)

    with pytest.raises(StaleVersion):
        payment_run_approve(actor=approver, run=run, version=run.version + 1)
    payment_run_approve(actor=approver, run=run, version=run.version)
    with pytest.raises(TransitionNotAllowed):
        payment_run_approve(actor=approver, run=run, version=run.version + 1)

    assert LedgerEntry.objects.count() == 2


@pytest.mark.django_db
def test_an_instalment_cancelled_after_preparing_stops_the_approval(preparer, approver):
    aid = granted_aid(instalments=[(timezone.localdate(), "150.00")])
    run = prepared(preparer)
    aid.instalments.update(cancelled=True)

    with pytest.raises(ValidationError):
        payment_run_approve(actor=approver, run=run, version=run.version)

    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_run_gives_back_what_it_held_to_the_next_run(preparer, approver):
    statement = validated_statement()
    aid = granted_aid(instalments=[(timezone.localdate(), "150.00")])
    first = prepared(preparer)

    cancelled = payment_run_cancel(actor=preparer, run=first, version=first.version, reason="Wrong execution date")

    assert cancelled.status == R.CANCELLED and cancelled.cancel_reason == "Wrong execution date"
    assert not Payment.objects.filter(run=first).exists()
    assert cancelled.file  # what it would have paid stays readable
    statement.refresh_from_db()
    assert statement.status == StatementStatus.VALIDATED
    second = prepared(preparer)
    assert {p.statement_id for p in second.payments.all()} == {statement.pk, None}
    assert {p.instalment_id for p in second.payments.all()} == {aid.instalments.get().pk, None}


@pytest.mark.django_db
def test_cancelling_needs_a_reason_and_a_draft(preparer, approver):
    validated_statement()
    run = prepared(preparer)

    with pytest.raises(ValidationError):
        payment_run_cancel(actor=preparer, run=run, version=run.version, reason="  ")
    approved = payment_run_approve(actor=approver, run=run, version=run.version)
    with pytest.raises(TransitionNotAllowed):
        payment_run_cancel(actor=preparer, run=run, version=approved.version, reason="Too late")


@pytest.mark.django_db(transaction=True)
def test_two_runs_prepared_at_the_same_moment_never_pay_the_same_statement(lu_pack):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    statements = [validated_statement(month=dt.date(2026, m, 1)) for m in (1, 2, 3)]
    officers = [finance_officer(), finance_officer()]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def prepare(actor):
        try:
            barrier.wait()
            outcomes.append(payment_run_prepare(actor=actor, execution_date=execution_day()).run)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=prepare, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert PaymentRun.objects.count() == 1
    assert sorted(Payment.objects.values_list("statement_id", flat=True)) == sorted(s.pk for s in statements)


@pytest.mark.django_db
def test_a_run_whose_execution_date_has_passed_is_not_approved(preparer, approver):
    validated_statement(total="1000.00")
    run = prepared(preparer)
    PaymentRun.objects.filter(pk=run.pk).update(execution_date=timezone.localdate() - dt.timedelta(days=1))
    run.refresh_from_db()
    with pytest.raises(ValidationError):
        payment_run_approve(actor=approver, run=run, version=run.version)
    run.refresh_from_db()
    assert run.status == R.DRAFT and not LedgerEntry.objects.filter(payment__run=run).exists()


@pytest.mark.django_db
def test_a_statement_that_comes_to_nothing_is_not_paid(preparer):
    validated_statement(total="0.00")
    assert payment_run_prepare(actor=preparer, execution_date=execution_day()).run is None
