"""Preparing a payment run: what it takes, what it leaves out and why, and the SEPA file it holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.deadlines import add_business_days, next_business_day
from openaef.finance.models import Payment, PaymentRun
from openaef.finance.sepa import read_credit_transfer
from openaef.finance.services_payments import payment_run_prepare
from openaef.finance.states import AidStatus, PaymentRunStatus, StatementStatus
from tests.directory.factories import ProviderFactory

from .factories_payments import (
    AID_IBAN,
    PROVIDER_IBAN,
    finance_officer,
    granted_aid,
    validated_statement,
)

pytestmark = pytest.mark.django_db


def execution_day() -> dt.date:
    return add_business_days(timezone.localdate(), 2)


@pytest.fixture
def preparer():
    return finance_officer(full_name="Fiona Finance")


def test_it_pays_a_validated_statement_whose_provider_has_a_bank_account(preparer):
    statement = validated_statement(provider=ProviderFactory(code="LU-CARE"), month=dt.date(2026, 10, 1), total="1234.56")

    result = payment_run_prepare(actor=preparer, execution_date=execution_day())

    run = result.run
    assert run is not None and run.status == PaymentRunStatus.DRAFT
    payment = run.payments.get()
    assert payment.statement == statement
    assert payment.amount == Decimal("1234.56")
    assert payment.iban == PROVIDER_IBAN
    assert payment.remittance == "ONE statement LU-CARE 2026-10"
    assert len(payment.end_to_end_id) <= 35
    assert (run.count, run.total) == (1, Decimal("1234.56"))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.VALIDATED  # paid only when the run is approved


def test_it_lists_a_statement_whose_provider_has_no_bank_account_as_unpayable(preparer):
    validated_statement(provider=ProviderFactory(code="LU-NOACC"), with_account=False)
    paid = validated_statement()

    result = payment_run_prepare(actor=preparer, execution_date=execution_day())

    assert [p.statement for p in result.run.payments.all()] == [paid]
    assert [(u.kind, u.reference, u.reason) for u in result.unpayable] == [("statement", "LU-NOACC 2026-01", "no bank account")]


def test_it_leaves_out_statements_not_validated(preparer):
    for status in (StatementStatus.DRAFT, StatementStatus.SUBMITTED, StatementStatus.RETURNED, StatementStatus.PAID):
        statement = validated_statement()
        statement.status = status
        statement.save(update_fields=["status"])

    result = payment_run_prepare(actor=preparer, execution_date=execution_day())

    assert result.run is None
    assert PaymentRun.objects.count() == 0


def test_it_pays_due_instalments_of_granted_help_with_the_legal_mention_and_no_name(preparer):
    today = timezone.localdate()
    aid = granted_aid(instalments=[(today - dt.timedelta(days=3), "150.00"), (today + dt.timedelta(days=60), "150.00")])

    run = payment_run_prepare(actor=preparer, execution_date=execution_day()).run

    payment = run.payments.get()
    assert payment.instalment == aid.instalments.first()
    assert payment.iban == AID_IBAN
    assert payment.payee == "Marie Dupont"
    assert "CASF L222-4" in payment.remittance and "insaisissable" in payment.remittance
    assert aid.beneficiary.surname not in payment.remittance
    assert aid.beneficiary.first_names not in payment.remittance


def test_it_leaves_out_instalments_of_help_not_granted_paid_cancelled_or_without_an_account(preparer):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    granted_aid(instalments=[(yesterday, "10.00")], status=AidStatus.PROPOSED)
    granted_aid(instalments=[(yesterday, "10.00")], status=AidStatus.STOPPED)
    paid = granted_aid(instalments=[(yesterday, "10.00")])
    paid.instalments.update(paid_on=yesterday)
    cancelled = granted_aid(instalments=[(yesterday, "10.00")])
    cancelled.instalments.update(cancelled=True)
    no_account = granted_aid(instalments=[(yesterday, "10.00")], iban="")

    result = payment_run_prepare(actor=preparer, execution_date=execution_day())

    assert result.run is None
    assert [(u.kind, u.reference, u.reason) for u in result.unpayable] == [
        ("instalment", f"AID-{no_account.pk}-{yesterday:%Y-%m}", "no bank account")
    ]


def test_a_repayable_help_is_paid_like_an_outright_one(preparer):
    granted_aid(instalments=[(timezone.localdate(), "80.00")], repayable=True)

    run = payment_run_prepare(actor=preparer, execution_date=execution_day()).run

    assert run.count == 1


def test_nothing_to_pay_makes_no_run(preparer):
    result = payment_run_prepare(actor=preparer, execution_date=execution_day())

    assert result.run is None and result.unpayable == []
    assert not PaymentRun.objects.exists()
    assert not AuditEvent.objects.filter(object_type="finance.paymentrun").exists()


@pytest.mark.parametrize("when", ["past", "weekend", "holiday"])
def test_it_refuses_an_execution_date_that_is_past_or_not_a_working_day(preparer, when):
    today = timezone.localdate()
    day = {
        "past": today - dt.timedelta(days=1),
        "weekend": today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7),
        "holiday": dt.date(2027, 3, 29),  # Easter Monday, a Monday
    }[when]
    validated_statement()

    with pytest.raises(ValidationError) as refused:
        payment_run_prepare(actor=preparer, execution_date=day)

    assert "execution_date" in refused.value.message_dict
    assert not PaymentRun.objects.exists()


def test_it_refuses_to_prepare_without_the_agencys_account(preparer, settings):
    settings.OPENAEF_PAYMENT_ACCOUNT = {"name": "", "iban": "", "bic": ""}
    validated_statement()

    with pytest.raises(ValidationError):
        payment_run_prepare(actor=preparer, execution_date=execution_day())


def test_the_file_holds_every_transfer_with_the_control_sum(preparer):
    validated_statement(total="1000.10")
    validated_statement(total="2000.25")
    granted_aid(instalments=[(timezone.localdate(), "150.00")])

    run = payment_run_prepare(actor=preparer, execution_date=execution_day()).run

    read = read_credit_transfer(bytes(run.file))
    assert read.message_id == run.message_id
    assert read.execution_date == run.execution_date
    assert read.number_of_transactions == 3
    assert read.control_sum == Decimal("3150.35") == run.total
    assert read.debtor.iban == "LU280019400644750000"
    by_id = {t.end_to_end_id: t for t in read.transfers}
    for payment in run.payments.all():
        written = by_id[payment.end_to_end_id]
        assert (written.iban, written.amount, written.remittance) == (payment.iban, payment.amount, payment.remittance)
    assert sorted(t.iban for t in read.transfers) == sorted([PROVIDER_IBAN, PROVIDER_IBAN, AID_IBAN])


def test_a_second_run_never_pays_what_a_draft_run_holds(preparer):
    validated_statement()
    granted_aid(instalments=[(timezone.localdate(), "150.00")])
    first = payment_run_prepare(actor=preparer, execution_date=execution_day())

    second = payment_run_prepare(actor=preparer, execution_date=next_business_day(execution_day()))

    assert first.run is not None and second.run is None
    assert Payment.objects.count() == 2


def test_preparing_is_audited_with_the_beneficiaries_of_help(preparer):
    aid = granted_aid(instalments=[(timezone.localdate(), "150.00")])

    run = payment_run_prepare(actor=preparer, execution_date=execution_day()).run

    event = AuditEvent.objects.get(object_type="finance.paymentrun", object_id=str(run.pk))
    assert event.action == AuditAction.CREATE
    assert list(event.person_links.values_list("person_id", flat=True)) == [aid.beneficiary_id]
