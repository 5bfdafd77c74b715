"""Money: what families contribute, what providers are paid, what a département grants.

Every amount is a Decimal with two places; every amount that a rule produced keeps the
computation that produced it (its lines, their parameters and legal references), so a letter or
an invoice can always say how it was reached. Amounts already issued never change: a new income
gives a new assessment, a correction gives a credit line, never an edit.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import AidStatus, AssessmentStatus, InvoiceStatus, PaymentRunStatus, StatementStatus

MONEY = {"max_digits": 12, "decimal_places": 2}


class Unit(models.TextChoices):
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")
    MONTH = "month", _("per month")


# Parents' contribution ------------------------------------------------------------------------


class Assessment(TimeStampedModel, VersionedModel):
    """A household's contribution to one measure from a date; a reassessment is a new row whose
    ``previous`` is the one it replaces (which becomes superseded when the new one is decided)."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("measure")
    )
    payer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("who pays"))
    pack = models.CharField(max_length=10)
    status = models.CharField(_("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next", verbose_name=_("replaces")
    )
    reason = models.TextField(_("why it is (re)assessed"), blank=True)
    effective_from = models.DateField(_("applies from"))
    dependent_children = models.PositiveSmallIntegerField(_("children still dependent on the parents"), default=0)
    # Where a pack's rules need more than incomes, expenses and children (a département, a quotient).
    situation = models.JSONField(_("other facts"), default=dict, blank=True)
    # Results: filled when computed, frozen when decided.
    monthly_amount = models.DecimalField(_("per month"), null=True, blank=True, **MONEY)
    daily_amount = models.DecimalField(_("per day of presence"), null=True, blank=True, **MONEY)
    hourly_amount = models.DecimalField(_("per hour"), null=True, blank=True, **MONEY)
    method = models.CharField(_("rule applied"), max_length=20, blank=True)
    computation = models.JSONField(default=dict, blank=True)
    parameters_on = models.DateField(_("parameters read on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("contribution assessment")
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["measure", "status"]), models.Index(fields=["status", "effective_from"])]
        constraints = [
            # One contribution in force per measure at a time.
            models.UniqueConstraint(fields=["measure"], condition=models.Q(status="decided"), name="assessment_one_decided"),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0) | models.Q(monthly_amount=None), name="assessment_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk}"


class ItemKind(models.TextChoices):
    INCOME = "income", _("income")
    EXPENSE = "expense", _("expense")


class AssessmentItem(models.Model):
    """One monthly income or deducted expense of the household (its ``category`` is one of the
    pack's parameter codes, e.g. salary, pension, rent, loan, alimony)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)
    category = models.CharField(_("category"), max_length=40)
    label = models.CharField(_("description"), max_length=200, blank=True)
    monthly = models.DecimalField(_("per month"), **MONEY)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(monthly__gte=0), name="assessment_item_not_negative")]


# Providers: tariffs, statements ---------------------------------------------------------------


class Tariff(TimeStampedModel):
    """What the agency pays a provider for a measure type, from a date (the one in force on a day
    is the latest ``valid_from`` on or before it; a newer row ends the older one)."""

    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.PROTECT, related_name="tariffs", verbose_name=_("provider")
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    measure_type = models.ForeignKey(
        "directory.MeasureType", on_delete=models.PROTECT, related_name="+", verbose_name=_("measure type")
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    valid_from = models.DateField(_("applies from"))
    reference = models.CharField(_("agreement or decision"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tariff")
        ordering = ["provider", "measure_type", "unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "service", "measure_type", "unit", "valid_from"],
                name="tariff_once_a_date",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tariff_positive"),
        ]


class PayeeAccount(TimeStampedModel, VersionedModel):
    """Where a provider is paid."""

    provider = models.OneToOneField("directory.Provider", on_delete=models.PROTECT, related_name="payee_account")
    holder = models.CharField(_("account holder"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Statement(TimeStampedModel, VersionedModel):
    """A provider's activity for one month (days of presence, hours), checked against the
    measures, validated by finance and then paid."""

    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.PROTECT, related_name="statements", verbose_name=_("provider")
    )
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    total = models.DecimalField(_("total"), default=0, **MONEY)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("why it was sent back"), blank=True)

    class Meta:
        verbose_name = _("activity statement")
        ordering = ["-month", "provider"]
        constraints = [models.UniqueConstraint(fields=["provider", "month"], name="statement_once_a_month")]


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey("measures.Measure", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey("measures.ActivityRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit_amount = models.DecimalField(_("rate"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("amount"), default=0, **MONEY)
    # Codes of the checks that failed (see finance.billing_checks); finance decides on each before validating.
    flags = models.JSONField(default=list, blank=True)
    # Why finance accepted a flagged line when it validated the statement (required for each).
    finance_note = models.TextField(_("finance's note"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["statement", "measure", "unit"], name="statement_line_once")]


# Payments and the ledger ----------------------------------------------------------------------


class PaymentRun(TimeStampedModel, VersionedModel):
    """A batch of credit transfers: the pain.001 file the bank receives, and its ledger entries."""

    status = models.CharField(_("status"), max_length=10, choices=PaymentRunStatus.choices, default=PaymentRunStatus.DRAFT)
    execution_date = models.DateField(_("execution date"))
    message_id = models.CharField(_("message reference"), max_length=35, unique=True)
    total = models.DecimalField(_("total"), default=0, **MONEY)
    count = models.PositiveIntegerField(_("transfers"), default=0)
    file = models.BinaryField(_("SEPA file"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("payment run")
        ordering = ["-created_at"]


class Payment(models.Model):
    """One credit transfer of a run: a validated statement or an aid instalment."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="payments")
    statement = models.OneToOneField(Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="payment")
    instalment = models.OneToOneField("AidInstalment", on_delete=models.PROTECT, null=True, blank=True, related_name="payment")
    payee = models.CharField(_("payee"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    end_to_end_id = models.CharField(_("reference"), max_length=35, unique=True)
    remittance = models.CharField(_("remittance information"), max_length=140)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=models.Q(statement__isnull=False, instalment__isnull=True)
                | models.Q(statement__isnull=True, instalment__isnull=False),
                name="payment_pays_one_thing",
            ),
        ]


class Account(models.TextChoices):
    """The ledger's accounts (a small chart: what the agency owes, is owed, spends and receives)."""

    MEASURE_COSTS = "6100", _("Cost of measures")
    AID_EXPENSE = "6500", _("Financial help granted")
    PROVIDERS_PAYABLE = "4010", _("Owed to providers")
    AID_PAYABLE = "4020", _("Financial help to pay")
    PARENTS_RECEIVABLE = "4110", _("Owed by parents")
    AID_RECEIVABLE = "4120", _("Financial help to be repaid")
    BANK = "5120", _("Bank")
    CONTRIBUTIONS = "7060", _("Parents' contributions")


class LedgerEntry(models.Model):
    """One line of a balanced booking (the lines sharing ``booking`` sum to zero: debit = credit)."""

    booking = models.CharField(max_length=40, db_index=True)
    booked_on = models.DateField(_("date"))
    account = models.CharField(_("account"), max_length=6, choices=Account.choices)
    debit = models.DecimalField(_("debit"), default=0, **MONEY)
    credit = models.DecimalField(_("credit"), default=0, **MONEY)
    text = models.CharField(_("text"), max_length=200)
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invoice = models.ForeignKey("Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invoice_payment = models.ForeignKey("InvoicePayment", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    aid = models.ForeignKey("FinancialAid", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        ordering = ["booked_on", "id"]
        indexes = [models.Index(fields=["account", "booked_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(debit__gte=0, credit=0) | models.Q(debit=0, credit__gte=0)), name="ledger_one_side"
            )
        ]


# Parents' invoices ----------------------------------------------------------------------------


class Invoice(TimeStampedModel, VersionedModel):
    """What the parents owe for one month of a measure: the days of presence the provider reported
    times the daily contribution, never more than the monthly amount."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="invoices")
    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="+")
    payer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    days = models.DecimalField(_("days of presence"), max_digits=5, decimal_places=1, null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit_amount = models.DecimalField(_("rate"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    paid = models.DecimalField(_("paid"), default=0, **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    reminder_level = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    lines = models.JSONField(default=list, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("invoice")
        ordering = ["-month", "number"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["payer", "month"]),
            models.Index(fields=["case", "month"]),
        ]
        constraints = [
            # A cancelled invoice makes way for the one that replaces it.
            models.UniqueConstraint(
                fields=["assessment", "month"], condition=~models.Q(status="cancelled"), name="invoice_once_a_month"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="invoice_not_negative"),
            models.CheckConstraint(condition=models.Q(paid__gte=0), name="invoice_paid_not_negative"),
        ]

    @property
    def outstanding(self) -> Decimal:
        return Decimal("0.00") if self.status == InvoiceStatus.CANCELLED else self.amount - self.paid

    @property
    def is_unpaid(self) -> bool:
        return self.status in (InvoiceStatus.OPEN, InvoiceStatus.RECOVERY)


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("bank transfer")
    STANDING = "standing", _("standing order")
    CASH = "cash", _("cash at the office")
    OTHER = "other", _("other")


class InvoicePayment(TimeStampedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("how"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("bank reference"), max_length=140, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="invoice_payment_positive")]


class Reminder(models.Model):
    """A reminder sent for an unpaid invoice (level 1, 2; the last level hands it over for recovery)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    level = models.PositiveSmallIntegerField(_("level"))
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("new due date"))
    outstanding = models.DecimalField(_("outstanding"), **MONEY)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["invoice", "level"]
        constraints = [models.UniqueConstraint(fields=["invoice", "level"], name="reminder_once_a_level")]


class InvoiceSequence(models.Model):
    """The last invoice number given in a year: its row is locked while a run numbers invoices,
    so that two runs never share a number and one run's numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class RunKind(models.TextChoices):
    INVOICING = "invoicing", _("Monthly invoicing")
    REMINDERS = "reminders", _("Reminders")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class InvoiceRun(models.Model):
    """One invoicing run for a month (or one reminder run), what it produced and who started it."""

    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices, default=RunKind.INVOICING)
    month = models.DateField(_("month"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    created = models.PositiveIntegerField(_("created"), default=0)
    skipped = models.PositiveIntegerField(_("already done or nothing to invoice"), default=0)
    total = models.DecimalField(_("total"), default=0, **MONEY)
    first_number = models.CharField(_("first number"), max_length=20, blank=True)
    last_number = models.CharField(_("last number"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("invoicing run")
        ordering = ["-queued_at", "-id"]


# Financial help (France: CASF L222-3, L222-4) ---------------------------------------------------


class AidKind(models.TextChoices):
    GRANT = "grant", _("exceptional grant")
    ALLOWANCE = "allowance", _("monthly allowance")


class FinancialAid(TimeStampedModel, VersionedModel):
    """Money granted to a family: never assignable or seizable (L222-4), so it is paid only to
    the beneficiary's own account and never set off against what the family owes."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("beneficiary"))
    pack = models.CharField(max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=AidKind.choices)
    repayable = models.BooleanField(_("repayable"), default=False)
    amount = models.DecimalField(_("amount"), **MONEY)  # the grant, or each month's allowance
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    starts_on = models.DateField(_("first payment on"))
    purpose = models.TextField(_("what it is for"))
    status = models.CharField(_("status"), max_length=10, choices=AidStatus.choices, default=AidStatus.PROPOSED)
    holder = models.CharField(_("account holder"), max_length=140, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    repayment_months = models.PositiveSmallIntegerField(_("repaid in (months)"), null=True, blank=True)
    repayment_starts_on = models.DateField(_("first repayment on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("financial help")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="aid_positive"),
            models.CheckConstraint(
                condition=models.Q(kind="grant", months=None) | models.Q(kind="allowance", months__gte=1),
                name="aid_months_for_allowance",
            ),
        ]


class AidInstalment(models.Model):
    """One payment of an aid to its beneficiary."""

    aid = models.ForeignKey(FinancialAid, on_delete=models.PROTECT, related_name="instalments")
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "id"]


class AidRepayment(models.Model):
    """One line of a repayable aid's repayment schedule."""

    aid = models.ForeignKey(FinancialAid, on_delete=models.PROTECT, related_name="repayments")
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount"), **MONEY)
    received = models.DecimalField(_("received"), default=0, **MONEY)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    waived = models.BooleanField(_("waived"), default=False)

    class Meta:
        ordering = ["due_on", "id"]
