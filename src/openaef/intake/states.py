"""The life of a request for help, as one table of states and allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_TRIAGE = "in_triage", _("In triage")
    ACCEPTED = "accepted", _("Accepted and assigned")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = RequestStatus

# (from, to): what the transition needs besides who and when.
TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (S.RECEIVED, S.IN_TRIAGE): {"reason": False},
    (S.RECEIVED, S.WITHDRAWN): {"reason": True},
    (S.IN_TRIAGE, S.ACCEPTED): {"reason": False, "assignment": True},
    (S.IN_TRIAGE, S.REFERRED): {"reason": True, "referred_to": True},
    (S.IN_TRIAGE, S.NOT_ELIGIBLE): {"reason": True},
    (S.IN_TRIAGE, S.WITHDRAWN): {"reason": True},
    # Back to the queue, e.g. when the officer who started triage is away.
    (S.IN_TRIAGE, S.RECEIVED): {"reason": True},
}

FINAL_STATES = frozenset({S.ACCEPTED, S.REFERRED, S.NOT_ELIGIBLE, S.WITHDRAWN})
OPEN_STATES = frozenset({S.RECEIVED, S.IN_TRIAGE})


MACHINE = StateMachine(TRANSITIONS)
allowed_targets = MACHINE.allowed_targets
can_transition = MACHINE.can_transition
needs = MACHINE.needs
