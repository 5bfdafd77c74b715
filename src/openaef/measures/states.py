"""Two workflows, each one table: a measure of a case, and a referral of it to a provider's service.

Measure: planned (in the project) -> referred (a referral is out) -> waiting (on the provider's
waiting list) -> accepted -> active (started) <-> suspended -> ended. Declined referrals put the
measure back to planned so that it can be referred elsewhere; a measure can be withdrawn before
it starts. A "direct" transition (planned -> active) is taken only by a placement's admission where
the pack allows it without a provider's prior acceptance (an urgent priority placement, a foster
family); the measure page never offers it.

Referral: sent -> accepted | waiting | declined; waiting -> accepted | declined; any open
referral can be withdrawn by the agency.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.states import StateMachine


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REFERRED = "referred", _("Referred to a provider")
    WAITING = "waiting", _("On a waiting list")
    ACCEPTED = "accepted", _("Accepted, not started")
    ACTIVE = "active", _("Under way")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


M = MeasureStatus

MEASURE_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (M.PLANNED, M.REFERRED): {"reason": False},
    (M.PLANNED, M.WITHDRAWN): {"reason": True},
    (M.REFERRED, M.ACCEPTED): {"reason": False},
    (M.REFERRED, M.WAITING): {"reason": False},
    (M.REFERRED, M.PLANNED): {"reason": True},  # declined or referral withdrawn
    (M.REFERRED, M.WITHDRAWN): {"reason": True},
    (M.WAITING, M.ACCEPTED): {"reason": False},
    (M.WAITING, M.PLANNED): {"reason": True},
    (M.WAITING, M.WITHDRAWN): {"reason": True},
    (M.PLANNED, M.ACTIVE): {"reason": False, "direct": True},
    (M.ACCEPTED, M.ACTIVE): {"reason": False},
    (M.ACCEPTED, M.WITHDRAWN): {"reason": True},
    (M.ACTIVE, M.SUSPENDED): {"reason": True},
    (M.ACTIVE, M.ENDED): {"reason": True},
    (M.SUSPENDED, M.ACTIVE): {"reason": False},
    (M.SUSPENDED, M.ENDED): {"reason": True},
}

# Measures that occupy a place at the provider (capacity) and count on the case page.
RUNNING_STATES = frozenset({M.ACTIVE, M.SUSPENDED})
OPEN_MEASURE_STATES = frozenset({M.PLANNED, M.REFERRED, M.WAITING, M.ACCEPTED, M.ACTIVE, M.SUSPENDED})


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the agency")


R = ReferralStatus

REFERRAL_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (R.SENT, R.ACCEPTED): {"reason": False},
    (R.SENT, R.WAITING): {"reason": False},
    (R.SENT, R.DECLINED): {"reason": True},
    (R.SENT, R.WITHDRAWN): {"reason": True},
    (R.WAITING, R.ACCEPTED): {"reason": False},
    (R.WAITING, R.DECLINED): {"reason": True},
    (R.WAITING, R.WITHDRAWN): {"reason": True},
}

# Referrals the provider still has to act on (its inbox by default).
OPEN_REFERRAL_STATES = frozenset({R.SENT, R.WAITING})


class ReportKind(models.TextChoices):
    INITIAL = "initial", _("Initial report")
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Being written by the provider")
    SUBMITTED = "submitted", _("Sent to the agency")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Sent back to the provider")


P = ReportStatus

REPORT_TRANSITIONS: dict[tuple[str, str], dict[str, bool]] = {
    (P.DRAFT, P.SUBMITTED): {"reason": False},
    (P.SUBMITTED, P.VALIDATED): {"reason": False},
    (P.SUBMITTED, P.RETURNED): {"reason": True},
    (P.RETURNED, P.SUBMITTED): {"reason": False},
}

# The provider may change the text only in these states.
REPORT_EDITABLE = frozenset({P.DRAFT, P.RETURNED})

MEASURE_MACHINE = StateMachine(MEASURE_TRANSITIONS)
REFERRAL_MACHINE = StateMachine(REFERRAL_TRANSITIONS)
REPORT_MACHINE = StateMachine(REPORT_TRANSITIONS)
