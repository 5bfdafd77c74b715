"""The pack's rules for measures once referred (``jurisdictions/<code>/measures.yaml``);
age ranges and maximum durations are on ``directory.MeasureType``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from openaef.core.packs import get_pack


@dataclass(frozen=True)
class RenewalRule:
    allowed: bool
    months: int | None
    max_renewals: int | None


@dataclass(frozen=True)
class MeasureRules:
    initial_report_due: str
    progress_interval: str
    report_remind_before: str
    end_alert_before: str
    renewal_default: RenewalRule
    renewal_by_type: dict[str, RenewalRule]

    def renewal(self, measure_type_code: str) -> RenewalRule:
        return self.renewal_by_type.get(measure_type_code, self.renewal_default)


def _renewal(data: dict, fallback: RenewalRule | None = None) -> RenewalRule:  # type: ignore[type-arg]
    base = fallback or RenewalRule(allowed=True, months=12, max_renewals=None)
    return RenewalRule(
        allowed=bool(data.get("allowed", base.allowed)),
        months=data.get("months", base.months),
        max_renewals=data.get("max_renewals", base.max_renewals),
    )


@cache
def measure_rules(pack_code: str | None = None) -> MeasureRules:
    data = get_pack(pack_code).read("measures.yaml") or {}
    reports = data.get("reports", {})
    renewal = data.get("renewal", {})
    default = _renewal(renewal.get("default", {}))
    return MeasureRules(
        initial_report_due=str(reports.get("initial_due", "months:1")),
        progress_interval=str(reports.get("progress_interval", "months:6")),
        report_remind_before=str(reports.get("remind_before", "business_days:10")),
        end_alert_before=str(data.get("end_alert", {}).get("before", "business_days:10")),
        renewal_default=default,
        renewal_by_type={code: _renewal(rule, default) for code, rule in (renewal.get("types") or {}).items()},
    )
