"""A foster family's workflow, one table: applied -> assessment -> approved | not approved;
approved <-> suspended; an application can be withdrawn and a family can stop fostering
(ended) from any state that is not final."""

from __future__ import annotations

from openaef.core.states import StateMachine

from .models import FosterFamilyStatus

F = FosterFamilyStatus

# (from, to) -> needs: "reason" (a written reason), "dates" (the approval's period).
TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (F.APPLIED, F.ASSESSMENT): {"reason": False, "dates": False},
    (F.APPLIED, F.ENDED): {"reason": True, "dates": False},
    (F.ASSESSMENT, F.APPROVED): {"reason": False, "dates": True},
    (F.ASSESSMENT, F.NOT_APPROVED): {"reason": True, "dates": False},
    (F.ASSESSMENT, F.ENDED): {"reason": True, "dates": False},
    (F.APPROVED, F.SUSPENDED): {"reason": True, "dates": False},
    (F.APPROVED, F.ENDED): {"reason": True, "dates": False},
    (F.SUSPENDED, F.APPROVED): {"reason": False, "dates": False},
    (F.SUSPENDED, F.ENDED): {"reason": True, "dates": False},
}

MACHINE = StateMachine(TRANSITIONS)

# An approval can be renewed while the family is approved or suspended.
RENEWABLE = frozenset({F.APPROVED, F.SUSPENDED})
# The family's details, household and training can change until it stops fostering.
EDITABLE = frozenset({F.APPLIED, F.ASSESSMENT, F.APPROVED, F.SUSPENDED})
