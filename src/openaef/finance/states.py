"""The money workflows, each one table of allowed transitions.

Assessment: draft -> decided (its amounts are frozen, with the computation that produced them)
-> superseded (when a reassessment is decided); a draft can be discarded.

Activity statement: draft -> submitted (by the provider) -> validated (by finance) -> paid (when
the payment run that pays it is approved); finance may return a submitted statement with a
reason, and the provider corrects it and submits again.

Payment run: draft (the SEPA file is built and can be checked) -> approved (sent to the bank: the
ledger is booked and what it pays is marked paid) | cancelled (what it held can go in another run).

Parents' invoice: open -> paid (when payments reach the amount) | cancelled (with a reason,
before anything is paid) | recovery (handed over after the last reminder) -> paid.

Financial help: proposed -> granted | refused; granted -> completed (everything paid and, if
repayable, repaid or waived) | stopped (the instalments not yet paid are cancelled).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DECIDED = "decided", _("Decided")
    SUPERSEDED = "superseded", _("Replaced by a reassessment")
    DISCARDED = "discarded", _("Discarded")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared by the provider")
    SUBMITTED = "submitted", _("Sent, waiting for finance")
    RETURNED = "returned", _("Sent back to the provider")
    VALIDATED = "validated", _("Validated, to be paid")
    PAID = "paid", _("Paid")


class PaymentRunStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared, not sent")
    APPROVED = "approved", _("Approved and sent to the bank")
    CANCELLED = "cancelled", _("Cancelled")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    RECOVERY = "recovery", _("Handed over for recovery")
    CANCELLED = "cancelled", _("Cancelled")


class AidStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    STOPPED = "stopped", _("Stopped")
    COMPLETED = "completed", _("Completed")


A, S, R, V, F = AssessmentStatus, StatementStatus, PaymentRunStatus, InvoiceStatus, AidStatus

ASSESSMENT_MACHINE = StateMachine(
    {
        (A.DRAFT, A.DECIDED): {"reason": False},
        (A.DRAFT, A.DISCARDED): {"reason": False},
        (A.DECIDED, A.SUPERSEDED): {"reason": True},
    }
)

STATEMENT_MACHINE = StateMachine(
    {
        (S.DRAFT, S.SUBMITTED): {"reason": False},
        (S.RETURNED, S.SUBMITTED): {"reason": False},
        (S.SUBMITTED, S.VALIDATED): {"reason": False},
        (S.SUBMITTED, S.RETURNED): {"reason": True},
        (S.VALIDATED, S.PAID): {"reason": False},
        # A cancelled payment run gives its statements back to be paid by the next one.
        (S.PAID, S.VALIDATED): {"reason": True},
    }
)

PAYMENT_RUN_MACHINE = StateMachine(
    {
        (R.DRAFT, R.APPROVED): {"reason": False},
        (R.DRAFT, R.CANCELLED): {"reason": True},
    }
)

INVOICE_MACHINE = StateMachine(
    {
        (V.OPEN, V.PAID): {"reason": False},
        (V.OPEN, V.CANCELLED): {"reason": True},
        (V.OPEN, V.RECOVERY): {"reason": False},
        (V.RECOVERY, V.PAID): {"reason": False},
    }
)

AID_MACHINE = StateMachine(
    {
        (F.PROPOSED, F.GRANTED): {"reason": False},
        (F.PROPOSED, F.REFUSED): {"reason": True},
        (F.GRANTED, F.STOPPED): {"reason": True},
        (F.GRANTED, F.COMPLETED): {"reason": False},
    }
)
