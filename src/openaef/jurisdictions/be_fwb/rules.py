"""Wallonia-Brussels Federation: the parents' financial contribution (PFP) in childcare
subsidised by ONE.

AGCF 2 May 2019, art. 125, as amended by AGCF 7 September 2023: registrations from 1 January
2025 pay by the household's cumulated net monthly income in four progressive bands, at most
45 EUR a day; earlier registrations keep the former grid (AGCF 27 February 2003). Where the
bands or the grid are not known, the rules answer "none" (no amount) rather than guess one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_noop

from openaef.core.parameters import Computation, Line, cents

NONE = "none"

L_NO_BANDS = gettext_noop(
    "Registered on {registered_on}, from {start}: the four income bands of the 2025 grid are not "
    "known yet, so no amount can be given."
)
L_NO_GRID = gettext_noop(
    "Registered on {registered_on}, under the former grid: the grid is not known, so no amount can be given."
)
L_BELOW_GRID = gettext_noop("The household's income ({income}) is below the first bracket of the grid.")
L_BANDS = gettext_noop("Contribution for a day: income of {income} a month in the 2025 bands")
L_BAND = gettext_noop("Band from {threshold}: {slice} at {rate}")
L_GRID = gettext_noop("Contribution for a day: income of {income} a month, bracket from {threshold}")
L_FREE_BIM = gettext_noop("Household entitled to the increased intervention (BIM): no contribution.")
L_SINGLE_PARENT = gettext_noop("Single-parent household: reduced by {rate}")
L_SIBLINGS = gettext_noop("{children} children of the household in care: reduced by {rate}")
L_NO_SIBLINGS = gettext_noop("{children} children of the household in care: no reduction for siblings is known, none applied.")
L_CAP = gettext_noop("Limited to the highest contribution of {cap} a day")
L_COST = gettext_noop("Limited to the cost of a day of care ({cost})")
L_MONTHLY = gettext_noop("Contribution for the month: {daily} × {days} days")


def _dec(raw: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{name}: {raw!r} is not a number") from exc
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name}: {raw!r} is not a positive number")
    return number


def _date(raw: Any, name: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValueError(f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from exc


def _value(P: Any, name: str) -> Any:
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


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def _none(lines: list[Line], key: str, label: str, parameter: str, P: Any, **detail: str) -> Computation:
    lines.append(Line(key, label, None, parameter, _reference(P, parameter) if parameter else "", detail))
    return Computation({"daily": None, "monthly": None}, lines, NONE)


def daily_from_bands(brackets: list[Any], income: Decimal) -> tuple[Decimal, list[tuple[Any, Decimal]]] | None:
    """The daily amount for ``income`` and the slices it was built from, or None when the
    brackets are incomplete. A bracket with a rate taxes the slice of income in its band (a
    progressive scale); a scale of amounts gives the amount of the highest bracket reached."""
    if not brackets:
        return None
    if all(b.rate is not None for b in brackets):
        total = Decimal(0)
        slices = []
        for i, bracket in enumerate(brackets):
            if income <= bracket.threshold:
                break
            upper = brackets[i + 1].threshold if i + 1 < len(brackets) else None
            top = income if upper is None else min(income, upper)
            slices.append((bracket, top - bracket.threshold))
            total += (top - bracket.threshold) * bracket.rate
        return cents(total), slices
    if all(b.amount is not None for b in brackets):
        reached = [b for b in brackets if b.threshold <= income]
        if not reached:
            return None
        return cents(reached[-1].amount), [(reached[-1], income - reached[-1].threshold)]
    return None


def _new_regime(s: dict[str, Any], P: Any, lines: list[Line]) -> Decimal | Computation:
    income = s["income"]
    result = daily_from_bands(_scale(P, "pfp.bands"), income)
    if result is None:
        return _none(lines, "no_bands", L_NO_BANDS, "pfp.bands", P, **s["dates"])
    daily, slices = result
    ref = _reference(P, "pfp.bands")
    lines.append(Line("daily", L_BANDS, daily, "pfp.bands", ref, {"income": str(income)}))
    for i, (bracket, part) in enumerate(slices):
        if bracket.rate is not None:
            detail = {"threshold": str(bracket.threshold), "slice": str(part), "rate": _percent(bracket.rate)}
            lines.append(Line(f"band_{i + 1}", L_BAND, cents(part * bracket.rate), "pfp.bands", ref, detail))
    if s["children"] > 1:
        rate = _value(P, "pfp.siblings_reduction_rate")
        detail = {"children": str(s["children"])}
        if rate is None:
            lines.append(Line("siblings", L_NO_SIBLINGS, None, "pfp.siblings_reduction_rate", "", detail))
        else:
            daily = cents(daily * (1 - rate))
            ref = _reference(P, "pfp.siblings_reduction_rate")
            detail["rate"] = _percent(rate)
            lines.append(Line("siblings", L_SIBLINGS, daily, "pfp.siblings_reduction_rate", ref, detail))
    cap = _value(P, "pfp.daily_cap")
    if cap is not None and daily > cap:
        daily = cents(cap)
        lines.append(Line("cap", L_CAP, daily, "pfp.daily_cap", _reference(P, "pfp.daily_cap"), {"cap": str(cap)}))
    return daily


def _former_regime(s: dict[str, Any], P: Any, lines: list[Line]) -> Decimal | Computation:
    node = "pfp.before_2025"
    if s["bim"] and _value(P, f"{node}.free_for_increased_intervention"):
        ref = _reference(P, f"{node}.free_for_increased_intervention")
        lines.append(Line("daily", L_FREE_BIM, Decimal("0.00"), f"{node}.free_for_increased_intervention", ref))
        return Decimal("0.00")
    result = daily_from_bands(_scale(P, f"{node}.grid"), s["income"])
    if result is None:
        return _none(lines, "no_grid", L_NO_GRID, f"{node}.grid", P, **s["dates"])
    daily, slices = result
    detail = {"income": str(s["income"]), "threshold": str(slices[-1][0].threshold if slices else 0)}
    lines.append(Line("daily", L_GRID, daily, f"{node}.grid", _reference(P, f"{node}.grid"), detail))
    rate = _value(P, f"{node}.single_parent_reduction_rate")
    if s["single_parent"] and rate is not None:
        daily = cents(daily * (1 - rate))
        ref = _reference(P, f"{node}.single_parent_reduction_rate")
        lines.append(
            Line("single_parent", L_SINGLE_PARENT, daily, f"{node}.single_parent_reduction_rate", ref, {"rate": _percent(rate)})
        )
    cap = _value(P, f"{node}.daily_cap")
    if cap is not None and daily > cap:
        daily = cents(cap)
        lines.append(Line("cap", L_CAP, daily, f"{node}.daily_cap", _reference(P, f"{node}.daily_cap"), {"cap": str(cap)}))
    return daily


def contribution(situation: dict[str, Any], P: Any) -> Computation:
    """The parents' contribution for a day and for the month's days of attendance.

    ``situation``: registered_on (date of registration), monthly_net_income (EUR, the
    household's cumulated net income), days (of attendance in the month), children_in_care
    (default 1), cost_per_day (optional cap); for registrations before 2025 also
    increased_intervention (BIM) and single_parent (bools).
    """
    registered_on = _date(situation.get("registered_on"), "registered_on")
    cost = situation.get("cost_per_day")
    s = {
        "income": _dec(situation.get("monthly_net_income", 0), "monthly_net_income"),
        "children": int(situation.get("children_in_care") or 1),
        "bim": bool(situation.get("increased_intervention")),
        "single_parent": bool(situation.get("single_parent")),
    }
    days = _dec(situation.get("days", 0), "days")
    lines: list[Line] = []
    start_raw = _value(P, "pfp.reform_start")
    # Before the 2023 order was published no registration fell under the 2025 grid.
    start = None if start_raw is None else _date(start_raw, "pfp.reform_start")
    s["dates"] = {"registered_on": registered_on.isoformat(), "start": start.isoformat() if start else ""}
    regime = "bands_2025" if start is not None and registered_on >= start else "former_grid"
    daily = _new_regime(s, P, lines) if regime == "bands_2025" else _former_regime(s, P, lines)
    if isinstance(daily, Computation):
        return daily
    if cost not in (None, ""):
        cost_per_day = _dec(cost, "cost_per_day")
        if daily > cost_per_day:
            daily = cents(cost_per_day)
            lines.append(Line("cost", L_COST, daily, detail={"cost": str(cost_per_day)}))
    monthly = cents(daily * days)
    lines.append(Line("monthly", L_MONTHLY, monthly, detail={"daily": str(daily), "days": str(days)}))
    method = "free" if any(line.label == L_FREE_BIM for line in lines) else regime
    return Computation({"daily": daily, "monthly": monthly}, lines, method)
