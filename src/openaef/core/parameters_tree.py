"""The dated parameters of a pack, read from ``jurisdictions/<pack>/parameters/**/*.yaml``.

The format is OpenFisca's: a leaf has ``values`` keyed by the date each value takes effect
(``null`` = the parameter stops applying); a scale has ``brackets``, each bracket's
``threshold`` / ``amount`` / ``rate`` being itself a dated leaf. The directory tree gives the
dotted name (``parameters/contribution/stationary/constant.yaml`` ->
``contribution.stationary.constant``); a mapping without ``values`` or ``brackets`` is a node.
A bracket component is named ``<scale>[<index>].<threshold|amount|rate>``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from openaef.core.packs import PACKS_DIR

NUMBER_UNITS = {"EUR", "EUR/hour", "EUR/day", "EUR/month", "rate"}
UNITS = NUMBER_UNITS | {"count", "text", "list", "rule", "bool"}
BRACKET_FIELDS = ("threshold", "amount", "rate")
COMPONENT = re.compile(r"^(?P<scale>.+)\[(?P<index>\d+)\]\.(?P<field>threshold|amount|rate)$")


class ParameterNotFound(KeyError):
    pass


class ParameterFileError(ValueError):
    """A pack's parameter file does not follow the format: a programming error in the pack."""


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats become Decimal from their written text, never through a binary float."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))  # type: ignore[arg-type]


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


@dataclass(frozen=True)
class ValueEntry:
    start: dt.date
    value: Any
    reference: str = ""
    note: str = ""
    source: str = "yaml"  # "yaml" or "db" (added by an administrator)
    db_id: int | None = None


@dataclass(frozen=True)
class Parameter:
    """A leaf: one value at a time, with its history."""

    name: str
    description: str
    unit: str
    reference: str = ""
    assumption: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    values: tuple[ValueEntry, ...] = ()

    def entry_at(self, day: dt.date) -> ValueEntry | None:
        starts = [v.start for v in self.values]
        i = bisect.bisect_right(starts, day)
        return self.values[i - 1] if i else None

    def value_at(self, day: dt.date) -> Any:
        entry = self.entry_at(day)
        return None if entry is None else entry.value

    def reference_at(self, day: dt.date) -> str:
        entry = self.entry_at(day)
        return (entry.reference if entry is not None and entry.reference else "") or self.reference

    @property
    def dates(self) -> list[dt.date]:
        return [v.start for v in self.values]

    def with_entries(self, extra: list[ValueEntry]) -> Parameter:
        if not extra:
            return self
        merged = {v.start: v for v in self.values}
        for entry in extra:
            merged.setdefault(entry.start, entry)  # a YAML date is never overridden
        return replace(self, values=tuple(sorted(merged.values(), key=lambda v: v.start)))


@dataclass(frozen=True)
class BracketHistory:
    threshold: Parameter
    amount: Parameter | None = None
    rate: Parameter | None = None

    def components(self) -> list[Parameter]:
        return [p for p in (self.threshold, self.amount, self.rate) if p is not None]


@dataclass(frozen=True)
class Scale:
    name: str
    description: str
    reference: str = ""
    assumption: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    brackets: tuple[BracketHistory, ...] = ()

    unit = "scale"

    def components(self) -> list[Parameter]:
        return [p for b in self.brackets for p in b.components()]


Node = Parameter | Scale


def parse_value(raw: Any, unit: str, *, name: str = "") -> Any:
    """The typed value for ``unit``: Decimal for amounts and rates, int for counts, a list of
    strings for lists. Raises ValueError on a value of the wrong kind (None is always valid)."""
    if raw is None:
        return None
    if unit in NUMBER_UNITS:
        if isinstance(raw, (bool, float)):
            raise ValueError(f"{name}: write the number as text or a YAML decimal, not {raw!r}")
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation as exc:
            raise ValueError(f"{name}: {raw!r} is not a number") from exc
        if not number.is_finite():
            raise ValueError(f"{name}: {raw!r} is not a number")
        return number
    if unit == "count":
        if isinstance(raw, bool) or isinstance(raw, Decimal) and raw != raw.to_integral_value():
            raise ValueError(f"{name}: {raw!r} is not a whole number")
        try:
            return int(str(raw).strip())
        except ValueError as exc:
            raise ValueError(f"{name}: {raw!r} is not a whole number") from exc
    if unit == "list":
        if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
            raise ValueError(f"{name}: expected a list of codes")
        return [x.strip() for x in raw]
    if unit == "bool":
        if not isinstance(raw, bool):
            raise ValueError(f"{name}: expected true or false")
        return raw
    if not isinstance(raw, str):
        raise ValueError(f"{name}: expected text")
    return raw


