"""How states and priorities look: a GOV.UK tag colour each (the tag's text carries the meaning)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openaef.directory.models import Office
from openaef.intake.models import Channel, HelpRequest, HelpRequestEvent, Priority, RequestEventKind
from openaef.intake.states import RequestStatus

STATUS_TAGS: dict[str, str] = {
    RequestStatus.RECEIVED: "govuk-tag--blue",
    RequestStatus.IN_TRIAGE: "govuk-tag--yellow",
    RequestStatus.ACCEPTED: "govuk-tag--green",
    RequestStatus.REFERRED: "govuk-tag--purple",
    RequestStatus.NOT_ELIGIBLE: "govuk-tag--grey",
    RequestStatus.WITHDRAWN: "govuk-tag--grey",
}

PRIORITY_TAGS: dict[int, str] = {
    Priority.URGENT: "govuk-tag--red",
    Priority.HIGH: "govuk-tag--orange",
    Priority.NORMAL: "govuk-tag--grey",
}

# What each transition is called on the button that performs it.
ACTION_LABELS: dict[str, Any] = {
    RequestStatus.IN_TRIAGE: _("Start triage"),
    RequestStatus.ACCEPTED: _("Accept and assign"),
    RequestStatus.REFERRED: _("Refer elsewhere"),
    RequestStatus.NOT_ELIGIBLE: _("Not eligible"),
    RequestStatus.WITHDRAWN: _("Withdrawn by the family"),
    RequestStatus.RECEIVED: _("Back to the queue"),
}


@dataclass
class HistoryItem:
    """One entry of a history as backoffice/includes/timeline.html shows it (a request's, a
    case's, a person's)."""

    title: str
    actor: str
    at: datetime
    reason: str = ""
    details: list[str] = field(default_factory=list)


def choice_label(choices: Any, value: Any) -> str:
    """The label of a stored choice, or the value itself when the choice no longer exists."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def field_labels(model: type[models.Model], names: Iterable[str]) -> str:
    """The fields an event names, by their verbose names ("surname, date of birth"); a field
    renamed since the event was written is shown by its stored name."""
    labels = []
    for name in names:
        try:
            labels.append(str(getattr(model._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels)


def history_items(events: Iterable[HelpRequestEvent], offices: list[Office], help_request: HelpRequest) -> list[HistoryItem]:
    """The request's history as the timeline shows it: what changed, who, when and why."""
    office_names = {o.code: str(o) for o in offices}
    items = []
    for event in events:
        details: list[str] = []
        if event.kind == RequestEventKind.CREATED:
            title = gettext("Request received")
            if event.data.get("channel"):
                details.append(gettext("Channel: %s") % choice_label(Channel, event.data["channel"]))
        elif event.kind == RequestEventKind.PRIORITY:
            title = gettext("Priority: %(from)s → %(to)s") % {
                "from": choice_label(Priority, event.data.get("from")),
                "to": choice_label(Priority, event.data.get("to")),
            }
        else:
            title = f"{choice_label(RequestStatus, event.from_status)} → {choice_label(RequestStatus, event.to_status)}"
            if event.data.get("office"):
                details.append(gettext("Regional office: %s") % office_names.get(event.data["office"], event.data["office"]))
            if event.data.get("coordinator") and event.data["coordinator"] == help_request.coordinator_id:
                details.append(gettext("Coordinator: %s") % help_request.coordinator)
            if event.data.get("referred_to"):
                details.append(gettext("Referred to: %s") % event.data["referred_to"])
        if event.actor:
            actor = str(event.actor)
        elif event.kind == RequestEventKind.CREATED:
            actor = gettext("the person asking, online")
        else:
            actor = gettext("the system")
        items.append(HistoryItem(title=title, actor=actor, at=event.at, reason=event.reason, details=details))
    return items


def inbox_rows(items: Iterable[HelpRequest], today: date) -> list[dict[str, Any]]:
    """What each row of the inbox shows, in the reader's language and time zone.

    Prepared here rather than in the template: 25 rows of model attributes, choice labels,
    date filters and plural tags cost more than the page's SQL.
    """
    statuses, priorities, channels = dict(RequestStatus.choices), dict(Priority.choices), dict(Channel.choices)
    no_commune, proposed = gettext("Commune not given"), gettext("proposed")
    rows = []
    for item in items:
        received = timezone.localtime(item.received_at)
        age = item.age_on(today)
        office, is_proposed = item.office, False
        if office is None and item.proposed_office is not None:
            office, is_proposed = item.proposed_office, True
        rows.append(
            {
                "href": reverse("backoffice:request_detail", args=[item.pk]),
                "reference": item.reference,
                "received_iso": dateformat.format(received, "c"),
                "received": formats.date_format(received, "SHORT_DATETIME_FORMAT"),
                "channel": str(channels.get(item.channel, item.channel)),
                "child": item.child_full_name,
                "age": ngettext("%(age)s year", "%(age)s years", age) % {"age": age},
                "commune": str(item.child_commune) if item.child_commune else no_commune,
                "status": str(statuses.get(item.status, item.status)),
                "status_tag": STATUS_TAGS.get(item.status, ""),
                "office": (office.locality or str(office)) if office is not None else "",
                "office_proposed": proposed if is_proposed else "",
                "priority": str(priorities.get(item.priority, item.priority)),
                "priority_tag": PRIORITY_TAGS.get(item.priority, ""),
            }
        )
    return rows
