from __future__ import annotations

from datetime import date

import pytest

from openaef.intake.eligibility import Ineligibility, age_on, eligibility_check

DAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("born", "present", "eligible", "reasons"),
    [
        (date(2026, 3, 15), True, True, ()),  # born today
        (date(2015, 6, 1), True, True, ()),
        (date(1998, 3, 16), True, True, ()),  # 27 years and 364 days
        (date(1998, 3, 15), True, False, (Ineligibility.TOO_OLD,)),  # 28 today
        (date(1990, 1, 1), True, False, (Ineligibility.TOO_OLD,)),
        (date(2026, 3, 16), True, False, (Ineligibility.NOT_BORN,)),
        (date(2015, 6, 1), False, False, (Ineligibility.NOT_PRESENT,)),
        (date(1990, 1, 1), False, False, (Ineligibility.TOO_OLD, Ineligibility.NOT_PRESENT)),
    ],
)
def test_eligibility_follows_age_and_presence(born, present, eligible, reasons):
    result = eligibility_check(birth_date=born, present_in_country=present, on=DAY)
    assert (result.eligible, result.reasons) == (eligible, reasons)


def test_a_29_february_birthday_comes_on_1_march_in_other_years():
    assert age_on(date(2000, 2, 29), date(2027, 2, 28)) == 26
    assert age_on(date(2000, 2, 29), date(2027, 3, 1)) == 27
