"""A call's workflow as one table: open -> closed (with its outcome)."""

from __future__ import annotations

from openaef.core.states import StateMachine

from .models import CallStatus, FollowUpStatus

S = CallStatus

CALL_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (S.OPEN, S.CLOSED): {"outcome": True},
}

CALL_MACHINE = StateMachine(CALL_TRANSITIONS)

F = FollowUpStatus

# Closed when the family no longer needs it (seed 002); a new call about the child opens another.
FOLLOW_UP_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (F.OPEN, F.CLOSED): {"closing_note": True},
}

FOLLOW_UP_MACHINE = StateMachine(FOLLOW_UP_TRANSITIONS)
