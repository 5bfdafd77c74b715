"""How placements read on the agency's pages: places, states, deadlines and history, as
strings in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openaef.cases.models import CaseEvent
from openaef.core.i18n import pick
from openaef.courts.models import JudicialDecision
from openaef.foster.models import FosterFamily
from openaef.measures import schedule
from openaef.placements.models import Destination, Placement, PlacementStatus, PlacementStay
from openaef.placements.parameters import placement_rules

from .presentation import HistoryItem, choice_label

PLACEMENT_TAGS: dict[str, str] = {
    PlacementStatus.PLANNED: "govuk-tag--blue",
    PlacementStatus.ACTIVE: "govuk-tag--green",
    PlacementStatus.ENDED: "govuk-tag--grey",
}


def place_label(stay: PlacementStay | None) -> str:
    """The place in one line: the foster family, or the institution, its site and living unit."""
    if stay is None:
        return gettext("Not admitted yet")
    if stay.foster_family is not None:
        return gettext("Foster family %(name)s") % {"name": stay.foster_family.name}
    parts = []
    if stay.service is not None:
        parts.append(f"{pick(stay.service.name)} – {stay.service.provider.name}")
    if stay.institution_name:
        parts.append(stay.institution_name)
    if stay.location is not None:
        parts.append(str(stay.location))
    if stay.living_unit:
        parts.append(gettext("living unit %(unit)s") % {"unit": stay.living_unit})
    return ", ".join(parts)


def country_label(stay: PlacementStay, pack: str) -> str:
    rules = placement_rules(pack)
    return "" if stay.country == rules.country else rules.country_name(stay.country)


def current_of(stays: list[PlacementStay]) -> PlacementStay | None:
    return next((s for s in reversed(stays) if s.until_on is None), None)


@dataclass
class PlacementRow:
    placement: Placement
    tag: str
    place: str
    ending_soon: bool


def placement_rows(placements: Iterable[Placement], today: dt.date) -> list[PlacementRow]:
    rows = []
    for placement in placements:
        stays: list[PlacementStay] = getattr(placement, "stay_list", [])
        current = current_of(stays)
        label = place_label(current) if current else (place_label(stays[-1]) if stays else gettext("Not admitted yet"))
        rows.append(
            PlacementRow(
                placement=placement,
                tag=PLACEMENT_TAGS.get(placement.status, ""),
                place=label,
                ending_soon=placement.status == PlacementStatus.ACTIVE and schedule.ending_soon(placement.measure.ends_on, today),
            )
        )
    return rows


def decision_choices(decisions: Iterable[JudicialDecision]) -> list[tuple[str, str]]:
    choices = []
    for decision in decisions:
        label = f"{decision.get_kind_display()}, {decision.decided_on:%d/%m/%Y}, {decision.court}"
        if decision.court_reference:
            label += f" ({decision.court_reference})"
        choices.append((str(decision.pk), label))
    return choices


def family_choices(families: Iterable[FosterFamily]) -> list[tuple[str, str]]:
    return [(str(f.pk), f"{f.name} ({f.reference}){', ' + f.locality if f.locality else ''}") for f in families]


_EVENT_TITLES: dict[str, Any] = {
    "visit": _("Plan of visits changed"),
    "agreement": _("Foster-care agreement changed"),
    "abroad": _("Admission form abroad changed"),
}


def history(events: Iterable[CaseEvent]) -> list[HistoryItem]:
    """The placement's lines of the case timeline, newest first."""
    items = []
    for event in events:
        data = event.data or {}
        details: list[str] = []
        if data.get("moved"):
            title = gettext("Moved to another place")
        elif data.get("signed"):
            title = gettext("Foster-care agreement signed")
        elif key := next((k for k in _EVENT_TITLES if k in data), None):
            title = str(_EVENT_TITLES[key])
        else:
            title = choice_label(PlacementStatus, data.get("to"))
        if data.get("destination"):
            details.append(choice_label(Destination, data["destination"]))
        if data.get("exception"):
            details.append(gettext("Beyond the foster family's maximum, exception recorded"))
        actor = str(event.actor) if event.actor else gettext("the system")
        items.append(HistoryItem(title=title, actor=actor, at=event.at, reason=data.get("reason", ""), details=details))
    return items
