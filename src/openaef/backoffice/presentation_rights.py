"""How file-access requests read on the staff pages: the deadline and whether it has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from openaef.rights.models import FileAccessRequest
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
