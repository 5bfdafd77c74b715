"""How file-access requests read on the staff pages: the deadline and whether it has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


def _release_counts(data: dict[str, object]) -> str:
    """The decisions counted when a copy was released (data written by rights.services_export)."""
    if not all(isinstance(data.get(key), int) for key in ("released", "redacted", "withheld")):
        return ""
    return _("%(released)s items released, %(redacted)s redacted, %(withheld)s withheld") % {
        "released": data["released"],
        "redacted": data["redacted"],
        "withheld": data["withheld"],
    }


def history_lines(events: list[FileAccessRequestEvent]) -> list[HistoryLine]:
    """Each step of the request in words: a status by its name, other steps by their kind, with
    the appointment's time where there is one (data written by rights.services_appointments) and
    what a released copy held (rights.services_export)."""
    lines = []
    for event in events:
        text = str(event.get_to_status_display()) if event.kind == AccessEventKind.STATUS else str(event.get_kind_display())
        data = event.data if isinstance(event.data, dict) else {}
        starts = data.get("starts_at")
        if starts and event.kind != AccessEventKind.STATUS:
            moment = timezone.localtime(datetime.fromisoformat(starts))
            text = f"{text}: {date_format(moment, 'SHORT_DATETIME_FORMAT')}"
        counts = _release_counts(data) if event.kind == AccessEventKind.EXPORT_RELEASED else ""
        if counts:
            text = f"{text}: {counts}"
        actor = (event.actor.full_name or event.actor.email) if event.actor else ""
        lines.append(HistoryLine(at=event.at, text=text, actor=actor, reason=event.reason))
    return lines


def active_appointment(appointments: list[AccessAppointment]) -> AccessAppointment | None:
    return next((a for a in appointments if a.status == AppointmentStatus.OFFERED), None)
