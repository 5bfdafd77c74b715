"""The pack's 116 000 rules (``jurisdictions/<code>/hotline.yaml``): office hours and the
urgent-case protocol."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from openaef.core.i18n import pick
from openaef.core.packs import get_pack


@dataclass(frozen=True)
class Opening:
    weekday: int  # 1 = Monday ... 7 = Sunday, as in pack.yaml
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class ProtocolStepRule:
    code: str
    labels: dict[str, str]
    source: str

    @property
    def label(self) -> str:
        return str(pick(self.labels))


@dataclass(frozen=True)
class HotlineRules:
    # None: the pack does not know the office hours; the police are taken to answer at every hour.
    office_hours: tuple[Opening, ...] | None
    urgent_protocol: tuple[ProtocolStepRule, ...]

    def step(self, code: str) -> ProtocolStepRule | None:
        return next((s for s in self.urgent_protocol if s.code == code), None)

    def step_label(self, code: str) -> str:
        step = self.step(code)
        return step.label if step else code


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(str(text))


def parse_rules(data: dict[str, Any] | None) -> HotlineRules:
    data = data or {}
    hours = data.get("office_hours")
    openings = None if hours is None else tuple(Opening(int(h["weekday"]), _time(h["opens"]), _time(h["closes"])) for h in hours)
    steps = tuple(
        ProtocolStepRule(code=str(s["code"]), labels=dict(s.get("label") or {}), source=str(s.get("source", "")))
        for s in data.get("urgent_protocol") or []
    )
    return HotlineRules(office_hours=openings, urgent_protocol=steps)


@cache
def hotline_rules() -> HotlineRules:
    return parse_rules(get_pack().read("hotline.yaml"))
