"""How intervention projects look: status tags, the actions a page offers, the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openaef.cases.models import CaseEvent
from openaef.cases.selectors import CaseAccess
from openaef.projects.models import InterventionProject, SignerRole
from openaef.projects.parameters import project_rules
from openaef.projects.states import ProjectStatus, can_transition, needs

from .presentation import HistoryItem, choice_label

S = ProjectStatus

STATUS_TAGS: dict[str, str] = {
    S.DRAFT: "govuk-tag--grey",
    S.PROPOSED: "govuk-tag--yellow",
    S.VALIDATED: "govuk-tag--blue",
    S.AGREED: "govuk-tag--turquoise",
    S.ACTIVE: "govuk-tag--green",
    S.UNDER_EVALUATION: "govuk-tag--purple",
    S.CLOSED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class Action:
    name: str
    target: str
    label: Any
    explanation: Any
    warning: bool = False


# The transitions offered as buttons, by the name in their URL (services.TRANSITION_SERVICES).
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "propose",
            S.PROPOSED,
            _("Propose for validation"),
            _("The project can no longer be changed while it waits. The office's validators are told."),
        ),
        Action(
            "validate",
            S.VALIDATED,
            _("Validate the project"),
            _("The agency validates the project as it is. The family can then sign it."),
        ),
        Action(
            "return",
            S.DRAFT,
            _("Send back to draft"),
            _("Say what must change. Signatures already given for this revision will not count for the next one."),
        ),
        Action(
            "activate",
            S.ACTIVE,
            _("Start the project"),
            _("The project starts on the date below; the first evaluation is scheduled at the pack's interval."),
        ),
        Action("evaluate", S.UNDER_EVALUATION, _("Start the evaluation"), _("Then record what the evaluation found.")),
        Action("close", S.CLOSED, _("Close the project"), _("A closed project cannot be reopened."), warning=True),
    )
}


def offered_actions(project: InterventionProject, access: CaseAccess, can_validate: bool) -> list[Action]:
    """The transitions this user may take now (the services check again)."""
    offered = []
    for action in ACTIONS.values():
        if not can_transition(project.status, action.target) or needs(project.status, action.target).get("signatures"):
            continue
        if action.name == "validate":
            allowed = can_validate
        elif action.name == "return" and project.status == S.PROPOSED:
            allowed = access.can_edit or can_validate
        else:
            allowed = access.can_edit
        if allowed:
            offered.append(action)
    return offered


def action_url(project: InterventionProject, action: str) -> str:
    if action == "validate":
        return reverse("backoffice:project_validate", args=[project.case_id, project.pk])
    return reverse("backoffice:project_transition", args=[project.case_id, project.pk, action])


def _event_title(data: dict[str, Any]) -> str:
    if "assessment" in data:
        return gettext("Needs assessed")
    action = data.get("action")
    if action == "saved":
        return gettext("Saved (revision %(revision)s, save %(save)s)") % {
            "revision": data.get("revision"),
            "save": data.get("save"),
        }
    if action == "signed":
        return gettext("Signed by: %s") % choice_label(SignerRole, data.get("role"))
    if not data.get("from"):
        return gettext("Project started")
    return f"{choice_label(ProjectStatus, data.get('from'))} → {choice_label(ProjectStatus, data.get('to'))}"


def history_items(events: Iterable[CaseEvent]) -> list[HistoryItem]:
    system = gettext("the system")
    items = []
    for event in events:
        details = []
        if event.data.get("domains"):
            rules = project_rules()
            labels = [(rules.domain(code).label if rules.domain(code) else code) for code in event.data["domains"]]
            details.append(", ".join(labels))
        items.append(
            HistoryItem(
                title=_event_title(event.data),
                actor=str(event.actor) if event.actor else system,
                at=event.at,
                reason=event.data.get("reason", ""),
                details=details,
            )
        )
    return items
