"""The pack's rules for foster families (``jurisdictions/<code>/foster.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from openaef.core.packs import get_pack


@dataclass(frozen=True)
class FosterRules:
    # None: the pack states no maximum, none is enforced.
    max_children: int | None
    # None: the pack states no duration; the end date of an approval is entered.
    approval_months: int | None
    ending_soon_days: int
    support_measure_types: tuple[str, ...]
    distance_zero_km: float


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


@cache
def foster_rules(pack_code: str | None = None) -> FosterRules:
    data = get_pack(pack_code).read("foster.yaml") or {}
    approval = data.get("approval") or {}
    support = data.get("support") or {}
    matching = data.get("matching") or {}
    return FosterRules(
        max_children=_optional_int(data.get("max_children")),
        approval_months=_optional_int(approval.get("months")),
        ending_soon_days=int(approval.get("ending_soon_days") or 90),
        support_measure_types=tuple(support.get("measure_types") or ()),
        distance_zero_km=float(matching.get("distance_zero_km") or 60),
    )
