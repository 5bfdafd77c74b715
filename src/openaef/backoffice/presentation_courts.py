"""How court records read on the pages: courts by name, remedies' time limits (or the plain
statement that none is set), tags for remedies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.cases.deadlines import UNITS
from openaef.core.i18n import pick
from openaef.courts.models import Hearing, JudicialDecision, LegalRemedy, RemedyKind, RemedyStatus
from openaef.courts.parameters import EffectiveRule, court_rules, time_limit

REMEDY_TAGS: dict[str, str] = {
    RemedyStatus.LODGED: "govuk-tag--yellow",
    RemedyStatus.DECIDED: "govuk-tag--green",
    RemedyStatus.WITHDRAWN: "govuk-tag--grey",
}


def court_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in court_rules().courts]


def no_limit_message(kind: str) -> str:
    """What a page says where the law's figure is unknown and no administrator has set it."""
    messages: dict[str, Any] = {
        RemedyKind.APPEAL: _("No time limit is set for appeals: an administrator must set it."),
        RemedyKind.AMEND: _("No time limit is set for requests to amend a measure: an administrator must set it."),
        RemedyKind.LIFT: _("No time limit is set for requests to lift a measure: an administrator must set it."),
    }
    return str(messages[kind])


def rule_text(rule: str | None) -> str:
    """ "15 calendar days" for "calendar_days:15"."""
    if not rule:
        return ""
    unit, _sep, count = rule.partition(":")
    return f"{count} {UNITS.get(unit, unit)}"


@dataclass(frozen=True)
class AppealLimit:
    day: dt.date | None
    passed: bool
    missing: str  # the "no time limit is set" sentence when there is no rule


def appeal_limit(decision: JudicialDecision, rules: dict[str, EffectiveRule], today: dt.date) -> AppealLimit:
    """The latest day to appeal against ``decision`` under the rule in force, if any."""
    rule = rules[RemedyKind.APPEAL]
    if not rule.is_set:
        return AppealLimit(None, False, no_limit_message(RemedyKind.APPEAL))
    day = time_limit(rule, decision.time_limit_start)
    return AppealLimit(day, day is not None and day < today, "")


def decision_rows(decisions: list[JudicialDecision], rules: dict[str, EffectiveRule], today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for decision in decisions:
        remedies = list(decision.remedies.all())
        rows.append(
            {
                "decision": decision,
                "court": court_rules().court_name(decision.court),
                "appeal": appeal_limit(decision, rules, today),
                "ordered": [pick(o.measure_type.name) for o in decision.ordered_measures.all()],
                "open_remedies": [r for r in remedies if r.status == RemedyStatus.LODGED],
                "review_due": decision.review_on is not None and decision.review_on >= today,
            }
        )
    return rows


def remedy_rows(remedies: list[LegalRemedy], today: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "remedy": r,
            "tag": REMEDY_TAGS.get(r.status, ""),
            "by": r.lodged_by_person.full_name if r.lodged_by_person else r.lodged_by_name,
            "late": r.deadline_on is not None and r.lodged_on > r.deadline_on,
            "no_limit": "" if r.rule else no_limit_message(r.kind),
        }
        for r in remedies
    ]


def hearing_rows(hearings: list[Hearing]) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {"hearing": h, "court": court_rules().court_name(h.court), "upcoming": h.at >= now, "at": timezone.localtime(h.at)}
        for h in hearings
    ]


def decision_label(decision: JudicialDecision) -> str:
    """A decision in a list of choices: its type, date and the court's reference."""
    label = f"{decision.get_kind_display()}, {decision.decided_on:%d.%m.%Y}"
    return f"{label} ({decision.court_reference})" if decision.court_reference else label


def time_limit_rows(rules: dict[str, EffectiveRule]) -> list[dict[str, Any]]:
    """The settings page's rows: each remedy's pack value with its source, and the rule in force."""
    labels = dict(RemedyKind.choices)
    return [
        {
            "kind": kind,
            "label": labels[kind],
            "rule": rule,
            "in_force": rule_text(rule.rule),
            "pack_rule": rule_text(rule.pack.rule),
            "missing": "" if rule.is_set else no_limit_message(kind),
        }
        for kind, rule in rules.items()
    ]
