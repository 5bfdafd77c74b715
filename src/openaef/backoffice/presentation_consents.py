"""How consent requests, everyday acts and complaints look: a tag colour per state (the tag's
text carries the meaning) and their histories from the case's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import gettext

from openaef.cases.models import CaseEvent
from openaef.consents.models import ActKind
from openaef.consents.states import Answer, ComplaintStatus, ConsentStatus

from .presentation import HistoryItem, choice_label

CONSENT_TAGS: dict[str, str] = {
    ConsentStatus.ASKED: "govuk-tag--blue",
    ConsentStatus.AGREED: "govuk-tag--green",
    ConsentStatus.REFUSED: "govuk-tag--red",
    ConsentStatus.NO_ANSWER: "govuk-tag--orange",
    ConsentStatus.REFERRED: "govuk-tag--purple",
    ConsentStatus.COURT_ALLOWED: "govuk-tag--green",
    ConsentStatus.COURT_REFUSED: "govuk-tag--red",
    ConsentStatus.WITHDRAWN: "govuk-tag--grey",
}

COMPLAINT_TAGS: dict[str, str] = {
    ComplaintStatus.RECEIVED: "govuk-tag--blue",
    ComplaintStatus.ASSIGNED: "govuk-tag--yellow",
    ComplaintStatus.ANSWERED: "govuk-tag--green",
    ComplaintStatus.WITHDRAWN: "govuk-tag--grey",
}


def _title(event: CaseEvent, states: type[ConsentStatus] | type[ComplaintStatus]) -> str:
    data = event.data or {}
    if data.get("to"):
        return choice_label(states, data["to"])
    if data.get("answer"):
        return gettext("Answer recorded: %(answer)s") % {"answer": choice_label(Answer, data["answer"])}
    if data.get("court_reference") or data.get("decided_on"):
        return gettext("Court decision recorded")
    return gettext("Changed")


def history(events: Iterable[CaseEvent], complaint: bool = False) -> list[HistoryItem]:
    items = []
    for event in events:
        data = event.data or {}
        details = []
        if data.get("court_reference"):
            details.append(gettext("Court's reference: %(reference)s") % {"reference": data["court_reference"]})
        if data.get("ruling") and data.get("decided_on"):
            day = formats.date_format(dt.date.fromisoformat(data["decided_on"]), "DATE_FORMAT")
            details.append(gettext("Decided by the court on %(day)s") % {"day": day})
        items.append(
            HistoryItem(
                title=_title(event, ComplaintStatus if complaint else ConsentStatus),
                actor=str(event.actor) if event.actor else gettext("the system"),
                at=event.at,
                reason=data.get("reason", ""),
                details=details,
            )
        )
    return items


def act_label(value: str) -> str:
    return choice_label(ActKind, value)
