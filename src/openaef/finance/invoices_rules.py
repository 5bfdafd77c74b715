"""The pack's rules for parents' invoices (``jurisdictions/<code>/finance.yaml``): when an invoice
is due, when it is reminded and when it goes to recovery. Each rule is a calendar rule of
``cases.deadlines``; a reminder rule that is null switches that step off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from openaef.cases.deadlines import compute_due, parse_rule
from openaef.core.packs import get_pack


@dataclass(frozen=True)
class InvoiceRules:
    due: str | None
    first: str | None
    second: str | None
    pay_within: str | None
    recovery: str | None

    def due_on(self, issued_on: dt.date) -> dt.date:
        # Without a published term the invoice is payable when it is issued.
        return compute_due(self.due, issued_on) if self.due else issued_on

    def reminder_due_on(self, sent_on: dt.date) -> dt.date:
        return compute_due(self.pay_within, sent_on) if self.pay_within else sent_on

    def next_step_on(self, level: int, last_due_on: dt.date) -> dt.date | None:
        """The day the step after ``level`` reminders comes (level 0: the first reminder, 1: the
        second, 2: recovery), counted from the last due date; None when the step is switched off."""
        rule = {0: self.first, 1: self.second, 2: self.recovery}.get(level)
        return compute_due(rule, last_due_on) if rule else None


def _rule(value: object) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    parse_rule(text)  # A mistyped rule fails loudly when the pack is read, not in a nightly run.
    return text


@cache
def invoice_rules(pack_code: str | None = None) -> InvoiceRules:
    data = get_pack(pack_code).read("finance.yaml") or {}
    invoices, reminders = data.get("invoices") or {}, data.get("reminders") or {}
    return InvoiceRules(
        due=_rule(invoices.get("due")),
        first=_rule(reminders.get("first")),
        second=_rule(reminders.get("second")),
        pay_within=_rule(reminders.get("pay_within")),
        recovery=_rule(reminders.get("recovery")),
    )
