from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from openaef.core import parameters, parameters_tree

PACK = "zz_params"

FILES = {
    "allowance/amount.yaml": """
        description: A monthly amount
        metadata:
          unit: EUR
          reference: "Law of 1 January 2020, art. 1"
        values:
          2020-01-01:
            value: 100.00
          2022-07-01:
            value: 110.50
            reference: "Regulation of 1 June 2022, art. 2"
          2024-01-01:
            value: null
    """,
    "allowance.yaml": """
        children:
          description: Children counted at most
          metadata:
            unit: count
            assumption: "Not published: assumed 4."
          values:
            2020-01-01: {value: 4}
        codes:
          description: Measure codes concerned
          metadata:
            unit: list
            reference: "Law of 1 January 2020, art. 3"
          values:
            2020-01-01: {value: [A, B]}
    """,
    "bands.yaml": """
        description: Amount per hour by income
        metadata:
          threshold_unit: EUR
          amount_unit: EUR/hour
          reference: "Law of 1 January 2020, art. 4"
        brackets:
          - threshold: {values: {2020-01-01: {value: 0}}}
            amount: {values: {2020-01-01: {value: 0}}}
          - threshold: {values: {2020-01-01: {value: 3000}, 2023-01-01: {value: null}}}
            amount: {values: {2020-01-01: {value: 2.56}}}
          - threshold: {values: {2020-01-01: {value: 1000}}}
            amount: {values: {2020-01-01: {value: 1.28}}}
    """,
}


@pytest.fixture
def pack_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A small pack of parameters in a temporary directory, read instead of the real packs."""
    for name, text in FILES.items():
        path = tmp_path / PACK / "parameters" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.setattr(parameters_tree, "PACKS_DIR", tmp_path)
    parameters_tree.yaml_tree.cache_clear()
    parameters._local.clear()
    yield PACK
    parameters_tree.yaml_tree.cache_clear()
    parameters._local.clear()
