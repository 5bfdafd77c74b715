"""The rules a proposed financial help must follow, each with the message that explains it.

The maxima come from the pack's dated parameters (``aid.*`` and, for the département the
deployment serves, ``aid.departements.<code>.*``); where the published texts give no figure the
parameter is null and there is no maximum to check (the finance officer decides case by case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile
from openaef.core.parameters import ParameterSet, cents, parameters_at
from openaef.core.text import fold
from openaef.people.models import Person

from .aid_schedule import most_repayments
from .banking import bic_error, iban_error, normalise_bic, normalise_iban
from .models import AidKind, FinancialAid
from .states import AidStatus

MAX_AMOUNT = Decimal("9999999999.99")  # the column's limit (12 digits, 2 places)
MAX_MONTHS = 120


@dataclass(frozen=True)
class Proposal:
    beneficiary: Person | None
    kind: str
    amount: Decimal | None
    months: int | None
    starts_on: dt.date | None
    purpose: str
    repayable: bool
    repayment_months: int | None
    repayment_starts_on: dt.date | None
    holder: str
    iban: str
    bic: str
    own_account_confirmed: bool

    @property
    def iban_normalised(self) -> str:
        return normalise_iban(self.iban)

    @property
    def bic_normalised(self) -> str:
        return normalise_bic(self.bic)

    @property
    def total(self) -> Decimal | None:
        if self.amount is None:
            return None
        return self.amount * (self.months or 1) if self.kind == AidKind.ALLOWANCE else self.amount


def departement() -> str:
    """The département whose rules apply (a French deployment serves one: OPENAEF_DEPARTEMENT)."""
    return str(getattr(settings, "OPENAEF_DEPARTEMENT", "") or "").strip().upper()


def parameter(P: ParameterSet, name: str) -> Any:
    try:
        return P.value(name)
    except KeyError:  # ParameterNotFound: this département has no such figure
        return None


def limits(pack: str, on: dt.date) -> dict[str, Any]:
    """The maxima in force on ``on`` (None where no figure is known)."""
    P = parameters_at(pack, on)
    base = f"aid.departements.{departement()}" if departement() else ""
    return {
        "grant": parameter(P, f"{base}.max_exceptional_grant") if base else None,
        "allowance": parameter(P, f"{base}.max_monthly_allowance") if base else None,
        "months": parameter(P, "aid.max_allowance_months"),
        "per_year": parameter(P, f"{base}.max_aids_per_year") if base else None,
    }


def check_money(errors: dict[str, str], field: str, amount: Decimal | None) -> None:
    if amount is None:
        errors[field] = _("Enter the amount in euros, like 150 or 150.50.")
    elif not amount.is_finite() or amount <= 0:
        errors[field] = _("The amount must be more than 0.")
    elif cents(amount) != amount:
        errors[field] = _("The amount can have at most 2 decimal places (cents).")
    elif amount > MAX_AMOUNT:
        errors[field] = _("The amount is too large.")


def holder_matches(holder: str, person: Person) -> bool:
    """The holder's name is the beneficiary's, whatever the case, accents and order of the names."""
    words = sorted(fold(holder).split())
    names = {person.surname, person.surname_at_birth}
    return any(words == sorted(fold(f"{person.first_names} {surname}").split()) for surname in names if surname)


def _check_kind_and_amount(p: Proposal, errors: dict[str, str], limit: dict[str, Any]) -> None:
    if p.kind not in AidKind.values:
        errors["kind"] = _("Choose an exceptional grant or a monthly allowance.")
        return
    check_money(errors, "amount", p.amount)
    maximum = limit["grant"] if p.kind == AidKind.GRANT else limit["allowance"]
    if "amount" not in errors and maximum is not None and p.amount is not None and p.amount > maximum:
        errors["amount"] = _("The département's rules allow at most %(max)s EUR.") % {"max": maximum}
    if p.kind == AidKind.ALLOWANCE:
        most = limit["months"] or MAX_MONTHS
        if not p.months or p.months < 1:
            errors["months"] = _("Enter for how many months the allowance is paid.")
        elif p.months > most:
            errors["months"] = _("An allowance is paid for at most %(months)s months at a time.") % {"months": most}


def _check_repayment(p: Proposal, errors: dict[str, str]) -> None:
    if not p.repayable:
        return
    total = p.total
    if not p.repayment_months or p.repayment_months < 1:
        errors["repayment_months"] = _("Enter in how many monthly repayments the help is repaid.")
    elif total is not None and "amount" not in errors and p.repayment_months > min(most_repayments(total), 600):
        errors["repayment_months"] = _("Too many repayments for this amount: each must be at least 1 cent.")
    if p.repayment_starts_on is None:
        errors["repayment_starts_on"] = _("Enter the date of the first repayment.")
    elif p.starts_on is not None and p.repayment_starts_on < p.starts_on:
        errors["repayment_starts_on"] = _("The first repayment cannot be before the first payment.")


def _check_account(p: Proposal, errors: dict[str, str]) -> None:
    # CASF L222-4: the help cannot be assigned, so it is paid to no one but the beneficiary.
    if not p.holder:
        errors["holder"] = _("Enter the name of the account holder.")
    elif p.beneficiary is not None and not holder_matches(p.holder, p.beneficiary):
        errors["holder"] = _(
            "The account must be the beneficiary's own: the help cannot be assigned to anyone else "
            "(CASF L222-4). Enter the beneficiary's name as the bank knows it, or the beneficiary's own account."
        )
    problem = iban_error(p.iban) if p.iban else _("Enter the beneficiary's IBAN.")
    if problem:
        errors["iban"] = problem
    if p.bic:
        problem = bic_error(p.bic)
        if problem:
            errors["bic"] = problem
    if not p.own_account_confirmed:
        errors["own_account_confirmed"] = _("Confirm that the account is the beneficiary's own.")


def _check_per_year(p: Proposal, case: CaseFile, errors: dict[str, str], per_year: int | None) -> None:
    if per_year is None or p.starts_on is None:
        return
    year = p.starts_on.year
    counted = FinancialAid.objects.filter(case=case, starts_on__year=year).exclude(status=AidStatus.REFUSED).count()
    if counted >= per_year:
        errors["starts_on"] = _("The département's rules allow %(count)s helps a year for a family; %(year)s has them.") % {
            "count": per_year,
            "year": year,
        }


def check(p: Proposal, *, case: CaseFile, candidates: list[Person]) -> None:
    """Raises ValidationError with one message per field at fault."""
    errors: dict[str, str] = {}
    if p.beneficiary is None or p.beneficiary.pk not in {c.pk for c in candidates}:
        errors["beneficiary"] = _("Choose a parent or legal representative in the case, or the young adult himself once of age.")
    if p.starts_on is None:
        errors["starts_on"] = _("Enter the date of the first payment.")
    limit = limits(case.pack, p.starts_on or timezone.localdate())
    _check_kind_and_amount(p, errors, limit)
    if not p.purpose:
        errors["purpose"] = _("Say what the help is for.")
    _check_repayment(p, errors)
    _check_account(p, errors)
    _check_per_year(p, case, errors, limit["per_year"])
    if errors:
        raise ValidationError(errors)
