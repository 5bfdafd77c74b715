"""How a contribution's computation reads, in the reader's (or the letter's) language: each
line's label translated with its values, its amount in euros and its legal reference. Used by
the pages and the decision letter alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext

from .assessments_pack import category_label


def money(value: Decimal | str | None) -> str:
    """An amount in euros as the reader's language writes it ('–' when there is none)."""
    if value in (None, ""):
        return "–"
    return f"{formats.number_format(Decimal(str(value)), 2, use_l10n=True, force_grouping=True)} EUR"


@dataclass(frozen=True)
class ShownLine:
    key: str
    label: str
    amount: str
    reference: str
    parameter: str


def _label(line: dict[str, Any]) -> str:
    detail = {k: str(v) for k, v in (line.get("detail") or {}).items()}
    if "kind" in detail:
        detail["kind"] = category_label(detail["kind"])
    if "missing" in detail:
        detail["missing"] = detail["missing"].rsplit(".", 1)[-1].replace("_", " ")
    # The label is a msgid of the pack's rules (gettext_noop there); a variable, not a literal,
    # so that the extractor does not pick up an empty msgid here.
    label = str(line.get("label") or "")
    text = gettext(label) if label else ""
    try:
        return text % detail if detail else text
    except (KeyError, ValueError, TypeError):
        return text


def computation_lines(computation: dict[str, Any]) -> list[ShownLine]:
    return [
        ShownLine(
            key=str(line.get("key", "")),
            label=_label(line),
            amount=money(line.get("amount")),
            reference=str(line.get("reference") or ""),
            parameter=str(line.get("parameter") or ""),
        )
        for line in computation.get("lines") or []
    ]
