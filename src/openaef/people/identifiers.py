"""National identification numbers: checked with their check digits, stored in compact form.

- Luxembourg: the 13-digit "matricule" (identifiant national, loi du 19 juin 2013 relative à
  l'identification des personnes physiques): YYYYMMDD, a 3-digit serial, then two check
  digits computed over the first 11: Luhn, then Verhoeff. python-stdnum has no module for it
  (``stdnum.lu`` only knows VAT numbers), so it is assembled from ``stdnum.luhn`` and
  ``stdnum.verhoeff``.
- France: the NIR (numéro de sécurité sociale), ``stdnum.fr.nir``.
- Belgium: the national register number, ``stdnum.be.nn``.

The LU and BE numbers carry the birth date: when a person's birth date is known too, both
must agree, which catches a number typed for the wrong person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn, verhoeff
from stdnum.be import nn as be_nn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir as fr_nir
from stdnum.util import clean

from .models import IdentifierScheme

MESSAGES = {
    IdentifierScheme.LU_MATRICULE: _("Enter a valid Luxembourg identification number: 13 digits, like 1985 07 30 123 45."),
    IdentifierScheme.FR_NIR: _("Enter a valid French social security number: 15 characters, like 1 85 07 75 123 456 78."),
    IdentifierScheme.BE_NN: _("Enter a valid Belgian national register number: 11 digits, like 85.07.30-033.28."),
}


@dataclass(frozen=True)
class ImpliedBirthDate:
    """The birth date a number carries; month and day may be unknown (Belgian numbers)."""

    year: int
    month: int | None = None
    day: int | None = None

    def agrees_with(self, day: dt.date) -> bool:
        return (
            self.year == day.year
            and (self.month is None or self.month == day.month)
            and (self.day is None or self.day == day.day)
        )


def lu_check_digits(first_eleven: str) -> str:
    """The two check digits of a Luxembourg matricule: Luhn, then Verhoeff, both over the first 11 digits."""
    return luhn.calc_check_digit(first_eleven) + verhoeff.calc_check_digit(first_eleven)


def lu_validate(number: str) -> str:
    """The matricule in compact form, or stdnum's ValidationError."""
    number = clean(number, " -./").strip()
    if not number.isdigit() or len(number) != 13:
        raise StdnumError("13 digits expected")
    try:
        dt.date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise StdnumError("the first 8 digits must be a date") from None
    if number[11:] != lu_check_digits(number[:11]):
        raise StdnumError("check digits")
    return number


def _compact(scheme: str, number: str) -> str:
    if scheme == IdentifierScheme.LU_MATRICULE:
        return lu_validate(number)
    if scheme == IdentifierScheme.FR_NIR:
        return str(fr_nir.validate(number))
    if scheme == IdentifierScheme.BE_NN:
        return str(be_nn.validate(number))
    raise StdnumError("unknown scheme")


def implied_birth_date(scheme: str, number: str) -> ImpliedBirthDate | None:
    """The birth date carried by a valid, compact number; None when the scheme carries none."""
    if scheme == IdentifierScheme.LU_MATRICULE:
        return ImpliedBirthDate(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    if scheme == IdentifierScheme.BE_NN:
        year = be_nn.get_birth_year(number)
        if year is None:
            return None
        day = be_nn.get_birth_date(number)
        return ImpliedBirthDate(year, be_nn.get_birth_month(number), day.day if day else None)
    return None


def normalise_identifier(scheme: str, number: str, *, birth_date: dt.date | None = None) -> str:
    """The number in compact form (what is stored and compared), or a ValidationError on
    ``national_id`` naming what is wrong."""
    number = (number or "").strip()
    if not scheme and not number:
        return ""
    if not scheme:
        raise ValidationError({"national_id_scheme": _("Choose the type of identification number.")})
    if scheme not in IdentifierScheme.values:
        raise ValidationError({"national_id_scheme": _("Choose the type of identification number.")})
    if not number:
        raise ValidationError({"national_id": _("Enter the identification number, or leave its type empty.")})
    try:
        compact = _compact(scheme, number.upper())
    except StdnumError:
        raise ValidationError({"national_id": MESSAGES[IdentifierScheme(scheme)]}) from None
    implied = implied_birth_date(scheme, compact)
    if birth_date is not None and implied is not None and not implied.agrees_with(birth_date):
        raise ValidationError(
            {
                "national_id": _(
                    "This identification number belongs to someone born on another date than the date of birth "
                    "entered. Check both."
                )
            }
        )
    return compact


def mask_identifier(number: str, *, shown: int = 3) -> str:
    """'1985073012345' -> '••••••••••345': enough to compare with a document, not to copy."""
    if not number:
        return ""
    return "•" * max(len(number) - shown, 0) + number[-shown:]


__all__ = ["ImpliedBirthDate", "implied_birth_date", "lu_check_digits", "lu_validate", "mask_identifier", "normalise_identifier"]
