"""The pack's rules for placements (``jurisdictions/<code>/placements.yaml``). Age ranges and
maximum durations are the measure types' (``directory.MeasureType``), applied by the measures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.foster.parameters import foster_rules


@dataclass(frozen=True)
class PlacementRules:
    country: str
    # None: the pack states no maximum, none is enforced.
    foster_family_max_children: int | None
    return_home_needs_decision: bool
    abroad_types: frozenset[str]
    countries: dict[str, dict[str, str]]
    foster_types: frozenset[str] = frozenset()
    either_types: frozenset[str] = frozenset()
    direct_types: frozenset[str] = frozenset()
    direct_foster_family: bool = False

    def country_name(self, code: str) -> str:
        return pick(self.countries.get(code, {})) or code

    def is_abroad_type(self, measure_type_code: str) -> bool:
        return measure_type_code in self.abroad_types

    def place_kinds(self, measure_type_code: str) -> tuple[str, ...]:
        """The kinds of place (``PlaceKind`` values) the type admits to: an institution unless
        the pack says a foster family, or either."""
        if measure_type_code in self.either_types:
            return ("institution", "foster_family")
        if measure_type_code in self.foster_types:
            return ("foster_family",)
        return ("institution",)


@cache
def placement_rules(pack_code: str | None = None) -> PlacementRules:
    pack = get_pack(pack_code)
    data = pack.read("placements.yaml") or {}
    abroad = data.get("abroad") or {}
    # One figure for the foster families' register and the admissions: foster.yaml's.
    maximum = foster_rules(pack_code).max_children
    places = data.get("places") or {}
    direct = data.get("direct_admission") or {}
    countries = {str(k).upper(): dict(v) for k, v in (abroad.get("countries") or {}).items()}
    if abroad.get("home_country_name"):
        countries.setdefault(pack.country, dict(abroad["home_country_name"]))
    return PlacementRules(
        country=pack.country,
        foster_family_max_children=maximum,
        return_home_needs_decision=bool((data.get("judicial") or {}).get("return_home_needs_decision", True)),
        abroad_types=frozenset(abroad.get("measure_types") or []),
        countries=countries,
        foster_types=frozenset(places.get("foster_family") or []),
        either_types=frozenset(places.get("either") or []),
        direct_types=frozenset(direct.get("measure_types") or []),
        direct_foster_family=bool(direct.get("foster_family", False)),
    )
