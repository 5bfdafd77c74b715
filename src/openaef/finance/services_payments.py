"""Payment runs: what the agency pays, as one SEPA credit-transfer file the bank receives.

A finance officer prepares a run for an execution date: every validated statement not yet in a
run whose provider has a bank account, and every due instalment of granted financial help whose
beneficiary's account is known, becomes one transfer of the run's pain.001 file. Another finance
officer approves it (four eyes: whoever prepared a run cannot send it), which books the ledger
and marks what it paid as paid. A cancelled run gives back what it held to the next run.

Two runs never hold the same thing: ``Payment.statement`` and ``Payment.instalment`` are unique,
and preparing locks the rows it takes, then reads them again once it holds the locks, so a run
prepared at the same moment by someone else is seen and what it took is left out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import is_business_day
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.packs import get_pack
from openaef.core.parameters import cents

from . import sepa
from .banking import iban_error
from .ledger import Move, booking_lines, new_booking_key, transfer
from .models import Account, AidInstalment, LedgerEntry, Payment, PaymentRun, Statement
from .services_aid import aid_complete_if_done
from .states import PAYMENT_RUN_MACHINE, STATEMENT_MACHINE, AidStatus, PaymentRunStatus, StatementStatus

R = PaymentRunStatus
ZERO = Decimal("0.00")
# The legal mention every transfer of financial help carries (France, CASF art. L222-4: the
# help is neither assignable nor seizable); the bank shows it to the beneficiary's bank.
AID_MENTION = "incessible et insaisissable CASF L222-4"


@dataclass(frozen=True)
class Unpayable:
    """Something due that no run can pay yet, and why (never a person's name)."""

    kind: str  # "statement" | "instalment"
    reference: str
    amount: Decimal
    reason: str


@dataclass
class PrepareResult:
    run: PaymentRun | None
    unpayable: list[Unpayable] = field(default_factory=list)


@dataclass
class _Candidate:
    payment: Payment
    transfer_name: str


def agency_debtor() -> sepa.Debtor | None:
    """The agency's own account (settings.OPENAEF_PAYMENT_ACCOUNT), None while it is not set."""
    account = getattr(settings, "OPENAEF_PAYMENT_ACCOUNT", None) or {}
    if not account.get("iban") or not account.get("name"):
        return None
    return sepa.Debtor(name=account["name"], iban=account["iban"], bic=account.get("bic") or None)


def execution_date_error(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a run cannot be executed on ``day`` (the bank executes on working days only)."""
    today = today or timezone.localdate()
    if day < today:
        return _("The execution date must be today or in the future.")
    if not is_business_day(day):
        return _("The execution date must be a working day: not a Saturday, a Sunday or a public holiday.")
    return None


def authority_code() -> str:
    return str((get_pack().config.get("authority") or {}).get("code") or "")


def statement_reference(statement: Statement) -> str:
    return f"{statement.provider.code} {statement.month:%Y-%m}"


def statement_remittance(statement: Statement) -> str:
    # The provider reconciles the transfer with its statement: its code and month, nothing about
    # the children the statement is about.
    prefix = authority_code()
    text = f"{prefix} statement {statement_reference(statement)}".strip()
    return sepa.sepa_text(text, sepa.REMITTANCE_LENGTH)


def instalment_reference(instalment: AidInstalment) -> str:
    return f"AID-{instalment.aid_id}-{instalment.due_on:%Y-%m}"


def instalment_remittance(instalment: AidInstalment) -> str:
    text = f"Aide financiere {instalment_reference(instalment)} {AID_MENTION}"
    return sepa.sepa_text(text, sepa.REMITTANCE_LENGTH)


def pending_statements() -> QuerySet[Statement]:
    """Validated statements in no run (a cancelled run's payments are gone)."""
    # A statement that comes to nothing owes nothing: no transfer of zero is ever made.
    return Statement.objects.filter(status=StatementStatus.VALIDATED, payment__isnull=True, total__gt=0)


def due_instalments(execution_date: dt.date) -> QuerySet[AidInstalment]:
    """Instalments of granted help due by ``execution_date``, neither paid, cancelled nor in a run."""
    return AidInstalment.objects.filter(
        aid__status=AidStatus.GRANTED,
        due_on__lte=execution_date,
        paid_on__isnull=True,
        cancelled=False,
        payment__isnull=True,
    )


def _account_problem(iban: str | None, amount: Decimal) -> str | None:
    if not iban:
        return _("no bank account")
    if iban_error(iban):
        return _("the bank account is not valid")
    if amount <= ZERO:
        return _("nothing to pay")
    return None


def statement_unpayable(statement: Statement) -> str | None:
    """Why a pending statement cannot be paid (needs provider__payee_account selected)."""
    account = getattr(statement.provider, "payee_account", None)
    return _account_problem(account.iban if account else None, statement.total)


def instalment_unpayable(instalment: AidInstalment) -> str | None:
    return _account_problem(instalment.aid.iban, instalment.amount)


def _locked(queryset: QuerySet[Any]) -> QuerySet[Any]:
    # Lock first (of=self: the outer join on payment cannot be locked), then read again: under
    # READ COMMITTED the second query sees the payments a concurrent run committed meanwhile.
    locked = list(queryset.select_for_update(of=("self",)).values_list("pk", flat=True))
    return queryset.filter(pk__in=locked)


def _statement_candidates(unpayable: list[Unpayable]) -> list[Statement]:
    found = []
    rows = _locked(pending_statements()).select_related("provider", "provider__payee_account")
    for statement in rows.order_by("provider__code", "month"):
        problem = statement_unpayable(statement)
        if problem:
            unpayable.append(Unpayable("statement", statement_reference(statement), statement.total, problem))
        else:
            found.append(statement)
    return found


def _instalment_candidates(execution_date: dt.date, unpayable: list[Unpayable]) -> list[AidInstalment]:
    found = []
    rows = _locked(due_instalments(execution_date)).select_related("aid", "aid__beneficiary")
    for instalment in rows.order_by("due_on", "id"):
        problem = instalment_unpayable(instalment)
        if problem:
            unpayable.append(Unpayable("instalment", instalment_reference(instalment), instalment.amount, problem))
        else:
            found.append(instalment)
    return found


def _aid_payee(instalment: AidInstalment) -> str:
    # L222-4: paid to the beneficiary's own account, in the holder's name as the bank knows it.
    aid = instalment.aid
    return aid.holder or aid.beneficiary.full_name


def _payments(statements: Sequence[Statement], instalments: Sequence[AidInstalment], message_id: str) -> list[Payment]:
    payments = []
    for statement in statements:
        account = statement.provider.payee_account
        payments.append(
            Payment(
                statement=statement,
                payee=account.holder[:140],
                iban=account.iban,
                bic=account.bic,
                amount=cents(statement.total),
                remittance=statement_remittance(statement),
            )
        )
    for instalment in instalments:
        aid = instalment.aid
        payments.append(
            Payment(
                instalment=instalment,
                payee=_aid_payee(instalment)[:140],
                iban=aid.iban,
                bic=aid.bic,
                amount=cents(instalment.amount),
                remittance=instalment_remittance(instalment),
            )
        )
    for number, payment in enumerate(payments, start=1):
        payment.end_to_end_id = f"{message_id}-{number:05d}"
    return payments


def new_message_id(now: dt.datetime | None = None) -> str:
    """Unique, at most 35 characters of the SEPA identifier set (PR20260115-1a2b3c4d)."""
    now = now or timezone.now()
    return f"PR{timezone.localtime(now):%Y%m%d}-{uuid.uuid4().hex[:8]}"


def payment_run_prepare(*, actor: Any, execution_date: dt.date, request: HttpRequest | None = None) -> PrepareResult:
    """A draft run paying everything payable on ``execution_date``; no run when nothing is."""
    error = execution_date_error(execution_date)
    if error:
        raise ValidationError({"execution_date": error})
    debtor = agency_debtor()
    if debtor is None:
        raise ValidationError(_("The agency's bank account is not set up, so no payment file can be made."))
    unpayable: list[Unpayable] = []
    with transaction.atomic():
        statements = _statement_candidates(unpayable)
        instalments = _instalment_candidates(execution_date, unpayable)
        if not statements and not instalments:
            return PrepareResult(run=None, unpayable=unpayable)
        message_id = new_message_id()
        payments = _payments(statements, instalments, message_id)
        xml = sepa.credit_transfer_file(
            debtor=debtor,
            transfers=[sepa.Transfer(p.end_to_end_id, p.payee, p.iban, p.bic or None, p.amount, p.remittance) for p in payments],
            execution_date=execution_date,
            message_id=message_id,
        )
        run = PaymentRun.objects.create(
            execution_date=execution_date,
            message_id=message_id,
            total=sum((p.amount for p in payments), ZERO),
            count=len(payments),
            file=xml,
            created_by=actor,
        )
        for payment in payments:
            payment.run = run
        Payment.objects.bulk_create(payments)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            request=request,
            persons=[i.aid.beneficiary_id for i in instalments],
        )
    return PrepareResult(run=run, unpayable=unpayable)


def _locked_run(run: PaymentRun, expected_version: int, target: str) -> PaymentRun:
    current = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if current.version != expected_version:
        raise StaleVersion
    if not PAYMENT_RUN_MACHINE.can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    return current


def _booking(payment: Payment, run: PaymentRun) -> list[LedgerEntry]:
    if payment.statement_id:
        statement = payment.statement
        assert statement is not None
        text = f"Payment run {run.message_id}: statement {statement_reference(statement)}"
        moves: list[Move] = transfer(
            Account.PROVIDERS_PAYABLE, Account.BANK, payment.amount, payment=payment, statement=statement
        )
    else:
        instalment = payment.instalment
        assert instalment is not None
        # A repayable help is a claim on the family until repaid, not an expense.
        debit = Account.AID_RECEIVABLE if instalment.aid.repayable else Account.AID_EXPENSE
        text = f"Payment run {run.message_id}: financial help {instalment_reference(instalment)}"
        moves = transfer(debit, Account.BANK, payment.amount, payment=payment, aid=instalment.aid)
    return booking_lines(key=new_booking_key("PAY"), on=run.execution_date, text=text, moves=moves)


def _mark_paid(run: PaymentRun, payments: list[Payment]) -> None:
    statements = list(Statement.objects.select_for_update().filter(pk__in=[p.statement_id for p in payments if p.statement_id]))
    for statement in statements:
        if not STATEMENT_MACHINE.can_transition(statement.status, StatementStatus.PAID):
            raise ValidationError(
                _("The statement %(reference)s is no longer validated: cancel this run and prepare a new one.")
                % {"reference": statement_reference(statement)}
            )
    instalments = list(
        AidInstalment.objects.select_for_update().filter(pk__in=[p.instalment_id for p in payments if p.instalment_id])
    )
    for instalment in instalments:
        if instalment.cancelled or instalment.paid_on is not None:
            raise ValidationError(
                _("The instalment %(reference)s was cancelled or paid meanwhile: cancel this run and prepare a new one.")
                % {"reference": instalment_reference(instalment)}
            )
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(
        status=StatementStatus.PAID, version=F("version") + 1, updated_at=timezone.now()
    )
    AidInstalment.objects.filter(pk__in=[i.pk for i in instalments]).update(paid_on=run.execution_date)


def payment_run_approve(*, actor: Any, run: PaymentRun, version: int, request: HttpRequest | None = None) -> PaymentRun:
    """Sends the run: what it pays becomes paid and each transfer is booked (Dr payable or aid /
    Cr bank). Refused to whoever prepared it (four eyes)."""
    with transaction.atomic():
        current = _locked_run(run, version, R.APPROVED)
        if current.created_by_id == actor.pk:
            raise ValidationError(_("You prepared this run: another finance officer must approve it."))
        if execution_date_error(current.execution_date):
            raise ValidationError(_("The run's execution date has passed: cancel the run and prepare it again."))
        payments = list(current.payments.select_related("statement__provider", "instalment__aid"))
        _mark_paid(current, payments)
        LedgerEntry.objects.bulk_create([line for payment in payments for line in _booking(payment, current)])
        current.status = R.APPROVED
        current.approved_at = timezone.now()
        current.approved_by = actor
        current.version += 1
        current.save(update_fields=["status", "approved_at", "approved_by", "version", "updated_at"])
        # An outright help whose last instalment this run pays is complete (one transaction).
        for aid in {p.instalment.aid_id: p.instalment.aid for p in payments if p.instalment is not None}.values():
            aid_complete_if_done(actor=actor, aid=aid, http_request=request)
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status"],
            request=request,
            persons=[p.instalment.aid.beneficiary_id for p in payments if p.instalment is not None],
        )
    return current


def payment_run_cancel(
    *, actor: Any, run: PaymentRun, version: int, reason: str, request: HttpRequest | None = None
) -> PaymentRun:
    """Cancels a run that was not sent: what it held stays to be paid by the next run. The file
    is kept on the run (what it would have paid); its payments are removed so that the same
    statements and instalments can be paid again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the run is cancelled.")})
    with transaction.atomic():
        current = _locked_run(run, version, R.CANCELLED)
        current.payments.all().delete()
        current.status = R.CANCELLED
        current.cancel_reason = reason
        current.cancelled_at = timezone.now()
        current.cancelled_by = actor
        current.version += 1
        current.save(update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], request=request, reason=reason)
    return current
