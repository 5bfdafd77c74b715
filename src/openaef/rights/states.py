"""The life of a file-access request (AEF law art. 7, GDPR art. 15), as one table of states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class AccessStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IDENTITY_CHECKED = "identity_checked", _("Identity checked")
    APPOINTMENT_OFFERED = "appointment_offered", _("Appointment offered")
    CONSULTED = "consulted", _("File consulted")
    CLOSED = "closed", _("Closed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = AccessStatus

# (from, to): what the transition needs besides who and when.
TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (S.RECEIVED, S.IDENTITY_CHECKED): {"reason": False, "identity": True},
    (S.IDENTITY_CHECKED, S.APPOINTMENT_OFFERED): {"reason": False},
    (S.APPOINTMENT_OFFERED, S.CONSULTED): {"reason": False},
    # A person who walks in once their identity is checked may read the file there and then.
    (S.IDENTITY_CHECKED, S.CONSULTED): {"reason": False},
    (S.CONSULTED, S.CLOSED): {"reason": False},
    # A refusal must be reasoned (GDPR art. 12(4): the person is told why and how to complain).
    (S.RECEIVED, S.REFUSED): {"reason": True},
    (S.IDENTITY_CHECKED, S.REFUSED): {"reason": True},
    (S.APPOINTMENT_OFFERED, S.REFUSED): {"reason": True},
    (S.RECEIVED, S.WITHDRAWN): {"reason": True},
    (S.IDENTITY_CHECKED, S.WITHDRAWN): {"reason": True},
    (S.APPOINTMENT_OFFERED, S.WITHDRAWN): {"reason": True},
}

OPEN_STATES = frozenset({S.RECEIVED, S.IDENTITY_CHECKED, S.APPOINTMENT_OFFERED})
FINAL_STATES = frozenset({S.CLOSED, S.REFUSED, S.WITHDRAWN})
# The answer the deadline is about has been given once the file was consulted.
ANSWERED_STATES = frozenset({S.CONSULTED}) | FINAL_STATES

MACHINE = StateMachine(TRANSITIONS)
allowed_targets = MACHINE.allowed_targets
can_transition = MACHINE.can_transition
needs = MACHINE.needs
