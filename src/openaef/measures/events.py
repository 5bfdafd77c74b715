"""A measure's own history: every service that changes a measure or its referral records one
event here (and, for the agency's eyes, one line on the case's timeline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Measure, MeasureEvent


def measure_event_record(*, measure: Measure, actor: Any, kind: str, on: dt.date | None = None, reason: str = "") -> MeasureEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return MeasureEvent.objects.create(measure=measure, actor=user, kind=kind, on=on, reason=reason)
