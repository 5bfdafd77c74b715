"""How foster families look on the pages: status tags, the history, the register's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openaef.foster.matching import language_name
from openaef.foster.models import FosterEventKind, FosterFamily, FosterFamilyEvent, FosterFamilyStatus, HouseholdRole

from .presentation import HistoryItem, choice_label

F = FosterFamilyStatus

STATUS_TAGS: dict[str, str] = {
    F.APPLIED: "govuk-tag--blue",
    F.ASSESSMENT: "govuk-tag--yellow",
    F.APPROVED: "govuk-tag--green",
    F.NOT_APPROVED: "govuk-tag--grey",
    F.SUSPENDED: "govuk-tag--orange",
    F.ENDED: "govuk-tag--grey",
}


@dataclass
class RegisterRow:
    family: FosterFamily
    tag: str
    free_places: int | None
    approval_lapsed: bool


def register_rows(families: Iterable[FosterFamily], today: dt.date) -> list[RegisterRow]:
    rows = []
    for family in families:
        approved = family.status == F.APPROVED
        rows.append(
            RegisterRow(
                family=family,
                tag=STATUS_TAGS.get(family.status, ""),
                free_places=max(family.capacity - family.occupied, 0) if approved else None,  # type: ignore[attr-defined]
                approval_lapsed=approved and family.approved_until is not None and family.approved_until < today,
            )
        )
    return rows


def languages_text(family: FosterFamily) -> str:
    return ", ".join(language_name(language.code) for language in family.languages.all())


def _details(event: FosterFamilyEvent) -> list[str]:
    data = event.data or {}
    lines = []
    if event.kind == FosterEventKind.STATUS:
        lines.append(
            _("From “%(old)s” to “%(new)s”.")
            % {
                "old": choice_label(FosterFamilyStatus, data.get("from", "")),
                "new": choice_label(FosterFamilyStatus, data.get("to", "")),
            }
        )
    if data.get("until"):
        lines.append(_("Approved until %(day)s.") % {"day": date_format(dt.date.fromisoformat(data["until"]), "DATE_FORMAT")})
    if event.kind == FosterEventKind.MEMBER and data.get("role"):
        role = choice_label(HouseholdRole, data["role"])
        template = _("Added: %(role)s.") if data.get("added") else _("Removed: %(role)s.")
        lines.append(template % {"role": role})
    if event.kind == FosterEventKind.UPDATED and data.get("fields"):
        lines.append(_("Changed: %(fields)s.") % {"fields": ", ".join(_field_label(name) for name in data["fields"])})
    return lines


def _field_label(name: str) -> str:
    if name == "languages":
        return str(_("languages"))
    try:
        return str(getattr(FosterFamily._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field renamed since the event was written
        return name


def history(events: Iterable[FosterFamilyEvent]) -> list[HistoryItem]:
    return [
        HistoryItem(
            title=choice_label(FosterEventKind, event.kind),
            actor=event.actor.full_name if event.actor else _("the system"),
            at=event.at,
            reason=(event.data or {}).get("reason", ""),
            details=_details(event),
        )
        for event in events
    ]


def actor_name(user: Any) -> str:
    return getattr(user, "full_name", "") or getattr(user, "email", "")
