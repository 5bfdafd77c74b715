"""Who may receive help, from the pack (Luxembourg: AEF law art. 1, children and young adults
aged 0 to 27 present on the territory)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openaef.core.packs import get_pack


class Ineligibility:
    TOO_OLD = "too_old"
    NOT_BORN = "not_born"
    NOT_PRESENT = "not_present"


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def eligibility_check(*, birth_date: date, present_in_country: bool, on: date) -> Eligibility:
    rules = get_pack().eligibility
    reasons = []
    if birth_date > on:
        reasons.append(Ineligibility.NOT_BORN)
    elif age_on(birth_date, on) > int(rules["max_age"]):
        reasons.append(Ineligibility.TOO_OLD)
    if rules.get("must_be_present_in_country", True) and not present_in_country:
        reasons.append(Ineligibility.NOT_PRESENT)
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))
