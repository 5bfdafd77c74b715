"""A pytest plugin collecting the packs' formula test cases (OpenFisca-like YAML).

Files: ``src/openaef/jurisdictions/<pack>/tests/*.yaml``, each a list of cases::

    - name: Two dependent children, day care (60 %)
      period: 2026-01-01        # the date the parameters are read at
      formula: contribution     # the rules module's function (default)
      input: {...}              # the situation
      output: {monthly: "255.33", daily: "8.51"}   # exact Decimal equality on each key (null: None)

Each case is one test item. The parameters are the pack's YAML only (no database values), so
the cases need no database and state what the law files say.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from openaef.core.parameters_tree import _DecimalLoader


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    parts = file_path.parts
    if file_path.suffix in {".yaml", ".yml"} and len(parts) >= 4 and parts[-2] == "tests" and parts[-4] == "jurisdictions":
        return PackCasesFile.from_parent(parent, path=file_path)
    return None


class PackCasesFile(pytest.File):
    def collect(self):  # type: ignore[no-untyped-def]
        with self.path.open(encoding="utf-8") as f:
            cases = yaml.load(f, Loader=_DecimalLoader) or []  # noqa: S506 (a SafeLoader subclass)
        if not isinstance(cases, list):
            raise pytest.UsageError(f"{self.path}: expected a list of cases")
        pack = self.path.parent.parent.name
        seen: set[str] = set()
        for case in cases:
            name = str(case.get("name") or "")
            if not name or name in seen:
                raise pytest.UsageError(f"{self.path}: every case needs a unique name ({name!r})")
            seen.add(name)
            yield PackCaseItem.from_parent(self, name=name, pack=pack, case=case)


class PackCaseFailure(Exception):
    pass


def _expected(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class PackCaseItem(pytest.Item):
    def __init__(self, *, pack: str, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pack = pack
        self.case = case
        self.computation: Any = None

    def runtest(self) -> None:
        from openaef.core.parameters import load_rules, parameters_at

        period = self.case.get("period")
        if not isinstance(period, dt.date):
            raise PackCaseFailure(f"period {period!r} is not a date (YYYY-MM-DD)")
        formula = getattr(load_rules(self.pack), self.case.get("formula", "contribution"))
        self.computation = formula(dict(self.case.get("input") or {}), parameters_at(self.pack, period, database=False))
        wrong = []
        for key, value in (self.case.get("output") or {}).items():
            if key not in self.computation.amounts:
                wrong.append(f"  {key}: expected {value}, not computed")
                continue
            computed = self.computation.amounts[key]
            expected = _expected(value)
            if computed != expected:
                wrong.append(f"  {key}: expected {expected}, computed {computed}")
            elif computed is not None and computed.as_tuple().exponent != -2:
                wrong.append(f"  {key}: {computed} is not rounded to the cent")
        if wrong:
            raise PackCaseFailure("\n".join(wrong))

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, PackCaseFailure):
            explanation = self.computation.explain() if self.computation is not None else ""
            return f"{self.path.name}: {self.name}\n{excinfo.value}\ncomputation ({self.pack}):\n{explanation}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, 0, f"{self.pack}: {self.name}"
