"""The pack's courts and remedy time limits (``jurisdictions/<code>/courts.yaml``), and the
time limit in force for each remedy: an administrator's setting, else the pack's value, else
none (the law's figure is unknown: no date is computed, never a guessed one)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from openaef.cases import deadlines
from openaef.core.i18n import pick
from openaef.core.packs import get_pack

from .models import CourtDeadlineSetting, RemedyKind

SETTING = "setting"
PACK = "pack"


@dataclass(frozen=True)
class Court:
    code: str
    authority: str
    names: dict[str, str]

    @property
    def name(self) -> str:
        return str(pick(self.names))


@dataclass(frozen=True)
class RemedyRule:
    """The pack's word on one remedy: its rule (None when the law's figure is unknown) and source."""

    kind: str
    rule: str | None
    source: str
    assumption: str


@dataclass(frozen=True)
class CourtRules:
    courts: tuple[Court, ...]
    remedies: dict[str, RemedyRule]
    review_remind_days: int | None
    hearing_remind_days: int | None

    def court(self, code: str) -> Court | None:
        return next((c for c in self.courts if c.code == code), None)

    def court_name(self, code: str) -> str:
        """The court's name in the reader's language; a code no longer in the pack as stored."""
        court = self.court(code)
        return court.name if court else code


def _rule_or_none(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return str(deadlines.parse_rule(str(value)))  # a malformed pack fails loudly on load


@cache
def court_rules(pack_code: str | None = None) -> CourtRules:
    data = get_pack(pack_code).read("courts.yaml") or {}
    remedies = data.get("remedies") or {}
    reminders = data.get("reminders") or {}
    return CourtRules(
        courts=tuple(
            Court(code=str(c["code"]), authority=str(c.get("authority", "")), names=dict(c["name"]))
            for c in data.get("courts", [])
        ),
        remedies={
            kind: RemedyRule(
                kind=kind,
                rule=_rule_or_none((remedies.get(kind) or {}).get("rule")),
                source=str((remedies.get(kind) or {}).get("source", "")),
                assumption=str((remedies.get(kind) or {}).get("assumption", "")),
            )
            for kind in RemedyKind.values
        },
        review_remind_days=reminders.get("review_before"),
        hearing_remind_days=reminders.get("hearing_before"),
    )


@dataclass(frozen=True)
class EffectiveRule:
    kind: str
    rule: str | None
    origin: str | None  # SETTING, PACK, or None when no time limit is set
    setting: CourtDeadlineSetting | None
    pack: RemedyRule

    @property
    def is_set(self) -> bool:
        return self.rule is not None


def effective_rules() -> dict[str, EffectiveRule]:
    """The time limit in force for every kind of remedy (one query)."""
    settings = {s.kind: s for s in CourtDeadlineSetting.objects.select_related("set_by").order_by("kind")}
    pack = court_rules().remedies
    rules: dict[str, EffectiveRule] = {}
    for kind in RemedyKind.values:
        setting = settings.get(kind)
        if setting is not None:
            rules[kind] = EffectiveRule(kind, setting.rule, SETTING, setting, pack[kind])
        elif pack[kind].rule is not None:
            rules[kind] = EffectiveRule(kind, pack[kind].rule, PACK, None, pack[kind])
        else:
            rules[kind] = EffectiveRule(kind, None, None, None, pack[kind])
    return rules


def time_limit(rule: EffectiveRule, start: Any) -> Any:
    """The last day of the time limit counted from ``start``, or None when no rule is set."""
    if rule.rule is None or start is None:
        return None
    return deadlines.compute_due(rule.rule, start)
