"""IBAN and BIC checks, display and form fields (pure functions: no database)."""

from __future__ import annotations

import pytest
from django import forms

from openaef.finance.banking import (
    BicField,
    IbanField,
    bic_error,
    format_iban,
    iban_error,
    mask_iban,
    normalise_iban,
)

# Published example IBANs that pass stdnum's checks, national ones included (Belgian and
# French keys).
VALID_IBANS = [
    "LU28 0019 4006 4475 0000",
    "LU12 0010 0012 3456 7891",
    "FR14 2004 1010 0505 0001 3M02 606",
    "FR76 3000 6000 0112 3456 7890 189",
    "BE71 0961 2345 6769",
    "BE62 5100 0754 7061",
    "DE89 3704 0044 0532 0130 00",
    "DE75 5121 0800 1245 1261 99",
]

CHECK_DIGITS_WRONG = "The IBAN's check digits are wrong: check each character."


@pytest.mark.parametrize("iban", VALID_IBANS)
def test_it_accepts_valid_luxembourg_french_belgian_and_german_ibans(iban):
    assert iban_error(iban) is None


@pytest.mark.parametrize("iban", VALID_IBANS)
def test_it_accepts_an_iban_typed_in_lower_case_without_spaces(iban):
    assert iban_error(iban.replace(" ", "").lower()) is None


def test_it_normalises_spaces_including_non_breaking_ones_and_case():
    assert normalise_iban(" lu28 0019\u00a04006 4475 0000 ") == "LU280019400644750000"


@pytest.mark.parametrize(
    "iban",
    [
        "LU29 0019 4006 4475 0000",  # check digits changed
        "LU28 0019 4006 4475 0001",  # last digit mistyped
        "LU28 0019 4006 4457 0000",  # two digits swapped
        "DE88 3704 0044 0532 0130 00",
    ],
)
def test_it_refuses_wrong_check_digits_with_a_message_to_check_each_character(iban):
    assert iban_error(iban) == CHECK_DIGITS_WRONG


def test_it_refuses_a_belgian_iban_whose_national_check_is_wrong():
    # The ISO check digits are right (recomputed) but the Belgian account key is not.
    from stdnum.iban import calc_check_digits

    bban = "096123456768"
    iban = "BE" + calc_check_digits("BE00" + bban) + bban
    assert iban_error(iban) == CHECK_DIGITS_WRONG


def test_it_refuses_a_belgian_iban_with_a_bank_code_that_does_not_exist():
    assert (
        iban_error("BE68 5390 0754 7034") == "The bank code in this IBAN does not exist: check the IBAN with the account holder."
    )


def test_it_says_how_long_an_iban_of_that_country_is():
    assert iban_error("LU28 0019 4006 4475 000") == (
        "An IBAN starting with LU has 20 characters, this one has 19: check for a missing or extra character."
    )


@pytest.mark.parametrize("text", ["", "   ", "0019 4006 4475 0000", "LUXEMBOURG", "LU28-0019/4006", "IBAN"])
def test_it_shows_an_example_for_something_that_is_not_an_iban(text):
    assert iban_error(text) == "Enter an IBAN like LU28 0019 4006 4475 0000."


def test_it_refuses_a_country_that_has_no_iban():
    assert iban_error("XX28 0019 4006 4475 0000") == (
        "An IBAN starts with the code of its country, like LU, FR, BE or DE: check the first 2 letters."
    )


def test_it_refuses_letters_where_the_country_has_only_digits():
    # Germany's account part is digits only; the check digits are made right so that only the layout is wrong.
    from stdnum.iban import calc_check_digits

    bban = "37040044053201300A"
    assert iban_error("DE" + calc_check_digits("DE00" + bban) + bban) == (
        "This is not how an IBAN starting with DE is made up: check each character."
    )


@pytest.mark.parametrize("bic", ["BCEELULL", "BCEELULLXXX", "bgllLULL", "CELL LU LL", "COBADEFFXXX", "GEBABEBB"])
def test_it_accepts_bics_of_8_and_11_characters(bic):
    assert bic_error(bic) is None


@pytest.mark.parametrize("bic", ["", "BCEELU", "BCEELUL", "BCEELULLX", "BCEELULLXX", "BCEELULLXXXX"])
def test_it_refuses_a_bic_that_is_not_8_or_11_characters_long(bic):
    assert bic_error(bic) == "Enter a BIC of 8 or 11 characters, like BCEELULL."


def test_it_refuses_a_bic_with_digits_in_the_bank_or_country_part():
    assert bic_error("BC3ELULL").startswith("A BIC is 4 letters for the bank")


def test_it_refuses_a_bic_with_an_unknown_country():
    assert bic_error("BCEEXXLL") == "Letters 5 and 6 of a BIC are the code of a country, like LU: check them."


@pytest.mark.parametrize("bic", ["BCEELU0L", "BCEELU1LXXX", "BCEELULO"])
def test_it_refuses_a_location_code_that_the_payment_file_schema_would_refuse(bic):
    assert bic_error(bic) == "Banks do not take payments to this BIC (characters 7 and 8 are not valid): check it with the bank."


def test_it_formats_an_iban_in_groups_of_four():
    assert format_iban("LU280019400644750000") == "LU28 0019 4006 4475 0000"
    assert format_iban("fr1420041010050500013m02606") == "FR14 2004 1010 0505 0001 3M02 606"


def test_it_masks_an_iban_keeping_country_check_digits_and_last_four():
    assert mask_iban("LU28 0019 4006 4475 0000") == "LU28 … 0000"
    assert "4006" not in mask_iban("LU280019400644750000")


class AccountForm(forms.Form):
    iban = IbanField(label="IBAN")
    bic = BicField(label="BIC", required=False)


def test_the_iban_field_cleans_to_the_normalised_iban():
    form = AccountForm(data={"iban": "lu28 0019 4006 4475 0000", "bic": " bceelull "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"iban": "LU280019400644750000", "bic": "BCEELULL"}


def test_the_iban_field_shows_the_message_next_to_the_field():
    form = AccountForm(data={"iban": "LU29 0019 4006 4475 0000", "bic": "BCEELU"})
    assert not form.is_valid()
    assert form.errors == {
        "iban": [CHECK_DIGITS_WRONG],
        "bic": ["Enter a BIC of 8 or 11 characters, like BCEELULL."],
    }


def test_the_iban_field_asks_for_an_iban_when_empty_and_the_bic_may_stay_empty():
    form = AccountForm(data={"iban": "", "bic": ""})
    assert not form.is_valid()
    assert form.errors == {"iban": ["Enter the IBAN."]}


def test_the_fields_render_as_gov_uk_inputs_without_spellcheck():
    html = str(AccountForm()["iban"])
    assert 'class="govuk-input govuk-input--width-30 govuk-input--extra-letter-spacing"' in html
    assert 'spellcheck="false"' in html
