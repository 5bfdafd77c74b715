"""How file-access requests read on the staff pages: the deadline and whether it has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

from openaef.rights.models import (
    AccessAppointment,
    AccessEventKind,
    AppointmentStatus,
    FileAccessRequest,
    FileAccessRequestEvent,
)
from openaef.rights.states import ANSWERED_STATES


@dataclass(frozen=True)
class AccessRow:
    request: FileAccessRequest
    overdue: bool


def is_overdue(access_request: FileAccessRequest, today: date | None = None) -> bool:
    """Past its due date with no answer yet (the file not consulted, the request not closed)."""
    today = today or timezone.localdate()
    return access_request.status not in ANSWERED_STATES and access_request.due_on < today


def access_rows(requests: list[FileAccessRequest]) -> list[AccessRow]:
    today = timezone.localdate()
    return [AccessRow(request=r, overdue=is_overdue(r, today)) for r in requests]


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str
    actor: str
    reason: str


def history_lines(events: list[FileAccessRequestEvent]) -> list[HistoryLine]:
    """Each step of the request in words: a status by its name, other steps by their kind, with
    the appointment's time where there is one (data written by rights.services_appointments)."""
    lines = []
    for event in events:
        text = str(event.get_to_status_display()) if event.kind == AccessEventKind.STATUS else str(event.get_kind_display())
        starts = event.data.get("starts_at") if isinstance(event.data, dict) else None
        if starts and event.kind != AccessEventKind.STATUS:
            moment = timezone.localtime(datetime.fromisoformat(starts))
            text = f"{text}: {date_format(moment, 'SHORT_DATETIME_FORMAT')}"
        actor = (event.actor.full_name or event.actor.email) if event.actor else ""
        lines.append(HistoryLine(at=event.at, text=text, actor=actor, reason=event.reason))
    return lines


def active_appointment(appointments: list[AccessAppointment]) -> AccessAppointment | None:
    return next((a for a in appointments if a.status == AppointmentStatus.OFFERED), None)
