"""The pack's rules for file-access requests (``jurisdictions/<code>/rights.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from openaef.cases.deadlines import BUSINESS_DAYS, parse_rule
from openaef.core.packs import get_pack


@dataclass(frozen=True)
class RightsRules:
    response_due: str
    response_due_reference: str
    extension: str | None
    extension_reference: str
    # Working days before the due date when the data protection officer is reminded (None: only
    # when overdue).
    reminder_business_days: int | None
    reminder_reference: str


@cache
def rights_rules(pack_code: str | None = None) -> RightsRules:
    data = (get_pack(pack_code).read("rights.yaml") or {}).get("access_request", {})
    due = data.get("response_due") or {}
    extension = data.get("extension") or {}
    reminder = data.get("reminder") or {}
    return RightsRules(
        # GDPR art. 12(3) applies in every EU pack: one month when a pack says nothing.
        response_due=str(due.get("value") or "months:1"),
        response_due_reference=str(due.get("reference") or ""),
        extension=extension.get("value"),
        extension_reference=str(extension.get("reference") or ""),
        reminder_business_days=_business_days(reminder.get("value")),
        reminder_reference=str(reminder.get("reference") or reminder.get("assumption") or ""),
    )


def _business_days(value: object) -> int | None:
    if value is None:
        return None
    rule = parse_rule(str(value))
    if rule.unit != BUSINESS_DAYS:
        raise ValueError(f"rights.yaml access_request.reminder must count working days, not {value!r}")
    return rule.count
