"""State machines as data: each workflow's states.py holds one table of allowed transitions,
(from, to) -> what the transition needs besides who and when, and reads it through this."""

from __future__ import annotations

from collections.abc import Mapping


class StateMachine:
    def __init__(self, transitions: Mapping[tuple[str, str], Mapping[str, bool]]) -> None:
        self.transitions = transitions

    def allowed_targets(self, status: str) -> list[str]:
        return [to for (frm, to) in self.transitions if frm == status]

    def can_transition(self, status: str, target: str) -> bool:
        return (status, target) in self.transitions

    def needs(self, status: str, target: str) -> Mapping[str, bool]:
        return self.transitions[(status, target)]
