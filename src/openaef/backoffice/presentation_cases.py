"""How a case's states, actions and timeline read, in the reader's language (the events store data)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openaef.cases.models import CaseEvent, CaseEventKind, CaseFile, ParticipantRole
from openaef.cases.states import CaseStatus
from openaef.consents.states import ComplaintStatus, ConsentStatus
from openaef.finance.states import AidStatus, AssessmentStatus
from openaef.intake.models import Channel
from openaef.measures.states import MeasureStatus, ReportStatus
from openaef.placements.models import PlacementStatus
from openaef.projects.states import ProjectStatus

from .presentation import HistoryItem, choice_label, field_labels

CASE_STATUS_TAGS: dict[str, str] = {
    CaseStatus.OPEN: "govuk-tag--blue",
    CaseStatus.ACTIVE: "govuk-tag--green",
    CaseStatus.CLOSING: "govuk-tag--yellow",
    CaseStatus.CLOSED: "govuk-tag--grey",
    CaseStatus.REOPENED: "govuk-tag--purple",
}

# What each transition is called on the button that performs it, by target state.
TRANSITION_LABELS: dict[str, Any] = {
    CaseStatus.ACTIVE: _("Start or resume the work"),
    CaseStatus.CLOSING: _("Start closing"),
    CaseStatus.CLOSED: _("Close the case"),
    CaseStatus.REOPENED: _("Reopen the case"),
}


# Timeline events of other workflows whose data says {"from": state, "to": state}.
_STATUS_CHOICES: dict[str, Any] = {
    CaseEventKind.PROJECT: ProjectStatus,
    CaseEventKind.MEASURE: MeasureStatus,
    CaseEventKind.REPORT: ReportStatus,
    CaseEventKind.PLACEMENT: PlacementStatus,
    CaseEventKind.CONSENT: ConsentStatus,
    CaseEventKind.COMPLAINT: ComplaintStatus,
    CaseEventKind.CONTRIBUTION: AssessmentStatus,
    CaseEventKind.AID: AidStatus,
}


def _describe(event: CaseEvent) -> tuple[str, list[str], str]:
    data, details, reason = event.data or {}, [], ""
    if event.kind == CaseEventKind.OPENED:
        title = gettext("Case opened")
        if data.get("request"):
            details.append(gettext("From request %(reference)s") % {"reference": data["request"]})
        if data.get("channel"):
            details.append(gettext("Channel: %s") % choice_label(Channel, data["channel"]))
        for name in data.get("not_carried_over", []):
            details.append(gettext("Not carried over, the name is incomplete: %(name)s. Add them to the case.") % {"name": name})
    elif event.kind == CaseEventKind.STATUS:
        title = f"{choice_label(CaseStatus, data.get('from'))} → {choice_label(CaseStatus, data.get('to'))}"
        reason = data.get("reason", "")
    elif event.kind == CaseEventKind.UPDATED:
        title = gettext("Details changed")
        if data.get("fields"):
            details.append(field_labels(CaseFile, data["fields"]))
    elif event.kind == CaseEventKind.ASSIGNED:
        title = gettext("Coordinator assigned: %(name)s") % {"name": event.summary}
    elif event.kind == CaseEventKind.PARTICIPANT:
        template = gettext("Person removed: %(name)s") if "removed" in data else gettext("Person added: %(name)s")
        title = template % {"name": event.summary}
        if data.get("role"):
            details.append(choice_label(ParticipantRole, data["role"]))
    elif event.kind in _STATUS_CHOICES and data.get("to"):
        # {"from": ..., "to": ...} in the workflow's own states; the summary names the thing
        # (a measure type's code, a report's kind) as data.
        title = f"{event.get_kind_display()}: {choice_label(_STATUS_CHOICES[event.kind], data['to'])}"
        if event.summary:
            details.append(event.summary)
        reason = data.get("reason", "")
    else:
        title = event.get_kind_display()
        if event.summary:
            details.append(event.summary)
    return title, details, reason


def timeline_items(events: Iterable[CaseEvent]) -> list[HistoryItem]:
    items = []
    for event in events:
        title, details, reason = _describe(event)
        actor = str(event.actor) if event.actor else gettext("the system")
        items.append(HistoryItem(title=title, actor=actor, at=event.at, reason=reason, details=details))
    return items


def case_rows(cases: Iterable[CaseFile], today: date) -> list[dict[str, Any]]:
    """What each row of a case list shows, as strings in the reader's language (prepared here,
    as the inbox's rows are: model attributes, choice labels and plural tags in the template
    cost more than the page's SQL). ``case`` stays in the row for the tests and the audit."""
    statuses = dict(CaseStatus.choices)
    no_coordinator = gettext("No coordinator yet")
    rows = []
    for case in cases:
        age = case.child.age_on(today)
        rows.append(
            {
                "case": case,
                "href": reverse("backoffice:case_detail", args=[case.pk]),
                "reference": case.reference,
                "child": case.child.full_name,
                "age": ngettext("%(age)s year", "%(age)s years", age) % {"age": age} if age is not None else "",
                "status": str(statuses.get(case.status, case.status)),
                "status_tag": CASE_STATUS_TAGS.get(case.status, ""),
                "opened_iso": case.opened_on.isoformat(),
                "opened": formats.date_format(case.opened_on, "SHORT_DATE_FORMAT"),
                "office": case.office.locality or str(case.office),
                "coordinator": str(case.coordinator) if case.coordinator else no_coordinator,
            }
        )
    return rows
