"""The life of a case file, as one table of states and allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


S = CaseStatus

# (from, to): whether the transition needs a written reason.
TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    # Work with the family starts (first meeting held, project being built).
    (S.OPEN, S.ACTIVE): {"reason": False},
    # Opened by mistake or the family declined before anything started.
    (S.OPEN, S.CLOSED): {"reason": True},
    (S.ACTIVE, S.CLOSING): {"reason": True},
    (S.CLOSING, S.ACTIVE): {"reason": True},
    (S.CLOSING, S.CLOSED): {"reason": True},
    (S.CLOSED, S.REOPENED): {"reason": True},
    (S.REOPENED, S.ACTIVE): {"reason": False},
    (S.REOPENED, S.CLOSING): {"reason": True},
}

# Cases someone is working on: they count in a coordinator's workload.
OPEN_STATES = frozenset({S.OPEN, S.ACTIVE, S.CLOSING, S.REOPENED})


MACHINE = StateMachine(TRANSITIONS)
allowed_targets = MACHINE.allowed_targets
can_transition = MACHINE.can_transition
needs = MACHINE.needs
