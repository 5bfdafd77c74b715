"""Parents' invoices: the monthly invoicing run, payments, cancellation (writes; one transaction
each, the audit entry last). The bulk work is in ``finance.invoicing`` and
``finance.invoices_reminders``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed

from .invoices_rules import invoice_rules
from .invoicing import Totals, invoice_chunk, line_chunks, locked_sequence, month_start
from .ledger import book, transfer
from .models import Account, Invoice, InvoicePayment, InvoiceRun, RunKind, RunStatus
from .states import INVOICE_MACHINE, InvoiceStatus

REASON_MIN_LENGTH = 10


def invoicing_run(*, actor: Any, month: dt.date, today: dt.date | None = None, run: InvoiceRun | None = None) -> InvoiceRun:
    """Invoices every measure with a contribution in force and days (or hours) validated for
    ``month``. Idempotent: a second run adds only what the first did not invoice."""
    month = month_start(month)
    issued_on = today or timezone.localdate()
    # Only a month that has ended: its days of presence are all known.
    if month >= month_start(issued_on):
        raise ValidationError(_("A month can be invoiced once it has ended."))
    run = run or InvoiceRun.objects.create(kind=RunKind.INVOICING, month=month, started_by=_user(actor))
    InvoiceRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    try:
        _invoice_month(actor=actor, run=run, month=month, issued_on=issued_on)
    except Exception as error:
        InvoiceRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished_at=timezone.now(), error=repr(error)[:2000])
        raise
    run.refresh_from_db()
    return run


def _invoice_month(*, actor: Any, run: InvoiceRun, month: dt.date, issued_on: dt.date) -> Totals:
    due_on = invoice_rules().due_on(issued_on)
    totals = Totals()
    with transaction.atomic():
        sequence = locked_sequence(issued_on.year)
        next_number = sequence.last + 1
        for rows in line_chunks(month):
            next_number = invoice_chunk(
                rows=rows, month=month, issued_on=issued_on, due_on=due_on, next_number=next_number, totals=totals
            )
        if next_number != sequence.last + 1:
            sequence.last = next_number - 1
            sequence.save(update_fields=["last"])
        InvoiceRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            created=totals.created,
            skipped=totals.skipped,
            total=totals.total,
            first_number=totals.first_number,
            last_number=totals.last_number,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            fields=["invoices"],
            reason=f"month={month:%Y-%m} created={totals.created} total={totals.total}",
        )
    return totals


def invoice_run_queue(*, actor: Any, month: dt.date) -> InvoiceRun:
    """Asks for a run in the background (the page's button); the task does the work."""
    from .invoices_tasks import run_invoicing

    month = month_start(month)
    if month >= month_start(timezone.localdate()):
        raise ValidationError(_("A month can be invoiced once it has ended."))
    with transaction.atomic():
        run = InvoiceRun.objects.create(kind=RunKind.INVOICING, month=month, started_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=run, fields=["month"])
        transaction.on_commit(lambda: run_invoicing.enqueue(run.pk))
    return run


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(invoice: Invoice, version: int | None) -> Invoice:
    current = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if version is not None and current.version != version:
        raise StaleVersion()
    return current


def outstanding(invoice: Invoice) -> Decimal:
    return invoice.amount - invoice.paid


def invoice_payment_record(
    *,
    actor: Any,
    invoice: Invoice,
    amount: Decimal,
    received_on: dt.date,
    method: str,
    reference: str = "",
    version: int | None = None,
    request: Any = None,
) -> InvoicePayment:
    """Records money a payer sent; the invoice is paid when payments reach its amount. With
    ``version`` (the invoice's when the form was opened), a second submit of the same form is
    refused instead of recording the money twice."""
    with transaction.atomic():
        current = _locked(invoice, version)
        if current.status not in (InvoiceStatus.OPEN, InvoiceStatus.RECOVERY):
            raise TransitionNotAllowed(current.status, InvoiceStatus.PAID)
        left = outstanding(current)
        if amount <= 0:
            raise ValidationError({"amount": _("Enter an amount greater than zero.")})
        if amount > left:
            raise ValidationError({"amount": _("The amount is more than what is still owed (%(left)s EUR).") % {"left": left}})
        if received_on > timezone.localdate():
            raise ValidationError({"received_on": _("The date the money was received cannot be in the future.")})
        payment = InvoicePayment.objects.create(
            invoice=current, received_on=received_on, amount=amount, method=method, reference=reference, recorded_by=actor
        )
        current.paid += amount
        current.version += 1
        fields = ["paid", "version", "updated_at"]
        if current.paid == current.amount:
            current.status = InvoiceStatus.PAID
            fields.append("status")
        current.save(update_fields=fields)
        book(
            prefix="PAY",
            on=received_on,
            text=f"Payment of invoice {current.number}",
            moves=transfer(Account.BANK, Account.PARENTS_RECEIVABLE, amount, invoice=current, invoice_payment=payment),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=payment, fields=["amount", "received_on"], request=request)
    invoice.refresh_from_db()
    return payment


def invoice_cancel(*, actor: Any, invoice: Invoice, reason: str, version: int | None = None, request: Any = None) -> Invoice:
    """Cancels an invoice nothing was paid on, with its reason; the booking is reversed."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError({"reason": _("Explain in a few words why the invoice is cancelled.")})
    with transaction.atomic():
        current = _locked(invoice, version)
        if not INVOICE_MACHINE.can_transition(current.status, InvoiceStatus.CANCELLED):
            raise TransitionNotAllowed(current.status, InvoiceStatus.CANCELLED)
        if current.paid > 0:
            raise ValidationError(_("Something was paid on this invoice: it cannot be cancelled."))
        current.status = InvoiceStatus.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancel_reason = reason
        current.version += 1
        current.save(update_fields=["status", "cancelled_at", "cancel_reason", "version", "updated_at"])
        book(
            prefix="INVX",
            on=timezone.localdate(),
            text=f"Invoice {current.number} cancelled",
            moves=transfer(Account.CONTRIBUTIONS, Account.PARENTS_RECEIVABLE, current.amount, invoice=current),
        )
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], reason=reason, request=request)
    invoice.refresh_from_db()
    return invoice
