"""Errors every domain's services raise the same way."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """Someone else changed the record since it was read: the save is refused (no lost update).

    Views catch it, keep what the person typed and show ``message`` with the current version.
    """

    message = _(
        "Someone else changed this record while you were working on it. Your changes were not saved: "
        "check the current version below, then apply them again."
    )


class TransitionNotAllowed(Exception):
    """The state machine has no such transition from the record's current state."""

    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"{current} -> {target}")
        self.current = current
        self.target = target
