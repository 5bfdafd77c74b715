"""France: the family's contribution to home help ordered by the child welfare service, and the
repayment schedule of a repayable financial help.

CASF R222-1/R222-2: the département pays all or part of the costs of a TISF or a home help not
covered by social security and sets the family's contribution in its own règlement
départemental d'aide sociale. There is no national scale: each département is a node
``departements.<code>.<service>`` whose ``method`` says how the contribution is set. Where the
département's figures are unknown the method is null and the rules answer "none" (no amount)
rather than guess one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_noop

from openaef.core.parameters import Computation, Line, cents

SERVICES = ("tisf", "aide_menagere")
NONE = "none"

L_NO_SCALE = gettext_noop(
    "No scale of contribution is known for this département ({departement}) and this service "
    "({service}): the contribution is decided case by case."
)
L_NO_FIGURES = gettext_noop("The scale of this département has no figures yet: no amount can be given.")
L_NEEDS_COST = gettext_noop("The contribution is a share of the hourly cost: the cost per hour is needed.")
L_NEEDS_QF = gettext_noop("The family's quotient is needed: give it, or the incomes and the number of parts.")
L_BELOW_SCALE = gettext_noop("The family's quotient ({qf}) is below the first bracket of the scale.")
L_RSA_WAIVED = gettext_noop(
    "The minimum share is not asked of a household receiving the RSA; the département's rules give no other amount."
)
L_QF_GIVEN = gettext_noop("Family's quotient (as given)")
L_QF = gettext_noop("Family's quotient: ({annual} / 12 + {benefits}) / {parts} parts")
L_FREE = gettext_noop("The département pays the whole intervention: no contribution.")
L_RATE = gettext_noop("Contribution per hour: {rate} of the hourly cost of {cost}")
L_SCALE = gettext_noop("Contribution per hour for a family's quotient from {threshold}")
L_CAPPED = gettext_noop("Limited to the hourly cost of the intervention ({cost})")
L_MONTHLY = gettext_noop("Contribution for the month: {hourly} × {hours} hours")

L_OUTRIGHT = gettext_noop("Help given outright: nothing is to be repaid.")
L_AID_TOTAL = gettext_noop("Repayable help")
L_REPAYMENT = gettext_noop("Repayment {number} of {count}, due on {due}")
L_LAST_REPAYMENT = gettext_noop("Repayment {number} of {count}, due on {due} (includes the rounding remainder of {remainder})")
L_NOT_SEIZABLE = gettext_noop("This help cannot be assigned or seized.")


# ---------------------------------------------------------------- reading values


def _dec(raw: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{name}: {raw!r} is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{name}: {raw!r} is not a number")
    return number


def _optional_dec(situation: dict[str, Any], key: str) -> Decimal | None:
    raw = situation.get(key)
    if raw is None or raw == "":
        return None
    number = _dec(raw, key)
    if number < 0:
        raise ValueError(f"{key} cannot be negative")
    return number


def _value(P: Any, name: str) -> Any:
    """The value in force, or None when the parameter does not exist for this département."""
    try:
        return P.value(name)
    except KeyError:
        return None


def _reference(P: Any, name: str) -> str:
    try:
        return str(P.reference(name))
    except KeyError:
        return ""


def _scale(P: Any, name: str) -> list[Any]:
    try:
        return list(P.scale(name))
    except KeyError:
        return []


def _none(lines: list[Line], key: str, label: str, parameter: str, P: Any, **detail: str) -> Computation:
    lines.append(Line(key, label, None, parameter, _reference(P, parameter) if parameter else "", detail))
    return Computation({"hourly": None, "monthly": None}, lines, NONE)


# ---------------------------------------------------------------- family's quotient


def quotient_familial(situation: dict[str, Any], P: Any, lines: list[Line]) -> Decimal | None:
    """The monthly QF given, or worked out the CAF's way from the incomes and the parts."""
    given = _optional_dec(situation, "quotient_familial")
    if given is not None:
        qf = cents(given)
        lines.append(Line("quotient_familial", L_QF_GIVEN, qf))
        return qf
    annual = _optional_dec(situation, "annual_taxable_income")
    parts = _optional_dec(situation, "parts")
    if annual is None or parts is None or _value(P, "quotient_familial.method") != "caf":
        return None
    if parts <= 0:
        raise ValueError("parts must be positive")
    benefits = _optional_dec(situation, "monthly_benefits") or Decimal(0)
    qf = cents((annual / 12 + benefits) / parts)
    detail = {"annual": str(annual), "benefits": str(benefits), "parts": str(parts)}
    ref = _reference(P, "quotient_familial.method")
    lines.append(Line("quotient_familial", L_QF, qf, "quotient_familial.method", ref, detail))
    return qf


# ---------------------------------------------------------------- contribution to home help


def _hourly_from_scale(situation: dict[str, Any], P: Any, scale_name: str, lines: list[Line]) -> Decimal | Computation:
    brackets = _scale(P, scale_name)
    if not brackets or any(b.amount is None for b in brackets):
        return _none(lines, "no_figures", L_NO_FIGURES, scale_name, P)
    qf = quotient_familial(situation, P, lines)
    if qf is None:
        return _none(lines, "needs_quotient", L_NEEDS_QF, scale_name, P)
    reached = [b for b in brackets if b.threshold <= qf]
    if not reached:
        return _none(lines, "below_scale", L_BELOW_SCALE, scale_name, P, qf=str(qf))
    bracket = reached[-1]
    hourly = cents(bracket.amount)
    ref = _reference(P, scale_name)
    lines.append(Line("hourly", L_SCALE, hourly, scale_name, ref, {"threshold": str(bracket.threshold)}))
    return hourly


