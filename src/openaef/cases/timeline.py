"""The case's timeline: every service that changes a case records one event here."""

from __future__ import annotations

from typing import Any

from .models import CaseEvent, CaseFile


def case_event_record(
    *, case: CaseFile, actor: Any, kind: str, summary: str = "", data: dict[str, Any] | None = None
) -> CaseEvent:
    """One line of the timeline. ``summary`` is stored untranslated data (a title, a file name);
    how an event reads is decided when it is shown, in the reader's language."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return CaseEvent.objects.create(case=case, actor=user, kind=kind, summary=summary[:300], data=data or {})
