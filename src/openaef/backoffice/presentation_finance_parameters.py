"""How dated parameters read on the administrator's pages: each value written by its unit
(amounts in euros, rates as percentages, lists of codes, scales as brackets), "not known"
said plainly, and where each value came from (the pack, or added here by whom and when)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openaef.core.models import ParameterValue
from openaef.core.parameters_tree import Node, Parameter, Scale, ValueEntry

AMOUNT_UNITS = {
    "EUR": gettext_lazy("%(n)s EUR"),
    "EUR/hour": gettext_lazy("%(n)s EUR an hour"),
    "EUR/day": gettext_lazy("%(n)s EUR a day"),
    "EUR/month": gettext_lazy("%(n)s EUR a month"),
}
UNIT_NAMES = {
    "EUR": gettext_lazy("Amount in euros"),
    "EUR/hour": gettext_lazy("Amount in euros an hour"),
    "EUR/day": gettext_lazy("Amount in euros a day"),
    "EUR/month": gettext_lazy("Amount in euros a month"),
    "rate": gettext_lazy("Rate (shown as a percentage)"),
    "count": gettext_lazy("Whole number"),
    "text": gettext_lazy("Text"),
    "rule": gettext_lazy("Text"),
    "list": gettext_lazy("List of codes"),
    "bool": gettext_lazy("Yes or no"),
    "scale": gettext_lazy("Scale of brackets"),
}
PART_LABELS = {
    "threshold": gettext_lazy("threshold"),
    "amount": gettext_lazy("amount"),
    "rate": gettext_lazy("rate"),
}


@dataclass(frozen=True)
class Shown:
    """A value as the page writes it: one line of text, or a list of codes."""

    text: str
    items: tuple[str, ...] = ()
    known: bool = True


def _number(value: Decimal, min_decimals: int = 0) -> str:
    exponent = value.normalize().as_tuple().exponent
    decimals = max(min_decimals, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    quantized = value.quantize(Decimal(1).scaleb(-decimals))
    return formats.number_format(quantized, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_value(value: Any, unit: str) -> Shown:
    """``value`` (as core.parameters types it) written for ``unit``; None is "not known"."""
    if value is None:
        return Shown(_("Not known"), known=False)
    if unit in AMOUNT_UNITS:
        return Shown(str(AMOUNT_UNITS[unit]) % {"n": _number(Decimal(value), 2)})
    if unit == "rate":
        return Shown(_("%(n)s %%") % {"n": _number(Decimal(value) * 100)})
    if unit == "count":
        return Shown(_number(Decimal(value)))
    if unit == "bool":
        return Shown(_("Yes") if value else _("No"))
    if unit == "list":
        items = tuple(str(x) for x in value)
        return Shown(", ".join(items), items=items) if items else Shown(_("None"))
    return Shown(str(value))


def day_text(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def not_known_reason(leaf: Parameter, entry: ValueEntry | None) -> str:
    """Why there is no value: before the first date, or a null (not known, or no longer applying)."""
    if entry is None:
        if not leaf.values:
            return _("No value is recorded.")
        return _("The first value applies from %(day)s.") % {"day": day_text(leaf.values[0].start)}
    return _("No value from %(day)s: not known, or the parameter no longer applies.") % {"day": day_text(entry.start)}


def source_text(entry: ValueEntry, added: dict[int, ParameterValue]) -> str:
    if entry.source != "db" or entry.db_id is None:
        return _("From the pack")
    row = added.get(entry.db_id)
    if row is None:
        return _("Added here")
    who = (row.created_by.full_name or row.created_by.email) if row.created_by else _("an unknown user")
    when = day_text(timezone.localtime(row.created_at).date())
    return _("Added here by %(who)s on %(when)s") % {"who": who, "when": when}


def part_label(name: str) -> str:
    """'bands[1].rate' -> 'Bracket 2, rate' (brackets are counted from 1 for people)."""
    head, _sep, part = name.rpartition(".")
    index = int(head[head.rindex("[") + 1 : -1])
    return _("Bracket %(n)s, %(part)s") % {"n": index + 1, "part": PART_LABELS[part]}


def entries_shown(nodes: Iterable[Node], day: dt.date) -> list[ValueEntry]:
    """The entries in force on ``day`` across ``nodes`` (to look up who added them at once)."""
    out = []
    for node in nodes:
        leaves = node.components() if isinstance(node, Scale) else [node]
        out.extend(e for leaf in leaves if (e := leaf.entry_at(day)) is not None)
    return out


# ---------------------------------------------------------------- scales


@dataclass(frozen=True)
class ScaleTable:
    has_amount: bool
    has_rate: bool
    rows: list[tuple[str, str, str]]


def scale_table(scale: Scale, day: dt.date) -> ScaleTable:
    """The brackets in force on ``day`` by rising threshold; one whose threshold is null is out."""
    rows = []
    for bracket in scale.brackets:
        threshold = bracket.threshold.value_at(day)
        if threshold is None:
            continue
        cells = [format_value(threshold, bracket.threshold.unit).text]
        for leaf in (bracket.amount, bracket.rate):
            cells.append(format_value(leaf.value_at(day), leaf.unit).text if leaf is not None else "")
        rows.append((Decimal(threshold), tuple(cells)))
    rows.sort(key=lambda row: row[0])
    return ScaleTable(
        has_amount=any(b.amount is not None for b in scale.brackets),
        has_rate=any(b.rate is not None for b in scale.brackets),
        rows=[cells for _t, cells in rows],  # type: ignore[misc]
    )


# ---------------------------------------------------------------- the list at a date


@dataclass
class Card:
    name: str
    description: str
    href: str
    reference: str
    assumption: str
    shown: Shown | None = None
    scale: ScaleTable | None = None
    not_known: str = ""
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Group:
    node: str
    cards: list[Card]


def _leaf_card(leaf: Parameter, day: dt.date, added: dict[int, ParameterValue], href: str) -> Card:
    entry = leaf.entry_at(day)
    card = Card(leaf.name, leaf.description, href, leaf.reference_at(day), leaf.assumption)
    card.shown = format_value(None if entry is None else entry.value, leaf.unit)
    if not card.shown.known:
        card.not_known = not_known_reason(leaf, entry)
    if entry is not None:
        card.notes = [entry.note] if entry.note else []
        card.sources = [source_text(entry, added)]
    return card


def _scale_card(scale: Scale, day: dt.date, added: dict[int, ParameterValue], href: str) -> Card:
    card = Card(scale.name, scale.description, href, scale.reference, scale.assumption)
    card.scale = scale_table(scale, day)
    if not card.scale.rows:
        card.not_known = _("No bracket is known on this date.")
    sources: list[str] = []
    for leaf in scale.components():
        entry = leaf.entry_at(day)
        if entry is None:
            continue
        for text in (entry.reference, entry.note):
            if text and text not in card.notes and text != card.reference:
                card.notes.append(text)
        if entry.source == "db":
            sources.append(f"{part_label(leaf.name)}: {source_text(entry, added)}")
    card.sources = sources or ([_("From the pack")] if card.scale.rows else [])
    return card


def matches(node: Node, query: str) -> bool:
    query = query.casefold()
    return not query or query in node.name.casefold() or query in node.description.casefold()


def list_groups(nodes: list[Node], day: dt.date, added: dict[int, ParameterValue]) -> list[Group]:
    """Every parameter shown on ``day``, grouped by the node it belongs to, in name order."""
    groups: dict[str, Group] = {}
    for node in sorted(nodes, key=lambda n: n.name):
        href = reverse("backoffice:parameters_detail", args=[node.name])
        card = _scale_card(node, day, added, href) if isinstance(node, Scale) else _leaf_card(node, day, added, href)
        parent = node.name.rpartition(".")[0]
        groups.setdefault(parent, Group(parent, [])).cards.append(card)
    return list(groups.values())


# ---------------------------------------------------------------- one parameter's history


@dataclass
class HistoryRow:
    start: dt.date
    part: str
    shown: Shown
    reference: str
    note: str
    source: str
    in_force: bool
    future: bool
    remove_href: str = ""


def history_rows(node: Node, today: dt.date, added: dict[int, ParameterValue]) -> list[HistoryRow]:
    """Every dated value, newest first; an added value not yet in force may be removed."""
    leaves = node.components() if isinstance(node, Scale) else [node]
    rows = []
    for order, leaf in enumerate(leaves):
        current = leaf.entry_at(today)
        for entry in leaf.values:
            row = HistoryRow(
                start=entry.start,
                part=part_label(leaf.name) if isinstance(node, Scale) else "",
                shown=format_value(entry.value, leaf.unit),
                reference=entry.reference or leaf.reference,
                note=entry.note,
                source=source_text(entry, added),
                in_force=entry is current,
                future=entry.start > today,
            )
            if entry.source == "db" and entry.db_id is not None and row.future:
                row.remove_href = reverse("backoffice:parameters_value_remove", args=[node.name, entry.db_id])
            rows.append((entry.start, -order, row))
    rows.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [row for _start, _order, row in rows]


def leaf_of(node: Node, name: str) -> Parameter:
    """The leaf a value is added to: the parameter itself, or one part of a scale's bracket."""
    if isinstance(node, Parameter):
        return node
    return next(leaf for leaf in node.components() if leaf.name == name)


def next_start(leaf: Parameter, day: dt.date) -> dt.date | None:
    return next((start for start in leaf.dates if start > day), None)
