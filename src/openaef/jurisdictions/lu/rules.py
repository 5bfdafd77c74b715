"""Luxembourg: the parents' financial contribution to child and family support measures.

RGD of 17 August 2011 specifying the financing of child and family support measures, chapter 5:
arts. 8-10 (stationary measures: a percentage of the semi-net income, minus a constant, 60 % of
it for some measures) and art. 11 (hourly packages by income band in multiples of the social
minimum wage). Every figure and every open point is a dated parameter in ``parameters/``.

Rounding (``cents``, half up): the monthly amount once, after the share and before the cap; the
daily amount is the rounded monthly amount divided by ``days_per_month``, rounded again. The
hourly amount is a parameter (already in cents); a month's amount is hours x hourly, rounded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from openaef.core.parameters import Computation, Line, ParameterSet, cents

ZERO = Decimal("0")

P_STATIONARY_TYPES = "contribution.stationary.measure_types"
P_RATES = "contribution.stationary.rate_by_children"
P_RATE_FIVE = "contribution.stationary.rate_five_or_more_children"
P_CONSTANT = "contribution.stationary.constant"
P_CONSTANT_FROM = "contribution.stationary.constant_deducted_from"
P_SHARE = "contribution.stationary.reduced_share"
P_SHARE_TYPES = "contribution.stationary.reduced_share_measure_types"
P_SHARE_COURT = "contribution.stationary.reduced_share_court_placements"
P_DAYS = "contribution.stationary.days_per_month"
P_EXPENSES = "contribution.income.deductible_expenses"
P_HOURLY_TYPES = "contribution.hourly.measure_types"
P_BANDS = "contribution.hourly.bands"
P_SSM = "social_minimum_wage.monthly"

LABELS = {
    "income": gettext_noop("Monthly income: %(kind)s"),
    "expense": gettext_noop("Deducted monthly expense: %(kind)s"),
    "semi_net": gettext_noop("Monthly income taken into account"),
    "rate": gettext_noop("Share of the income for %(children)s dependent children: %(rate)s"),
    "constant": gettext_noop("Constant deducted"),
    "computed": gettext_noop("Contribution before the share"),
    "share": gettext_noop("Share paid by the parents for this measure: %(rate)s"),
    "monthly": gettext_noop("Contribution per month"),
    "daily": gettext_noop("Contribution per day of presence (monthly amount divided by %(days)s)"),
    "cap": gettext_noop("Limited to the cost of the measure: %(cost)s"),
    "ssm": gettext_noop("Social minimum wage per month"),
    "band": gettext_noop("Income above %(factor)s times the social minimum wage: rate per hour"),
    "no_band": gettext_noop("Income not above twice the social minimum wage: rate per hour"),
    "hours": gettext_noop("Contribution for %(hours)s hours"),
    "none": gettext_noop("No parents' contribution is provided for this measure"),
    "unknown": gettext_noop("The contribution cannot be computed: %(missing)s is not known at this date"),
}


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def contribution(situation: dict[str, Any], P: ParameterSet) -> Computation:
    """The contribution for ``situation`` (see the module docstring; keys in the pack's tests)."""
    code = str(situation.get("measure_type") or "")
    if code in (P.value(P_STATIONARY_TYPES) or []):
        return _stationary(situation, P)
    if code in (P.value(P_HOURLY_TYPES) or []):
        return _hourly(situation, P)
    line = Line("none", LABELS["none"], ZERO, parameter=P_STATIONARY_TYPES, reference=P.reference(P_STATIONARY_TYPES))
    return Computation(amounts={"monthly": cents(ZERO)}, lines=[line], method="lu.none")


def _income(situation: dict[str, Any], P: ParameterSet) -> tuple[Decimal, list[Line]]:
    """The household's monthly income minus the deductible expenses, never below zero."""
    lines = []
    total = ZERO
    for item in situation.get("incomes") or []:
        amount = _dec(item.get("monthly"))
        total += amount
        lines.append(Line("income", LABELS["income"], cents(amount), detail={"kind": str(item.get("kind", ""))}))
    deductible = set(P.value(P_EXPENSES) or [])
    for item in situation.get("expenses") or []:
        if item.get("kind") in deductible:
            amount = _dec(item.get("monthly"))
            total -= amount
            lines.append(
                Line(
                    "expense",
                    LABELS["expense"],
                    cents(amount),
                    parameter=P_EXPENSES,
                    reference=P.reference(P_EXPENSES),
                    detail={"kind": str(item["kind"])},
                )
            )
    total = max(total, ZERO)
    lines.append(Line("semi_net", LABELS["semi_net"], cents(total), parameter=P_EXPENSES))
    return total, lines


def _rate(children: int, P: ParameterSet) -> tuple[Decimal | None, str]:
    if children >= 5 and P.value(P_RATE_FIVE) is not None:
        return P.value(P_RATE_FIVE), P_RATE_FIVE
    brackets = [b for b in P.scale(P_RATES) if b.threshold <= children and b.rate is not None]
    return (brackets[-1].rate, P_RATES) if brackets else (None, P_RATES)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def _unknown(lines: list[Line], parameter: str, method: str, keys: tuple[str, ...]) -> Computation:
    lines.append(Line("unknown", LABELS["unknown"], None, parameter=parameter, detail={"missing": parameter}))
    return Computation(amounts=dict.fromkeys(keys), lines=lines, method=method)


def _stationary(situation: dict[str, Any], P: ParameterSet) -> Computation:
    income, lines = _income(situation, P)
    children = int(situation.get("dependent_children") or 0)
    rate, rate_name = _rate(children, P)
    if rate is None:
        return _unknown(lines, rate_name, "lu.stationary", ("monthly", "daily"))
    lines.append(
        Line(
            "rate",
            LABELS["rate"],
            None,
            parameter=rate_name,
            reference=P.reference(rate_name),
            detail={"children": str(children), "rate": _percent(rate)},
        )
    )
    constant = P.value(P_CONSTANT) or ZERO
    # Which reading of "a percentage of the semi-net income minus a constant" is a parameter.
    from_income = P.value(P_CONSTANT_FROM) == "income"
    computed = rate * max(income - constant, ZERO) if from_income else rate * income - constant
    lines.append(Line("constant", LABELS["constant"], cents(constant), parameter=P_CONSTANT, reference=P.reference(P_CONSTANT)))
    computed = max(computed, ZERO)
    lines.append(Line("computed", LABELS["computed"], cents(computed), parameter=P_CONSTANT_FROM))
    share = _reduced_share(situation, P)
    if share is not None:
        computed *= share
        lines.append(
            Line(
                "share",
                LABELS["share"],
                None,
                parameter=P_SHARE,
                reference=P.reference(P_SHARE),
                detail={"rate": _percent(share)},
            )
        )
    return _per_month_and_day(cents(computed), situation, P, lines)


def _reduced_share(situation: dict[str, Any], P: ParameterSet) -> Decimal | None:
    share = P.value(P_SHARE)
    if share is None:
        return None
    listed = situation.get("measure_type") in (P.value(P_SHARE_TYPES) or [])
    by_court = bool(situation.get("court_placement")) and bool(P.value(P_SHARE_COURT))
    return share if listed or by_court else None


def _per_month_and_day(monthly: Decimal, situation: dict[str, Any], P: ParameterSet, lines: list[Line]) -> Computation:
    days = P.value(P_DAYS)
    if not days:
        return _unknown(lines, P_DAYS, "lu.stationary", ("monthly", "daily"))
    cost = situation.get("cost_per_day")
    if cost not in (None, ""):
        monthly_cap = cents(_dec(cost) * days)
        if monthly > monthly_cap:
            monthly = monthly_cap
            lines.append(Line("cap", LABELS["cap"], monthly_cap, detail={"cost": f"{cents(_dec(cost))} EUR/day"}))
    lines.append(Line("monthly", LABELS["monthly"], monthly))
    daily = cents(monthly / days)
    if cost not in (None, "") and daily > cents(_dec(cost)):
        daily = cents(_dec(cost))
    lines.append(
        Line("daily", LABELS["daily"], daily, parameter=P_DAYS, reference=P.reference(P_DAYS), detail={"days": str(days)})
    )
    return Computation(amounts={"monthly": monthly, "daily": daily}, lines=lines, method="lu.stationary")


def _hourly(situation: dict[str, Any], P: ParameterSet) -> Computation:
    income, lines = _income(situation, P)
    ssm = P.value(P_SSM)
    if ssm is None:
        return _unknown(lines, P_SSM, "lu.hourly", ("hourly", "monthly"))
    lines.append(Line("ssm", LABELS["ssm"], cents(ssm), parameter=P_SSM, reference=P.reference(P_SSM)))
    # "supérieur à": a band applies when the income is strictly above its multiple.
    bands = [b for b in P.scale(P_BANDS) if b.amount is not None and (b.threshold == 0 or income > b.threshold * ssm)]
    if not bands:
        return _unknown(lines, P_BANDS, "lu.hourly", ("hourly", "monthly"))
    band = bands[-1]
    label = LABELS["band"] if band.threshold > 0 else LABELS["no_band"]
    hourly = cents(band.amount)  # type: ignore[arg-type]
    lines.append(
        Line(
            "hourly",
            label,
            hourly,
            parameter=P_BANDS,
            reference=P.reference(P_BANDS),
            detail={"factor": f"{band.threshold.normalize():f}"},
        )
    )
    cost = situation.get("cost_per_hour")
    if cost not in (None, "") and hourly > cents(_dec(cost)):
        hourly = cents(_dec(cost))
        lines.append(Line("cap", LABELS["cap"], hourly, detail={"cost": f"{hourly} EUR/hour"}))
    amounts: dict[str, Decimal | None] = {"hourly": hourly, "monthly": None}
    if situation.get("hours") not in (None, ""):
        hours = _dec(situation["hours"])
        amounts["monthly"] = cents(hourly * hours)
        lines.append(Line("monthly", LABELS["hours"], amounts["monthly"], detail={"hours": f"{hours.normalize():f}"}))
    return Computation(amounts=amounts, lines=lines, method="lu.hourly")
