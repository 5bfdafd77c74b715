"""A project's content as a snapshot, and what changed between two snapshots.

The snapshot (``ProjectRevision.content``) keeps codes and ISO dates, not labels: it is shown
in the reader's language when compared. The comparison is line by line per section (difflib),
each goal, measure, action or participant being one line, so that a reader sees "this goal was
added, that one changed" rather than a wall of text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openaef.core.i18n import pick

from .models import InterventionProject, Party
from .parameters import project_rules

SECTIONS: list[tuple[str, Any]] = [
    ("summary", gettext_lazy("The situation in a few words")),
    ("goals", gettext_lazy("Goals")),
    ("planned_measures", gettext_lazy("Planned measures")),
    ("actions", gettext_lazy("Who does what")),
    ("participants", gettext_lazy("People who took part")),
    ("language", gettext_lazy("Language of the document")),
]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def snapshot_content(project: InterventionProject) -> dict[str, Any]:
    """Everything the project says, as JSON (five queries)."""
    return {
        "summary": project.summary,
        "language": project.language,
        "goals": [
            {"id": g.pk, "domain": g.domain, "goal": g.goal, "indicators": g.indicators, "target_on": _iso(g.target_on)}
            for g in project.goals.order_by("position", "id")
        ],
        "planned_measures": [
            {
                "id": m.pk,
                "measure_type": m.measure_type.code,
                "measure_name": m.measure_type.name,
                "purpose": m.purpose,
                "intensity": m.intensity,
                "planned_start": _iso(m.planned_start),
                "planned_months": m.planned_months,
            }
            for m in project.planned_measures.select_related("measure_type").order_by("position", "id")
        ],
        "actions": [
            {"id": a.pk, "party": a.party, "who": a.who, "action": a.action, "due_on": _iso(a.due_on)}
            for a in project.actions.order_by("position", "id")
        ],
        "participants": [
            {"id": p.pk, "person": p.person_id, "name": p.name or (p.person.full_name if p.person else ""), "role": p.role}
            for p in project.participants.select_related("person").order_by("id")
        ],
    }


# Lines ---------------------------------------------------------------------------------------


def _party(code: str) -> str:
    try:
        return str(Party(code).label)
    except ValueError:
        return code


def _goal_line(goal: dict[str, Any]) -> str:
    domain = project_rules().domain(goal.get("domain") or "")
    parts = [f"[{domain.label}] " if domain else "", goal.get("goal", "")]
    if goal.get("indicators"):
        parts.append(" – " + _("how we will know: %s") % goal["indicators"])
    if goal.get("target_on"):
        parts.append(" – " + _("by %s") % goal["target_on"])
    return "".join(parts)


def _measure_line(measure: dict[str, Any]) -> str:
    parts = [str(pick(measure.get("measure_name") or {}) or measure.get("measure_type", ""))]
    for key in ("purpose", "intensity"):
        if measure.get(key):
            parts.append(str(measure[key]))
    if measure.get("planned_start"):
        parts.append(_("from %s") % measure["planned_start"])
    if measure.get("planned_months"):
        parts.append(_("%s months") % measure["planned_months"])
    return " – ".join(parts)


def _action_line(action: dict[str, Any]) -> str:
    who = _party(action.get("party", ""))
    if action.get("who"):
        who = f"{who} ({action['who']})"
    line = f"{who}: {action.get('action', '')}"
    return line + (" – " + _("by %s") % action["due_on"] if action.get("due_on") else "")


def _participant_line(participant: dict[str, Any]) -> str:
    return " – ".join(part for part in (participant.get("name", ""), participant.get("role", "")) if part)


def section_lines(content: dict[str, Any], section: str) -> list[str]:
    if section == "summary":
        return [line for line in (content.get("summary") or "").splitlines() if line.strip()]
    if section == "language":
        return [content.get("language") or ""]
    render = {"goals": _goal_line, "planned_measures": _measure_line, "actions": _action_line}.get(section, _participant_line)
    return [render(row) for row in content.get(section) or []]


# Comparison ----------------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # "added", "removed", "changed", "same"
    old: str = ""
    new: str = ""


@dataclass
class SectionDiff:
    key: str
    title: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.kind != "same" for c in self.changes)


def _changes(old: list[str], new: list[str]) -> list[Change]:
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(Change("same", line, line) for line in old[i1:i2])
        elif tag == "delete":
            changes.extend(Change("removed", old=line) for line in old[i1:i2])
        elif tag == "insert":
            changes.extend(Change("added", new=line) for line in new[j1:j2])
        else:
            # A replaced block reads as pairs "was / now", the surplus as removed or added.
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
            changes.extend(Change("changed", a, b) for a, b in pairs)
            changes.extend(Change("removed", old=line) for line in old[i1 + len(pairs) : i2])
            changes.extend(Change("added", new=line) for line in new[j1 + len(pairs) : j2])
    return changes


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """Section by section, what changed from ``old`` to ``new``."""
    return [
        SectionDiff(key=key, title=str(title), changes=_changes(section_lines(old, key), section_lines(new, key)))
        for key, title in SECTIONS
    ]
