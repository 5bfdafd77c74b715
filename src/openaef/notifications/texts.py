"""How a notification reads, in the reader's language, from its kind and parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Notification, NotificationKind

K = NotificationKind


def _texts() -> dict[str, str]:
    # Built at call time so that gettext uses the active language.
    return {
        K.REFERRAL_RECEIVED: _("New referral %(reference)s for %(service)s."),
        K.REFERRAL_ACCEPTED: _("Referral %(reference)s was accepted."),
        K.REFERRAL_WAITING: _("Referral %(reference)s was put on the waiting list (position %(position)s)."),
        K.REFERRAL_DECLINED: _("Referral %(reference)s was declined."),
        K.REPORT_DUE: _("A report for %(reference)s is due on %(due_on)s."),
        K.REPORT_RECEIVED: _("A report for %(reference)s was received and waits for validation."),
        K.REPORT_RETURNED: _("The report for %(reference)s was sent back to you."),
        K.PROJECT_TO_VALIDATE: _("The intervention project of case %(reference)s waits for validation."),
        K.PROJECT_VALIDATED: _("The intervention project of case %(reference)s was validated."),
        K.PROJECT_RETURNED: _("The intervention project of case %(reference)s was sent back to you."),
        K.EVALUATION_DUE: _("The evaluation of the project of case %(reference)s is due on %(due_on)s."),
        K.MEASURE_ENDING: _("A measure of case %(reference)s ends on %(ends_on)s."),
        K.COMPLAINT_ASSIGNED: _("A complaint in case %(reference)s was assigned to you: the answer is due on %(due_on)s."),
        K.FOSTER_APPROVAL_ENDING: _("The approval of foster family %(reference)s ends on %(ends_on)s."),
        K.STATEMENT_SUBMITTED: _("The statement of %(reference)s for %(month)s waits for validation."),
        K.STATEMENT_RETURNED: _("Your statement for %(month)s (%(reference)s) was sent back: see why and correct it."),
        K.AID_PROPOSED: _("Financial help %(reference)s was proposed and waits for a decision."),
        K.ACCESS_REQUEST_RECEIVED: _("File-access request %(reference)s was received: the answer is due on %(due_on)s."),
        K.ACCESS_REQUEST_DUE: _("The answer to file-access request %(reference)s is due on %(due_on)s."),
        K.RETENTION_RUN_DONE: _("Retention run %(reference)s, as of %(as_of)s, finished: see its report."),
        K.HOTLINE_HANDOVER: _("116 000 call %(reference)s was handed over to the police at night: follow it up."),
    }


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "…"


# Params that hold a date, stored as ISO text: shown in the reader's date format.
_DATE_PARAMS = frozenset({"due_on", "ends_on", "starts_on", "as_of"})


def _shown(key: str, value: Any) -> Any:
    if key in _DATE_PARAMS and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return value


def notification_text(notification: Notification) -> str:
    template = _texts().get(notification.kind, "")
    params = {key: _shown(key, value) for key, value in (notification.params or {}).items()}
    return template % _Missing(params)