def _leaf(name: str, data: dict[str, Any], unit: str, inherited: dict[str, Any]) -> Parameter:
    metadata = dict(data.get("metadata") or {})
    reference = str(metadata.get("reference") or data.get("reference") or inherited.get("reference") or "")
    assumption = str(metadata.get("assumption") or inherited.get("assumption") or "")
    if unit not in UNITS:
        raise ParameterFileError(f"{name}: unknown unit {unit!r}")
    entries = []
    for start, item in (data.get("values") or {}).items():
        if not isinstance(start, dt.date):
            raise ParameterFileError(f"{name}: {start!r} is not a date (YYYY-MM-DD)")
        item = item if isinstance(item, dict) else {"value": item}
        entries.append(
            ValueEntry(
                start=start,
                value=parse_value(item.get("value"), unit, name=name),
                reference=str(item.get("reference") or ""),
                note=str(item.get("note") or item.get("assumption") or ""),
            )
        )
    if not (reference or assumption or any(e.reference for e in entries)):
        raise ParameterFileError(f"{name}: give a reference or an assumption")
    return Parameter(
        name=name,
        description=str(data.get("description") or inherited.get("description") or ""),
        unit=unit,
        reference=reference,
        assumption=assumption,
        metadata=metadata,
        values=tuple(sorted(entries, key=lambda e: e.start)),
    )


def _scale(name: str, data: dict[str, Any]) -> Scale:
    metadata = dict(data.get("metadata") or {})
    inherited = {
        "reference": metadata.get("reference", ""),
        "assumption": metadata.get("assumption", ""),
        "description": data.get("description", ""),
    }
    brackets = []
    for i, bracket in enumerate(data.get("brackets") or []):
        parts: dict[str, Parameter] = {}
        for key in BRACKET_FIELDS:
            if key in bracket:
                unit = str(metadata.get(f"{key}_unit") or ("rate" if key == "rate" else "EUR"))
                parts[key] = _leaf(f"{name}[{i}].{key}", bracket[key], unit, inherited)
        if "threshold" not in parts:
            raise ParameterFileError(f"{name}[{i}]: a bracket needs a threshold")
        brackets.append(BracketHistory(**parts))
    return Scale(
        name=name,
        description=str(data.get("description") or ""),
        reference=str(inherited["reference"] or ""),
        assumption=str(inherited["assumption"] or ""),
        metadata=metadata,
        brackets=tuple(brackets),
    )


def _walk(prefix: str, data: Any, out: dict[str, Node]) -> None:
    if not isinstance(data, dict):
        raise ParameterFileError(f"{prefix}: expected a mapping")
    if "values" in data:
        unit = str((data.get("metadata") or {}).get("unit") or "")
        out[prefix] = _leaf(prefix, data, unit, {})
    elif "brackets" in data:
        out[prefix] = _scale(prefix, data)
    else:
        for key, child in data.items():
            if key in {"description", "metadata", "documentation"}:
                continue
            _walk(f"{prefix}.{key}" if prefix else str(key), child, out)


def parameters_dir(pack: str) -> Path:
    return PACKS_DIR / pack / "parameters"


@cache
def yaml_tree(pack: str) -> dict[str, Node]:
    """Every parameter of the pack's YAML files, by dotted name (cached: files change on deploy)."""
    root = parameters_dir(pack)
    out: dict[str, Node] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*.y*ml")):
        if path.suffix not in {".yaml", ".yml"}:
            continue
        parts = path.relative_to(root).with_suffix("").parts
        with path.open(encoding="utf-8") as f:
            data = yaml.load(f, Loader=_DecimalLoader)  # noqa: S506 (a SafeLoader subclass)
        _walk(".".join(parts), data, out)
    return dict(sorted(out.items()))


def find_leaf(tree: dict[str, Node], name: str) -> Parameter:
    """The leaf called ``name``: a plain parameter or a bracket component ``scale[i].field``."""
    node = tree.get(name)
    if isinstance(node, Parameter):
        return node
    match = COMPONENT.match(name)
    if match:
        scale = tree.get(match["scale"])
        index = int(match["index"])
        if isinstance(scale, Scale) and index < len(scale.brackets):
            leaf = getattr(scale.brackets[index], match["field"])
            if leaf is not None:
                return leaf
    raise ParameterNotFound(name)


def merge(tree: dict[str, Node], extra: dict[str, list[ValueEntry]]) -> dict[str, Node]:
    """``tree`` with the database's values added to the leaves they name (unknown names ignored)."""
    if not extra:
        return tree
    out = dict(tree)
    for name, node in tree.items():
        if isinstance(node, Parameter) and name in extra:
            out[name] = node.with_entries(extra[name])
        elif isinstance(node, Scale):
            brackets = []
            for i, bracket in enumerate(node.brackets):
                parts = {}
                for key in BRACKET_FIELDS:
                    leaf = getattr(bracket, key)
                    entries = extra.get(f"{name}[{i}].{key}")
                    parts[key] = leaf.with_entries(entries) if leaf is not None and entries else leaf
                brackets.append(BracketHistory(**parts))  # type: ignore[arg-type]
            out[name] = replace(node, brackets=tuple(brackets))
    return out
