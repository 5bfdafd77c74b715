"""Case references are read out on the phone: a slip must not reach another file."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from openaef.cases.reference import PREFIX, case_reference_for, new_case_reference, normalise_case_reference
from openaef.intake.reference import ALPHABET, new_reference

years = st.integers(min_value=2022, max_value=2099)
bodies = st.text(alphabet=ALPHABET, min_size=6, max_size=6)


def test_a_new_reference_has_the_documented_shape():
    assert re.fullmatch(rf"{PREFIX}-26-[{ALPHABET}]{{4}}-[{ALPHABET}]{{3}}", new_case_reference(2026))


@given(years)
def test_a_new_reference_validates(year):
    reference = new_case_reference(year)
    assert normalise_case_reference(reference) == reference
    assert normalise_case_reference(reference.lower().replace("-", " ")) == reference


@given(years, bodies, st.integers(min_value=0, max_value=5), st.sampled_from(ALPHABET))
def test_one_wrong_character_is_refused(year, chars, position, replacement):
    reference = case_reference_for(year, chars)
    assume(reference is not None and chars[position] != replacement)
    typo = chars[:position] + replacement + chars[position + 1 :]
    check = reference[-1]
    assert normalise_case_reference(f"{PREFIX}{year % 100:02d}{typo}{check}") is None


def test_a_request_reference_is_not_a_case_reference():
    assert normalise_case_reference(new_reference(2026)) is None
