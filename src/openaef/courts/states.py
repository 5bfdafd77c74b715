"""A remedy's workflow as one table: lodged -> decided (with the outcome) | withdrawn."""

from __future__ import annotations

from openaef.core.states import StateMachine

from .models import RemedyStatus

R = RemedyStatus

REMEDY_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (R.LODGED, R.DECIDED): {"outcome": True},
    (R.LODGED, R.WITHDRAWN): {"outcome": False},
}

REMEDY_MACHINE = StateMachine(REMEDY_TRANSITIONS)
