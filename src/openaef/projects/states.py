"""The life of an intervention project, as one table of states and allowed transitions.

draft -> proposed (submitted for validation) -> validated by the agency -> agreed and signed by
the family -> active -> under evaluation -> active again, revised (back to draft as a new
revision) or closed. A proposed project can be sent back to draft with a reason; a draft or
proposed project can be abandoned (closed) with a reason.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed for validation")
    VALIDATED = "validated", _("Validated by the agency")
    AGREED = "agreed", _("Agreed and signed by the family")
    ACTIVE = "active", _("Active")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    CLOSED = "closed", _("Closed")


S = ProjectStatus

# (from, to): what the transition needs besides who and when.
#   reason: a written reason; validator: someone allowed to validate (not the author where the
#   pack says so); signatures: every required signature of the current revision is recorded.
TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (S.DRAFT, S.PROPOSED): {"reason": False},
    (S.DRAFT, S.CLOSED): {"reason": True},
    (S.PROPOSED, S.DRAFT): {"reason": True},
    (S.PROPOSED, S.VALIDATED): {"reason": False, "validator": True},
    (S.PROPOSED, S.CLOSED): {"reason": True},
    # Reached by recording the last required signature, never chosen by hand.
    (S.VALIDATED, S.AGREED): {"reason": False, "signatures": True},
    # The family refuses or the situation changed before signing: back to draft.
    (S.VALIDATED, S.DRAFT): {"reason": True},
    (S.AGREED, S.ACTIVE): {"reason": False},
    (S.ACTIVE, S.UNDER_EVALUATION): {"reason": False},
    (S.ACTIVE, S.CLOSED): {"reason": True},
    (S.UNDER_EVALUATION, S.ACTIVE): {"reason": False},
    # Revise: the evaluation calls for new goals or measures; a new revision goes through
    # validation and signature again.
    (S.UNDER_EVALUATION, S.DRAFT): {"reason": True},
    (S.UNDER_EVALUATION, S.CLOSED): {"reason": True},
}

# The project content can be changed only in these states.
EDITABLE_STATES = frozenset({S.DRAFT})
# A project that counts as the case's current one (one at a time per case).
CURRENT_STATES = frozenset({S.DRAFT, S.PROPOSED, S.VALIDATED, S.AGREED, S.ACTIVE, S.UNDER_EVALUATION})

MACHINE = StateMachine(TRANSITIONS)
allowed_targets = MACHINE.allowed_targets
can_transition = MACHINE.can_transition
needs = MACHINE.needs
