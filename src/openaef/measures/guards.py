"""What other apps hang on a measure and must settle before it ends or is withdrawn.

The measures app cannot import the apps built on it (placements import measures), so those apps
register a guard here when they load (``AppConfig.ready``). A guard returns the message to show
when the move must not happen, or an empty string. Only the measure's page is refused this way:
the app's own service settles its record first (a placement's discharge ends its placement, then
ends the measure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

Guard = Callable[[Any, str], str]

_GUARDS: list[Guard] = []


def register(guard: Guard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def refusal(measure: Any, target: str) -> str:
    """The first registered guard's refusal of moving ``measure`` to ``target``, or ''."""
    for guard in _GUARDS:
        message = guard(measure, target)
        if message:
            return message
    return ""


def check(measure: Any, target: str) -> None:
    message = refusal(measure, target)
    if message:
        raise ValidationError({"reason": message})


# A month's activity, once another app has taken it further (finance: the provider's statement of
# that month was sent), no longer changes; the guard returns the message to show, or ''.
ActivityGuard = Callable[[Any, Any], str]

_ACTIVITY_GUARDS: list[ActivityGuard] = []


def register_activity(guard: ActivityGuard) -> None:
    if guard not in _ACTIVITY_GUARDS:
        _ACTIVITY_GUARDS.append(guard)


def check_activity(measure: Any, month: Any) -> None:
    """Call inside the transaction that records the activity (a guard may lock rows)."""
    for guard in _ACTIVITY_GUARDS:
        message = guard(measure, month)
        if message:
            raise ValidationError({"month": message})
