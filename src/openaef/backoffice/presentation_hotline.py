"""What the 116 000 pages show: protocol steps with their labels, figures as table rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from openaef.hotline.models import CallCategory, CallOutcome, ProtocolStep
from openaef.hotline.parameters import hotline_rules

# The figures' tables, in the order the page and the CSV show them.
FIGURE_TITLES = {
    "category": gettext_lazy("Per category"),
    "hour": gettext_lazy("Per hour of the day"),
    "outcome": gettext_lazy("Per outcome"),
}


@dataclass(frozen=True)
class StepRow:
    step: ProtocolStep
    label: str


@dataclass(frozen=True)
class FigureRow:
    label: str
    count: int


def step_rows(steps: Any) -> list[StepRow]:
    rules = hotline_rules()
    return [StepRow(step=s, label=rules.step_label(s.code)) for s in steps]


def figure_tables(figures: dict[str, dict[Any, int]]) -> dict[str, list[FigureRow]]:
    """Every category and outcome is listed, at zero too, so periods compare line by line."""
    outcome = [FigureRow(str(label), figures["outcome"].get(value, 0)) for value, label in CallOutcome.choices]
    if figures["outcome"].get(""):
        outcome.append(FigureRow(gettext("Not closed yet"), figures["outcome"][""]))
    return {
        "category": [FigureRow(str(label), figures["category"].get(value, 0)) for value, label in CallCategory.choices],
        "hour": [FigureRow(f"{h:02d}:00", figures["hour"].get(h, 0)) for h in range(24)],
        "outcome": outcome,
    }
