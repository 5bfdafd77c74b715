"""The daily reminder run: unpaid invoices get a first reminder, then a second, then are handed
over for recovery, each step on the day the pack's rules give (``finance.yaml``).

Chunks of invoices are locked (``FOR UPDATE``) while they are looked at, and a reminder level is
unique per invoice, so two runs on the same day never send the same letter twice. Six queries a
chunk whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record

from .invoices_rules import InvoiceRules, invoice_rules
from .models import Invoice, InvoiceRun, Reminder, RunKind, RunStatus
from .states import InvoiceStatus

CHUNK = 1_000
LAST_LEVEL = 2


@dataclass
class ReminderTotals:
    first: int = 0
    second: int = 0
    recovery: int = 0


def _step(row: dict[str, Any], dues: dict[tuple[int, int], dt.date], rules: InvoiceRules, today: dt.date) -> str:
    """What today brings for one invoice: "" (nothing), "remind" or "recovery"."""
    level = row["reminder_level"]
    last_due = row["due_on"] if level == 0 else dues.get((row["id"], level))
    if last_due is None:
        return ""
    step_on = rules.next_step_on(level, last_due)
    if step_on is None or today < step_on:
        return ""
    return "remind" if level < LAST_LEVEL else "recovery"


def _chunk(rows: list[dict[str, Any]], *, actor: Any, today: dt.date, rules: InvoiceRules, totals: ReminderTotals) -> None:
    ids = [row["id"] for row in rows]
    dues = {
        (r["invoice_id"], r["level"]): r["due_on"]
        for r in Reminder.objects.filter(invoice_id__in=ids).values("invoice_id", "level", "due_on")
    }
    new: list[Reminder] = []
    by_level: dict[int, list[int]] = {1: [], 2: []}
    recovery: list[int] = []
    for row in rows:
        step = _step(row, dues, rules, today)
        if step == "remind":
            level = row["reminder_level"] + 1
            new.append(
                Reminder(
                    invoice_id=row["id"],
                    level=level,
                    sent_on=today,
                    due_on=rules.reminder_due_on(today),
                    outstanding=row["amount"] - row["paid"],
                    sent_by=actor,
                )
            )
            by_level[level].append(row["id"])
        elif step == "recovery":
            recovery.append(row["id"])
    if new:
        Reminder.objects.bulk_create(new)
    now = timezone.now()
    for level, level_ids in by_level.items():
        if level_ids:
            Invoice.objects.filter(id__in=level_ids).update(reminder_level=level, version=F("version") + 1, updated_at=now)
    if recovery:
        Invoice.objects.filter(id__in=recovery).update(status=InvoiceStatus.RECOVERY, version=F("version") + 1, updated_at=now)
    totals.first += len(by_level[1])
    totals.second += len(by_level[2])
    totals.recovery += len(recovery)


def send_reminders(*, actor: Any = None, today: dt.date | None = None) -> InvoiceRun:
    """Sends the reminders due today and hands over what the last reminder did not bring in."""
    today = today or timezone.localdate()
    user = actor if getattr(actor, "is_authenticated", False) else None
    rules = invoice_rules()
    totals = ReminderTotals()
    run = InvoiceRun.objects.create(kind=RunKind.REMINDERS, status=RunStatus.RUNNING, started_by=user, started_at=timezone.now())
    with transaction.atomic():
        last = 0
        while True:
            rows = list(
                Invoice.objects.select_for_update()
                .filter(status=InvoiceStatus.OPEN, due_on__lt=today, id__gt=last)
                .order_by("id")
                .values("id", "due_on", "reminder_level", "amount", "paid")[:CHUNK]
            )
            if not rows:
                break
            _chunk(rows, actor=user, today=today, rules=rules, totals=totals)
            last = rows[-1]["id"]
        InvoiceRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            created=totals.first + totals.second,
            skipped=totals.recovery,
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=run,
            fields=["reminders"],
            reason=f"first={totals.first} second={totals.second} recovery={totals.recovery}",
        )
    run.refresh_from_db()
    return run
