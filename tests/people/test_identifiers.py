from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fr import nir

from openaef.people.identifiers import lu_check_digits, mask_identifier, normalise_identifier
from openaef.people.models import IdentifierScheme

LU, FR, BE = IdentifierScheme.LU_MATRICULE, IdentifierScheme.FR_NIR, IdentifierScheme.BE_NN
births = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31))


def lu_number(born: dt.date, serial: int) -> str:
    first = f"{born:%Y%m%d}{serial:03d}"
    return first + lu_check_digits(first)


def be_number(born: dt.date, serial: int) -> str:
    body = f"{born:%y%m%d}{serial:03d}"
    base = int(("2" if born.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"


def fr_number(sex: int, born: dt.date, department: int, commune: int, order: int) -> str:
    body = f"{sex}{born:%y%m}{department:02d}{commune:03d}{order:03d}"
    return body + nir.calc_check_digits(body)


def change_one_digit(number: str, position: int, delta: int) -> str:
    position %= len(number)
    digit = (int(number[position]) + delta) % 10
    return number[:position] + str(digit) + number[position + 1 :]


@given(born=births, serial=st.integers(0, 999))
def test_it_accepts_any_well_formed_luxembourg_number(born, serial):
    number = lu_number(born, serial)
    assert normalise_identifier(LU, number, birth_date=born) == number


@given(born=births, serial=st.integers(0, 999), position=st.integers(0, 12), delta=st.integers(1, 9))
def test_it_refuses_a_luxembourg_number_with_one_digit_changed(born, serial, position, delta):
    with pytest.raises(ValidationError):
        normalise_identifier(LU, change_one_digit(lu_number(born, serial), position, delta))


@given(born=births, serial=st.integers(1, 997))
def test_it_accepts_any_well_formed_belgian_number(born, serial):
    number = be_number(born, serial)
    assert normalise_identifier(BE, number, birth_date=born) == number


@given(born=births, serial=st.integers(1, 997), position=st.integers(0, 10), delta=st.integers(1, 9))
def test_it_refuses_a_belgian_number_with_one_digit_changed_for_that_birth_date(born, serial, position, delta):
    # A Belgian number's check digits do not say the century: a changed digit can make another
    # valid number of someone born a century later, which the birth date then refuses.
    with pytest.raises(ValidationError):
        normalise_identifier(BE, change_one_digit(be_number(born, serial), position, delta), birth_date=born)


french = {
    "sex": st.sampled_from([1, 2]),
    "born": births,
    "department": st.integers(1, 95).filter(lambda d: d != 20),
    "commune": st.integers(1, 990),
    "order": st.integers(1, 999),
}


@given(**french)
def test_it_accepts_any_well_formed_french_number(sex, born, department, commune, order):
    number = fr_number(sex, born, department, commune, order)
    assert normalise_identifier(FR, " ".join([number[:1], number[1:5], number[5:]])) == number


@given(**french, position=st.integers(0, 14), delta=st.integers(1, 9))
def test_it_refuses_a_french_number_with_one_digit_changed(sex, born, department, commune, order, position, delta):
    with pytest.raises(ValidationError):
        normalise_identifier(FR, change_one_digit(fr_number(sex, born, department, commune, order), position, delta))


def test_it_keeps_luxembourg_numbers_in_compact_form():
    number = lu_number(dt.date(1985, 7, 30), 123)
    spaced = f"{number[:4]} {number[4:8]} {number[8:11]} {number[11:]}"
    assert normalise_identifier(LU, spaced) == number


def test_it_refuses_a_luxembourg_number_whose_date_is_not_a_date():
    first = "19850230123"  # 30 February
    with pytest.raises(ValidationError) as raised:
        normalise_identifier(LU, first + lu_check_digits(first))
    assert "national_id" in raised.value.message_dict


def test_it_refuses_a_luxembourg_number_of_someone_born_another_day():
    number = lu_number(dt.date(1985, 7, 30), 123)
    with pytest.raises(ValidationError) as raised:
        normalise_identifier(LU, number, birth_date=dt.date(1985, 7, 31))
    assert "another date" in raised.value.message_dict["national_id"][0]


def test_it_refuses_a_belgian_number_of_someone_born_another_year():
    with pytest.raises(ValidationError):
        normalise_identifier(BE, "85073003328", birth_date=dt.date(1986, 7, 30))
    assert normalise_identifier(BE, "85.07.30-033.28", birth_date=dt.date(1985, 7, 30)) == "85073003328"


def test_it_asks_for_the_type_when_a_number_is_given_without_one():
    with pytest.raises(ValidationError) as raised:
        normalise_identifier("", "85073003328")
    assert "national_id_scheme" in raised.value.message_dict


def test_it_accepts_no_number_at_all():
    assert normalise_identifier("", "") == ""


def test_it_masks_all_but_the_last_digits():
    assert mask_identifier("1985073012345") == "••••••••••345"
