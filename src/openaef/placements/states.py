"""A placement's workflow, one table: planned (the legal basis is recorded) -> active (the child
is admitted to the first place) -> ended (discharge). Transfers happen while active and do not
change the state: they close one stay and open the next."""

from __future__ import annotations

from openaef.core.states import StateMachine

from .models import PlacementStatus

P = PlacementStatus

PLACEMENT_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (P.PLANNED, P.ACTIVE): {"reason": False},
    (P.ACTIVE, P.ENDED): {"reason": False},
}

PLACEMENT_MACHINE = StateMachine(PLACEMENT_TRANSITIONS)

# Placements counted by the six-monthly list and the foster families' places.
CURRENT_STATES = frozenset({P.ACTIVE, P.ENDED})
