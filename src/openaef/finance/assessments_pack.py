"""What a contribution assessment asks of the jurisdiction pack: the categories of income and
expense lines, which measure types carry a parents' contribution, and the computation itself
(``load_rules(pack).contribution(situation, parameters_at(pack, day))``), fed with the facts of
the measure (its type, the court's part in it) and the provider's tariff in force as the cost
the contribution may never exceed.

The engine knows nothing of a country: every figure and every list comes from the pack.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from openaef.cases.models import Framework
from openaef.core.parameters import Computation, ParameterNotFound, ParameterSet, load_rules, parameters_at
from openaef.directory.models import MeasureType
from openaef.measures.models import Measure
from openaef.placements.models import LegalBasis, Placement

from .models import ItemKind, Unit
from .tariffs import tariff_in_force

# Where a pack names its categories (a list parameter); when it does not, these lists apply.
P_INCOME_CATEGORIES = "contribution.income.categories"
P_EXPENSE_CATEGORIES = "contribution.income.deductible_expenses"
# Used when the pack has no list: common kinds of monthly household income and expenses.
DEFAULT_INCOME_CATEGORIES = ("salary", "self_employment", "pension", "benefits", "alimony_received", "other")
DEFAULT_EXPENSE_CATEGORIES = ("rent", "loan", "alimony")

CATEGORY_LABELS = {
    "salary": _("Salary or wages"),
    "self_employment": _("Self-employed income"),
    "pension": _("Pension"),
    "benefits": _("Benefits and allowances"),
    "alimony_received": _("Maintenance received"),
    "other": _("Other income"),
    "rent": _("Rent"),
    "loan": _("Loan repayments"),
    "alimony": _("Maintenance paid"),
}

MAX_ITEM_AMOUNT = Decimal("9999999999.99")


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code.replace("_", " ")))


def _list_parameter(P: ParameterSet, name: str) -> list[str] | None:
    try:
        value = P.value(name)
    except (ParameterNotFound, KeyError):
        return None
    return [str(v) for v in value] if isinstance(value, list) else None


def categories(P: ParameterSet, kind: str) -> list[str]:
    """The category codes a line of ``kind`` (income or expense) may have, in the pack's order."""
    if kind == ItemKind.INCOME:
        return _list_parameter(P, P_INCOME_CATEGORIES) or list(DEFAULT_INCOME_CATEGORIES)
    return _list_parameter(P, P_EXPENSE_CATEGORIES) or list(DEFAULT_EXPENSE_CATEGORIES)


def category_choices(P: ParameterSet, kind: str) -> list[tuple[str, str]]:
    return [(code, category_label(code)) for code in categories(P, kind)]


def parse_amount(raw: Any) -> Decimal | None:
    """A monthly amount as typed: a Decimal >= 0 with at most two places, else None."""
    text = str(raw if raw is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0 or value > MAX_ITEM_AMOUNT:
        return None
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        return None
    return value


def is_none_method(method: str) -> bool:
    """The rules found no contribution for the measure (the family pays nothing)."""
    return method == "none" or method.endswith(".none")


def contributing_type_codes(pack: str, on: dt.date) -> list[str]:
    """The measure types of ``pack`` whose parents contribute, asked of the pack's rules: a type
    contributes unless the rules answer "none" for it (rules that need more facts than the type
    to answer count it as contributing: finance then looks at it)."""
    P = parameters_at(pack, on)
    rules = load_rules(pack)
    codes = []
    for code in MeasureType.objects.filter(pack=pack).order_by("position", "code").values_list("code", flat=True):
        try:
            method = rules.contribution({"measure_type": code, "dependent_children": 0}, P).method
        except (ValueError, KeyError, TypeError):
            method = ""
        if not is_none_method(method):
            codes.append(code)
    return codes


@dataclass(frozen=True)
class CostCap:
    per_day: Decimal | None
    per_hour: Decimal | None
    references: dict[str, Any]


def cost_cap(measure: Measure, on: dt.date) -> CostCap:
    """The provider's tariffs per day and per hour in force on ``on`` (none before a provider is known)."""
    if measure.provider_id is None:
        return CostCap(None, None, {})
    found: dict[str, Any] = {}
    amounts: dict[str, Decimal | None] = {Unit.DAY: None, Unit.HOUR: None}
    for unit in (Unit.DAY, Unit.HOUR):
        tariff = tariff_in_force(
            provider_id=measure.provider_id,
            service_id=measure.service_id,
            measure_type_id=measure.measure_type_id,
            unit=unit,
            on=on,
        )
        if tariff is not None:
            amounts[unit] = tariff.amount
            found[unit] = {"tariff": tariff.pk, "amount": str(tariff.amount), "reference": tariff.reference}
    return CostCap(amounts[Unit.DAY], amounts[Unit.HOUR], found)


def court_placement(measure: Measure) -> bool:
    """Whether a court ordered it: the placement's legal basis, else the case's framework."""
    basis = Placement.objects.filter(measure=measure).order_by("-id").values_list("legal_basis", flat=True).first()
    if basis is not None:
        return basis == LegalBasis.COURT
    return measure.case.framework == Framework.JUDICIAL


def build_situation(
    *,
    measure: Measure,
    dependent_children: int,
    items: list[tuple[str, str, str, Decimal]],
    extra: dict[str, Any],
    cap: CostCap,
) -> dict[str, Any]:
    """The facts the pack's rules read (keys as in the pack's YAML tests); ``extra`` (facts only
    some packs need) comes first so that the measure's own facts always win."""
    return {
        **extra,
        "measure_type": measure.measure_type.code,
        "dependent_children": dependent_children,
        "incomes": [{"kind": c, "monthly": str(m), "label": label} for k, c, label, m in items if k == ItemKind.INCOME],
        "expenses": [{"kind": c, "monthly": str(m), "label": label} for k, c, label, m in items if k == ItemKind.EXPENSE],
        "court_placement": court_placement(measure),
        "cost_per_day": None if cap.per_day is None else str(cap.per_day),
        "cost_per_hour": None if cap.per_hour is None else str(cap.per_hour),
    }


def compute(
    *,
    measure: Measure,
    effective_from: dt.date,
    dependent_children: int,
    items: list[tuple[str, str, str, Decimal]],
    extra: dict[str, Any],
) -> tuple[Computation, dict[str, Any]]:
    """The computation and the JSON to store (the lines plus what went in: tariffs, court)."""
    pack = measure.case.pack
    cap = cost_cap(measure, effective_from)
    situation = build_situation(measure=measure, dependent_children=dependent_children, items=items, extra=extra, cap=cap)
    P = parameters_at(pack, effective_from)
    result = load_rules(pack).contribution(situation, P)
    stored = result.as_json()
    for line in stored["lines"]:
        # A line that names its parameter but not its reference: the parameter's, so that the
        # letter can cite a text for every step the law gives.
        if line.get("parameter") and not line.get("reference"):
            with contextlib.suppress(ParameterNotFound, KeyError):
                line["reference"] = P.reference(line["parameter"]) or ""
    stored["inputs"] = {
        "measure_type": situation["measure_type"],
        "court_placement": situation["court_placement"],
        "cost_per_day": situation["cost_per_day"],
        "cost_per_hour": situation["cost_per_hour"],
        "tariffs": cap.references,
    }
    return result, stored
