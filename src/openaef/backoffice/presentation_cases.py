"""How a case's states, actions and timeline read, in the reader's language (the events store data)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openaef.cases.models import CaseEvent, CaseEventKind, CaseFile, ParticipantRole
from openaef.cases.states import CaseStatus
from openaef.intake.models import Channel

CASE_STATUS_TAGS: dict[str, str] = {
    CaseStatus.OPEN: "govuk-tag--blue",
    CaseStatus.ACTIVE: "govuk-tag--green",
    CaseStatus.CLOSING: "govuk-tag--yellow",
    CaseStatus.CLOSED: "govuk-tag--grey",
    CaseStatus.REOPENED: "govuk-tag--purple",
}

# What each transition is called on the button that performs it, by target state.
TRANSITION_LABELS: dict[str, Any] = {
    CaseStatus.ACTIVE: _("Start or resume the work"),
    CaseStatus.CLOSING: _("Start closing"),
    CaseStatus.CLOSED: _("Close the case"),
    CaseStatus.REOPENED: _("Reopen the case"),
}


@dataclass
class TimelineItem:
    title: str
    actor: str
    at: datetime
    reason: str
    details: list[str]


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _field_names(names: Iterable[str]) -> str:
    return ", ".join(str(getattr(CaseFile._meta.get_field(name), "verbose_name", name)) for name in names if _is_field(name))


def _is_field(name: str) -> bool:
    try:
        CaseFile._meta.get_field(name)
    except FieldDoesNotExist:  # an event written by an older version may name a field that is gone
        return False
    return True


def _describe(event: CaseEvent) -> tuple[str, list[str], str]:
    data, details, reason = event.data or {}, [], ""
    if event.kind == CaseEventKind.OPENED:
        title = gettext("Case opened")
        if data.get("request"):
            details.append(gettext("From request %(reference)s") % {"reference": data["request"]})
        if data.get("channel"):
            details.append(gettext("Channel: %s") % _label(Channel, data["channel"]))
        for name in data.get("not_carried_over", []):
            details.append(gettext("Not carried over, the name is incomplete: %(name)s. Add them to the case.") % {"name": name})
    elif event.kind == CaseEventKind.STATUS:
        title = f"{_label(CaseStatus, data.get('from'))} → {_label(CaseStatus, data.get('to'))}"
        reason = data.get("reason", "")
    elif event.kind == CaseEventKind.UPDATED:
        title = gettext("Details changed")
        if data.get("fields"):
            details.append(_field_names(data["fields"]))
    elif event.kind == CaseEventKind.ASSIGNED:
        title = gettext("Coordinator assigned: %(name)s") % {"name": event.summary}
    elif event.kind == CaseEventKind.PARTICIPANT:
        template = gettext("Person removed: %(name)s") if "removed" in data else gettext("Person added: %(name)s")
        title = template % {"name": event.summary}
        if data.get("role"):
            details.append(_label(ParticipantRole, data["role"]))
    else:
        title = event.get_kind_display()
        if event.summary:
            details.append(event.summary)
    return title, details, reason


def timeline_items(events: Iterable[CaseEvent]) -> list[TimelineItem]:
    items = []
    for event in events:
        title, details, reason = _describe(event)
        actor = str(event.actor) if event.actor else gettext("the system")
        items.append(TimelineItem(title=title, actor=actor, at=event.at, reason=reason, details=details))
    return items
