"""Bank account numbers: checking, normalising and showing IBANs and BICs.

The checks are python-stdnum's (ISO 13616 check digits, each country's account layout and,
where a country has one, its national check such as the Belgian and French keys); this module
turns stdnum's exceptions into messages a finance officer can act on.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as NumberError

_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")
_IBAN_STRUCTURE_PART = re.compile(r"([1-9][0-9]*)!([nac])")
# The pattern of BICIdentifier in the pain.001.001.03 schema: stricter than stdnum on the
# location code (characters 7 and 8), whose first character cannot be 0 or 1 and whose second
# cannot be the letter O. A BIC the schema refuses would make the whole payment file invalid,
# so it is refused when typed.
_BIC_SCHEMA = re.compile(r"^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$")
_WHITESPACE = re.compile(r"\s+")


def normalise_iban(text: str) -> str:
    """The IBAN as stored and sent to the bank: no spaces (including the non-breaking spaces
    that come with a copy from a PDF), capital letters."""
    return _WHITESPACE.sub("", text or "").upper()


def normalise_bic(text: str) -> str:
    return _WHITESPACE.sub("", text or "").upper()


def _expected_length(country: str) -> int | None:
    """The length of an IBAN from ``country`` (from stdnum's IBAN registry), None for a
    country that has no IBAN."""
    info = numdb.get("iban").info(country)[0][1]
    if not info:
        return None
    return 4 + sum(int(count) for count, _kind in _IBAN_STRUCTURE_PART.findall(info.get("bban", "")))


def iban_error(text: str) -> str | None:
    """What is wrong with this IBAN, in words for the person who typed it; None if it is valid."""
    number = normalise_iban(text)
    if not _IBAN_SHAPE.match(number):
        return _("Enter an IBAN like LU28 0019 4006 4475 0000.")
    country = number[:2]
    expected = _expected_length(country)
    if expected is None:
        return _("An IBAN starts with the code of its country, like LU, FR, BE or DE: check the first 2 letters.")
    if len(number) != expected:
        return _(
            "An IBAN starting with %(country)s has %(expected)d characters, this one has %(actual)d: "
            "check for a missing or extra character."
        ) % {"country": country, "expected": expected, "actual": len(number)}
    try:
        stdnum_iban.validate(number)
    except InvalidChecksum:
        return _("The IBAN's check digits are wrong: check each character.")
    except InvalidFormat:
        return _("This is not how an IBAN starting with %(country)s is made up: check each character.") % {"country": country}
    except InvalidComponent:
        return _("The bank code in this IBAN does not exist: check the IBAN with the account holder.")
    except NumberError:
        return _("Enter an IBAN like LU28 0019 4006 4475 0000.")
    return None


def bic_error(text: str) -> str | None:
    """What is wrong with this BIC (SWIFT code), in words; None if it is valid."""
    number = normalise_bic(text)
    try:
        stdnum_bic.validate(number)
    except InvalidLength:
        return _("Enter a BIC of 8 or 11 characters, like BCEELULL.")
    except InvalidFormat:
        return _(
            "A BIC is 4 letters for the bank, 2 letters for the country, 2 letters or digits for the place "
            "and sometimes 3 more for the branch, like BCEELULLXXX."
        )
    except InvalidComponent:
        return _("Letters 5 and 6 of a BIC are the code of a country, like LU: check them.")
    except NumberError:
        return _("Enter a BIC of 8 or 11 characters, like BCEELULL.")
    if not _BIC_SCHEMA.match(number):
        return _("Banks do not take payments to this BIC (characters 7 and 8 are not valid): check it with the bank.")
    return None


def format_iban(iban: str) -> str:
    """The IBAN in groups of four, as printed on bank statements (LU28 0019 4006 4475 0000)."""
    number = normalise_iban(iban)
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def mask_iban(iban: str) -> str:
    """Country, check digits and last four characters (LU28 … 0000): enough to tell accounts
    apart in a list without showing whole account numbers on every screen."""
    number = normalise_iban(iban)
    if len(number) <= 8:
        return format_iban(number)
    return f"{number[:4]} … {number[-4:]}"


class _BankCodeField(forms.CharField):
    width_class = ""

    def __init__(self, **kwargs: Any) -> None:
        # Typed with spaces, so longer than the number itself.
        kwargs.setdefault("max_length", 50)
        super().__init__(**kwargs)
        # GOV.UK's pattern for codes: no spellcheck, letters spaced out for reading back.
        self.widget.attrs.setdefault("class", f"govuk-input {self.width_class} govuk-input--extra-letter-spacing")
        self.widget.attrs.setdefault("spellcheck", "false")


class IbanField(_BankCodeField):
    """An IBAN, checked with stdnum; cleans to the normalised form (no spaces, capitals)."""

    width_class = "govuk-input--width-30"
    default_error_messages = {"required": gettext_lazy("Enter the IBAN.")}

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        error = iban_error(text)
        if error:
            raise ValidationError(error, code="invalid")
        return normalise_iban(text)


class BicField(_BankCodeField):
    """A BIC (SWIFT code), checked with stdnum and against the payment file's schema."""

    width_class = "govuk-input--width-10"
    default_error_messages = {"required": gettext_lazy("Enter the BIC.")}

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        error = bic_error(text)
        if error:
            raise ValidationError(error, code="invalid")
        return normalise_bic(text)
