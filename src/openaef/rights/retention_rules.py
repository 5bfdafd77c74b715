"""The pack's retention rules (``jurisdictions/<code>/retention.yaml``): per kind of record, how
long it stays in the active base after the last contact and what happens to it then.

Every kind carries a ``reference`` (the text that sets the period) or an ``assumption`` (why the
value was chosen without one): a rule without either fails to load, so that no period is ever
applied that nobody can explain. A null period means "not decided": the run leaves that kind alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from openaef.cases.deadlines import InvalidRule, Rule, compute_due, parse_rule
from openaef.core.packs import get_pack

ARCHIVE = "archive"
ANONYMISE = "anonymise"

# The kinds of record the run knows, in the order it applies them (persons last: whether a
# person may be anonymised depends on their case files having been archived first), and what
# it can do to each.
KINDS: dict[str, tuple[Any, str]] = {
    "case_files": (_("Closed case files"), ARCHIVE),
    "help_requests": (_("Requests for help that never became a case"), ANONYMISE),
    "hotline_calls": (_("116 000 calls"), ANONYMISE),
    "hotline_follow_ups": (_("Closed missing-child follow-ups"), ANONYMISE),
    "access_requests": (_("Closed, refused or withdrawn file-access requests"), ANONYMISE),
    "persons": (_("Persons whose every case file is archived"), ANONYMISE),
}


@dataclass(frozen=True)
class KindRule:
    kind: str
    period: Rule | None
    then: str
    reference: str
    assumption: str

    @property
    def label(self) -> Any:
        return KINDS[self.kind][0]

    @property
    def rule_text(self) -> str:
        """How the rule is written in the run's records: "months:24", or "" when none is set."""
        return str(self.period) if self.period else ""

    def due_on(self, last_contact: dt.date) -> dt.date | None:
        """The day a record whose last contact was ``last_contact`` is due (None: never)."""
        return compute_due(self.period, last_contact) if self.period else None

    def cutoff(self, as_of: dt.date) -> dt.date | None:
        """The latest last contact that is due on ``as_of``: the records whose last contact is on
        or before it are past their period. Found by walking from an estimate, so that it agrees
        with ``compute_due`` (working days, month ends) to the day."""
        if self.period is None:
            return None
        day = as_of - dt.timedelta(days=_days_estimate(self.period))
        while compute_due(self.period, day) > as_of:
            day -= dt.timedelta(days=1)
        while compute_due(self.period, day + dt.timedelta(days=1)) <= as_of:
            day += dt.timedelta(days=1)
        return day


def _days_estimate(period: Rule) -> int:
    return {"business_days": period.count * 7 // 5, "calendar_days": period.count}.get(period.unit, period.count * 30)


@dataclass(frozen=True)
class RetentionRules:
    kinds: tuple[KindRule, ...]

    def get(self, kind: str) -> KindRule:
        return next(rule for rule in self.kinds if rule.kind == kind)


def parse_retention(data: dict[str, Any] | None) -> RetentionRules:
    """The rules from the YAML's data; ImproperlyConfigured when one is missing or unexplained."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise ImproperlyConfigured("retention.yaml: a 'kinds' mapping is required")
    entries = data["kinds"]
    unknown = set(entries) - set(KINDS)
    if unknown:
        raise ImproperlyConfigured(f"retention.yaml: unknown kinds {sorted(unknown)}")
    rules = []
    for kind, (_label, action) in KINDS.items():
        entry = entries.get(kind)
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"retention.yaml: kind {kind!r} is missing")
        reference = str(entry.get("reference") or "").strip()
        assumption = str(entry.get("assumption") or "").strip()
        if not reference and not assumption:
            raise ImproperlyConfigured(f"retention.yaml: kind {kind!r} needs a reference or an assumption")
        if entry.get("then") != action:
            raise ImproperlyConfigured(f"retention.yaml: kind {kind!r} can only be followed by {action!r}")
        if "keep_after_last_contact" not in entry:
            raise ImproperlyConfigured(f"retention.yaml: kind {kind!r} needs keep_after_last_contact (null: not decided)")
        period = entry["keep_after_last_contact"]
        try:
            parsed = parse_rule(str(period)) if period is not None else None
        except InvalidRule as error:
            raise ImproperlyConfigured(f"retention.yaml: kind {kind!r}: bad period {period!r}") from error
        rules.append(KindRule(kind=kind, period=parsed, then=action, reference=reference, assumption=assumption))
    return RetentionRules(kinds=tuple(rules))


@cache
def retention_rules(pack_code: str | None = None) -> RetentionRules:
    return parse_retention(get_pack(pack_code).read("retention.yaml"))