def _hourly_from_cost(
    situation: dict[str, Any], P: Any, base: str, cost: Decimal | None, lines: list[Line]
) -> Decimal | Computation:
    if situation.get("rsa_beneficiary") and _value(P, f"{base}.minimum_waived_for_rsa"):
        return _none(lines, "rsa_waived", L_RSA_WAIVED, f"{base}.minimum_waived_for_rsa", P)
    rate = _value(P, f"{base}.rate_of_cost")
    if rate is None:
        return _none(lines, "no_figures", L_NO_FIGURES, f"{base}.rate_of_cost", P)
    if cost is None:
        return _none(lines, "needs_cost", L_NEEDS_COST, f"{base}.rate_of_cost", P)
    hourly = cents(cost * rate)
    detail = {"rate": f"{(rate * 100).normalize():f} %", "cost": str(cost)}
    ref = _reference(P, f"{base}.rate_of_cost")
    lines.append(Line("hourly", L_RATE, hourly, f"{base}.rate_of_cost", ref, detail))
    return hourly


def contribution(situation: dict[str, Any], P: Any) -> Computation:
    """The family's contribution per hour and for the month's hours of TISF or home help.

    ``situation``: departement (code, e.g. "59"), service ("tisf" | "aide_menagere"), hours (in
    the month), cost_per_hour (optional: caps the contribution, and is the base of a share),
    and, for a scale by QF, quotient_familial (monthly, EUR) or annual_taxable_income +
    monthly_benefits + parts; rsa_beneficiary (bool) where the département waives a minimum.
    """
    departement = str(situation.get("departement") or "").strip().upper()
    service = str(situation.get("service") or "")
    if not departement or service not in SERVICES:
        raise ValueError("departement and service (tisf | aide_menagere) are required")
    hours = _optional_dec(situation, "hours") or Decimal(0)
    cost = _optional_dec(situation, "cost_per_hour")
    base = f"departements.{departement}.{service}"
    method = _value(P, f"{base}.method")
    lines: list[Line] = []
    if method == "free":
        hourly: Decimal | Computation = Decimal("0.00")
        lines.append(Line("hourly", L_FREE, Decimal("0.00"), f"{base}.method", _reference(P, f"{base}.method")))
    elif method == "rate_of_cost":
        hourly = _hourly_from_cost(situation, P, base, cost, lines)
    elif method == "scale":
        hourly = _hourly_from_scale(situation, P, f"{base}.hourly_scale", lines)
    elif method == "cnaf":
        hourly = _hourly_from_scale(situation, P, "cnaf.home_help_hourly_scale", lines)
    else:
        return _none(lines, "no_scale", L_NO_SCALE, f"{base}.method", P, departement=departement, service=service)
    if isinstance(hourly, Computation):
        return hourly
    if cost is not None and hourly > cost:
        hourly = cents(cost)
        lines.append(Line("capped", L_CAPPED, hourly, detail={"cost": str(cost)}))
    monthly = cents(hourly * hours)
    lines.append(Line("monthly", L_MONTHLY, monthly, detail={"hourly": str(hourly), "hours": str(hours)}))
    return Computation({"hourly": hourly, "monthly": monthly}, lines, str(method))


# ---------------------------------------------------------------- repayable financial help


def _date(raw: Any, name: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValueError(f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from exc


def _cents_down(x: Decimal) -> Decimal:
    """``x`` rounded down to the cent, through ``cents``: the equal instalments never add up to
    more than the help, so the remainder put on the last one is never negative."""
    return cents(x - Decimal("0.005")) if x > 0 else Decimal("0.00")


def aid_schedule(situation: dict[str, Any], P: Any) -> Computation:
    """The monthly repayments of a repayable help (CASF L222-3: sous condition de remboursement).

    ``situation``: amount (EUR, whole cents), instalments (number of monthly repayments),
    first_due (date), form ("repayable", the default, or "outright"). Equal instalments rounded
    down to the cent; the remainder goes on the last one, so the lines add up to the amount.
    """
    amount = _dec(situation.get("amount"), "amount")
    if amount <= 0 or cents(amount) != amount:
        raise ValueError("amount must be a positive amount in whole cents")
    amount = cents(amount)
    seizable = Line(
        "not_seizable",
        L_NOT_SEIZABLE,
        None,
        "aid.not_assignable_or_seizable",
        _reference(P, "aid.not_assignable_or_seizable"),
    )
    if situation.get("form", "repayable") == "outright":
        lines = [Line("outright", L_OUTRIGHT, amount, "aid.forms", _reference(P, "aid.forms")), seizable]
        return Computation({"total": amount, "instalment": None, "last_instalment": None}, lines, NONE)
    count = int(situation.get("instalments") or 0)
    if count < 1:
        raise ValueError("instalments must be at least 1")
    first_due = _date(situation.get("first_due"), "first_due")
    regular = _cents_down(amount / count)
    last = amount - regular * (count - 1)
    lines = [Line("aid_total", L_AID_TOTAL, amount, "aid.forms", _reference(P, "aid.forms"))]
    for i in range(count):
        # Each due date counts from the first one, so a help first due on the 31st falls due on
        # the last day of shorter months and again on the 31st after them.
        due = first_due + relativedelta(months=i)
        detail = {"number": str(i + 1), "count": str(count), "due": due.isoformat()}
        if i == count - 1:
            detail["remainder"] = str(last - regular)
            lines.append(Line(f"repayment_{i + 1}", L_LAST_REPAYMENT, last, detail=detail))
        else:
            lines.append(Line(f"repayment_{i + 1}", L_REPAYMENT, regular, detail=detail))
    lines.append(seizable)
    return Computation({"total": amount, "instalment": regular, "last_instalment": last}, lines, "repayment_schedule")
