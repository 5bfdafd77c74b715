"""Dated parameters (OpenFisca's format) and the explained computations built from them.

``parameters_at(pack, day)`` gives everything in force that day: the pack's YAML values plus
the values an administrator added in the database (``core.ParameterValue``). Rules modules
(``openaef.jurisdictions.<pack>.rules``) read it and return a ``Computation``: the amounts and
one ``Line`` per step the family should see, each with the parameter and the legal reference
it comes from, so that a decided amount keeps its explanation.

Money is Decimal; ``cents`` is the one rounding (half up, to the cent).
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType
from typing import Any

from .parameters_tree import (
    BracketHistory,
    Node,
    Parameter,
    ParameterNotFound,
    Scale,
    ValueEntry,
    find_leaf,
    merge,
    parse_value,
    yaml_tree,
)

CENT = Decimal("0.01")
# A process re-reads the database's values at least this often, even if it missed an
# invalidation (a per-process cache such as LocMem does not share the generation key).
LOCAL_TTL_SECONDS = 300


def cents(x: Decimal | int | str) -> Decimal:
    """The one rounding of money: to the cent, half up."""
    if isinstance(x, float):
        raise TypeError("money is never a float: pass a Decimal, an int or a string")
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- values in force at a date


@dataclass(frozen=True)
class Bracket:
    threshold: Decimal
    amount: Decimal | None = None
    rate: Decimal | None = None


@dataclass(frozen=True)
class ParameterSet:
    """Everything in force in ``pack`` on ``date``."""

    pack: str
    date: dt.date
    tree: dict[str, Node]

    def parameter(self, name: str) -> Parameter:
        return find_leaf(self.tree, name)

    def value(self, name: str) -> Any:
        """The value in force (None before the first date or after a null: not applying)."""
        return self.parameter(name).value_at(self.date)

    def reference(self, name: str) -> str:
        node = self.tree.get(name)
        if isinstance(node, Scale):
            return node.reference
        return self.parameter(name).reference_at(self.date)

    def assumption(self, name: str) -> str:
        node = self.tree.get(name)
        if isinstance(node, Scale):
            return node.assumption
        return self.parameter(name).assumption

    def scale(self, name: str) -> list[Bracket]:
        """The brackets in force, by rising threshold (a bracket whose threshold is null is out)."""
        node = self.tree.get(name)
        if not isinstance(node, Scale):
            raise ParameterNotFound(name)
        out = []
        for bracket in node.brackets:
            threshold = bracket.threshold.value_at(self.date)
            if threshold is None:
                continue
            out.append(
                Bracket(
                    threshold=Decimal(threshold),
                    amount=bracket.amount.value_at(self.date) if bracket.amount else None,
                    rate=bracket.rate.value_at(self.date) if bracket.rate else None,
                )
            )
        return sorted(out, key=lambda b: b.threshold)

    def __contains__(self, name: str) -> bool:
        try:
            find_leaf(self.tree, name)
        except ParameterNotFound:
            return isinstance(self.tree.get(name), Scale)
        return True


# ---------------------------------------------------------------- database values, cached

_local: dict[str, tuple[str, float, dict[str, list[ValueEntry]]]] = {}


def _generation_key(pack: str) -> str:
    return f"openaef:parameters:{pack}:generation"


def _generation(pack: str) -> str:
    from django.core.cache import cache

    key = _generation_key(pack)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return str(value)


def invalidate(pack: str | None = None) -> None:
    """Call after a value is added to or removed from the database (services_parameters does)."""
    from django.core.cache import cache

    packs = [pack] if pack else list(_local)
    for code in packs:
        cache.set(_generation_key(code), uuid.uuid4().hex, timeout=None)
        _local.pop(code, None)


def _db_entries(pack: str) -> dict[str, list[ValueEntry]]:
    generation = _generation(pack)
    cached = _local.get(pack)
    if cached and cached[0] == generation and time.monotonic() - cached[1] < LOCAL_TTL_SECONDS:
        return cached[2]
    from .models import ParameterValue

    tree = yaml_tree(pack)
    out: dict[str, list[ValueEntry]] = defaultdict(list)
    for row in ParameterValue.objects.filter(pack=pack).order_by("name", "start"):
        try:
            unit = find_leaf(tree, row.name).unit
        except ParameterNotFound:
            continue  # a parameter removed from the YAML: its database values no longer apply
        out[row.name].append(
            ValueEntry(
                start=row.start,
                value=parse_value(row.value, unit, name=row.name),
                reference=row.reference,
                note=row.note,
                source="db",
                db_id=row.pk,
            )
        )
    _local[pack] = (generation, time.monotonic(), dict(out))
    return dict(out)


def parameter_tree(pack: str, *, database: bool = True) -> dict[str, Node]:
    """Every parameter (leaves and scales) by dotted name, each with its full history."""
    tree = yaml_tree(pack)
    return merge(tree, _db_entries(pack)) if database else tree


def parameters_at(pack: str, date: dt.date, *, database: bool = True) -> ParameterSet:
    """Everything in force on ``date``; ``database=False`` reads the YAML only (the pack's tests)."""
    return ParameterSet(pack=pack, date=date, tree=parameter_tree(pack, database=database))


def load_rules(pack: str) -> ModuleType:
    return importlib.import_module(f"openaef.jurisdictions.{pack}.rules")


# ---------------------------------------------------------------- explained computations


def _interpolated(line: Line) -> str:
    try:
        return line.label % line.detail if line.detail else line.label
    except (KeyError, TypeError, ValueError):
        return f"{line.label} {line.detail}"


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Line:
    """One step shown to the family. ``label`` is an English msgid (gettext_noop in the rules
    module) translated when shown, with ``detail`` interpolated into it."""

    key: str
    label: str
    amount: Decimal | None
    parameter: str = ""
    reference: str = ""
    detail: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "amount": None if self.amount is None else str(self.amount),
            "parameter": self.parameter,
            "reference": self.reference,
            "detail": {k: str(v) for k, v in self.detail.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Line:
        return cls(
            key=data["key"],
            label=data["label"],
            amount=_dec(data.get("amount")),
            parameter=data.get("parameter", ""),
            reference=data.get("reference", ""),
            detail=dict(data.get("detail") or {}),
        )


@dataclass
class Computation:
    amounts: dict[str, Decimal | None]
    lines: list[Line] = field(default_factory=list)
    method: str = ""

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.key == key), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "amounts": {k: None if v is None else str(v) for k, v in self.amounts.items()},
            "lines": [line.as_json() for line in self.lines],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Computation:
        return cls(
            amounts={k: _dec(v) for k, v in (data.get("amounts") or {}).items()},
            lines=[Line.from_json(x) for x in data.get("lines") or []],
            method=data.get("method", ""),
        )

    def explain(self) -> str:
        """Plain text of the lines (test failures, logs of the pack's own tests: no personal data)."""
        rows = []
        for line in self.lines:
            amount = "" if line.amount is None else str(line.amount)
            source = f" [{line.parameter}]" if line.parameter else ""
            rows.append(f"  {line.key:<24} {amount:>12}  {_interpolated(line)}{source}")
        return "\n".join(rows)


__all__ = [
    "Bracket",
    "BracketHistory",
    "Computation",
    "Line",
    "Parameter",
    "ParameterNotFound",
    "ParameterSet",
    "Scale",
    "ValueEntry",
    "cents",
    "invalidate",
    "load_rules",
    "parameter_tree",
    "parameters_at",
]
