"""What waits for finance: a few counts for the finance home page (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .models import FinancialAid, Invoice, PaymentRun, Statement
from .states import AidStatus, InvoiceStatus, PaymentRunStatus, StatementStatus


@dataclass(frozen=True)
class FinanceWork:
    statements_to_validate: int
    statements_to_pay: int
    runs_to_approve: int
    invoices_overdue: int
    aids_to_decide: int


def finance_work() -> FinanceWork:
    """Four queries, whatever the size of the tables (each count reads an index on status)."""
    statements = Statement.objects.aggregate(
        to_validate=Count("pk", filter=Q(status=StatementStatus.SUBMITTED)),
        to_pay=Count("pk", filter=Q(status=StatementStatus.VALIDATED, total__gt=0)),
    )
    return FinanceWork(
        statements_to_validate=statements["to_validate"],
        statements_to_pay=statements["to_pay"],
        runs_to_approve=PaymentRun.objects.filter(status=PaymentRunStatus.DRAFT).count(),
        invoices_overdue=Invoice.objects.filter(status=InvoiceStatus.OPEN, due_on__lt=timezone.localdate()).count(),
        aids_to_decide=FinancialAid.objects.filter(status=AidStatus.PROPOSED).count(),
    )
