"""The pack's rules for consents and complaints (``jurisdictions/<code>/consents.yaml``).

A deadline rule is a calendar rule (``cases.deadlines``: ``calendar_days:15``, ``months:1``).
None means the pack states none: the person recording the request (or assigning the complaint)
types the date instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured

from openaef.cases.deadlines import InvalidRule, parse_rule
from openaef.core.packs import get_pack


@dataclass(frozen=True)
class ConsentRules:
    answer_within: str | None
    complaint_answer_within: str | None
    # Working days before the due date that the reminder goes out.
    remind_before: int


def _rule(value: object, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return str(parse_rule(str(value)))
    except InvalidRule:
        raise ImproperlyConfigured(
            f"consents.yaml: {name} must be a calendar rule like 'calendar_days:15', not {value!r}"
        ) from None


@cache
def consent_rules(pack_code: str | None = None) -> ConsentRules:
    data = get_pack(pack_code).read("consents.yaml") or {}
    consent = data.get("consent") or {}
    complaints = data.get("complaints") or {}
    return ConsentRules(
        answer_within=_rule(consent.get("answer_within"), "consent.answer_within"),
        complaint_answer_within=_rule(complaints.get("complaint_answer_within"), "complaints.complaint_answer_within"),
        remind_before=int(data.get("remind_before_business_days", 3)),
    )
