"""Two workflows, each one table: a request for the parents' consent to a special act, and a
parents' complaint.

Consent request: asked -> agreed | refused (from the parents' answers, see ``outcome``) | no
answer (once the deadline has passed) | withdrawn. A late answer after "no answer" is still
recorded and decides the request. In a judicial case a refusal or no answer can be referred to
the youth court (referred), which then decides in the parents' place (seed 002; bill 7994: the
court decides non-usual acts that need parental consent): its ruling ends the request as allowed
by the court (the act may go ahead without the parents' consent) or refused by the court (it may
not). Agreed, withdrawn and the court's two outcomes are final; a referred request is not
withdrawn: the court has it.

Complaint: received -> assigned (to a coordinator; may be assigned again) -> answered; it can be
withdrawn before it is answered.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class ConsentStatus(models.TextChoices):
    ASKED = "asked", _("Asked, waiting for the answer")
    AGREED = "agreed", _("Agreed")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer by the deadline")
    REFERRED = "referred", _("Referred to the court")
    COURT_ALLOWED = "court_allowed", _("Allowed by the court")
    COURT_REFUSED = "court_refused", _("Refused by the court")
    WITHDRAWN = "withdrawn", _("Withdrawn")


C = ConsentStatus

# "judicial": only in a case whose framework is judicial.
CONSENT_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (C.ASKED, C.AGREED): {"reason": False, "judicial": False},
    (C.ASKED, C.REFUSED): {"reason": False, "judicial": False},
    (C.ASKED, C.NO_ANSWER): {"reason": False, "judicial": False},
    (C.ASKED, C.WITHDRAWN): {"reason": True, "judicial": False},
    (C.NO_ANSWER, C.AGREED): {"reason": False, "judicial": False},
    (C.NO_ANSWER, C.REFUSED): {"reason": False, "judicial": False},
    (C.NO_ANSWER, C.REFERRED): {"reason": False, "judicial": True},
    (C.NO_ANSWER, C.WITHDRAWN): {"reason": True, "judicial": False},
    (C.REFUSED, C.REFERRED): {"reason": False, "judicial": True},
    (C.REFUSED, C.WITHDRAWN): {"reason": True, "judicial": False},
    # The court rules on what was referred to it; the referral already required a judicial case.
    (C.REFERRED, C.COURT_ALLOWED): {"reason": False, "judicial": False},
    (C.REFERRED, C.COURT_REFUSED): {"reason": False, "judicial": False},
}

# Answers may be recorded while the request waits for them (a late answer included).
ANSWERABLE = frozenset({C.ASKED, C.NO_ANSWER})
# Still waiting for someone: the parents, the coordinator's next step, or the court.
OPEN_CONSENT_STATES = frozenset({C.ASKED, C.NO_ANSWER, C.REFUSED, C.REFERRED})


class CourtRuling(models.TextChoices):
    """What the youth court ruled on a referred request, in the parents' place."""

    ALLOWED = "allowed", _("The court allowed it")
    REFUSED = "refused", _("The court refused it")


# The request's final state for each ruling.
RULING_STATUS: dict[str, str] = {CourtRuling.ALLOWED: C.COURT_ALLOWED, CourtRuling.REFUSED: C.COURT_REFUSED}


class Answer(models.TextChoices):
    AGREE = "agree", _("Agrees")
    REFUSE = "refuse", _("Refuses")


def outcome(asked: Iterable[int], answers: dict[int, str]) -> str | None:
    """The request's status from the answers of the parents asked (person id -> answer).

    The rule: one refusal is enough to refuse (a special act needs the consent of those who hold
    parental authority, and any one of them may object); the request is agreed only when every
    parent asked has agreed. None: still waiting for someone.
    """
    asked = set(asked)
    given = {pk: answer for pk, answer in answers.items() if pk in asked}
    if Answer.REFUSE in given.values():
        return C.REFUSED
    if asked and set(given) == asked:
        return C.AGREED
    return None


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


P = ComplaintStatus

COMPLAINT_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (P.RECEIVED, P.ASSIGNED): {"reason": False},
    (P.ASSIGNED, P.ASSIGNED): {"reason": False},  # given to someone else
    (P.ASSIGNED, P.ANSWERED): {"reason": False},
    (P.RECEIVED, P.WITHDRAWN): {"reason": True},
    (P.ASSIGNED, P.WITHDRAWN): {"reason": True},
}

OPEN_COMPLAINT_STATES = frozenset({P.RECEIVED, P.ASSIGNED})

CONSENT_MACHINE = StateMachine(CONSENT_TRANSITIONS)
COMPLAINT_MACHINE = StateMachine(COMPLAINT_TRANSITIONS)
