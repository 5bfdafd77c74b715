"""How a contribution assessment reads: its computation line by line (labels translated in the
reader's language, with their values and legal references), amounts in euros, status tags, and
what a reassessment changed. (The computation lines and amounts are in finance.assessments_text, shared with the letter.)"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from openaef.finance.assessments_pack import category_label
from openaef.finance.assessments_text import money
from openaef.finance.models import Assessment, ItemKind
from openaef.finance.selectors_assessments import Change
from openaef.finance.states import AssessmentStatus

STATUS_TAGS: dict[str, str] = {
    AssessmentStatus.DRAFT: "govuk-tag--yellow",
    AssessmentStatus.DECIDED: "govuk-tag--green",
    AssessmentStatus.SUPERSEDED: "govuk-tag--grey",
    AssessmentStatus.DISCARDED: "govuk-tag--grey",
}

CHANGE_LABELS = {
    "incomes": _("Monthly incomes"),
    "expenses": _("Monthly expenses"),
    "children": _("Children still dependent"),
    "payer": _("Who pays"),
    "monthly": _("Per month"),
    "daily": _("Per day of presence"),
    "hourly": _("Per hour"),
}
MONEY_CHANGES = {"incomes", "expenses", "monthly", "daily", "hourly"}


def cannot_compute(assessment: Assessment) -> bool:
    return any(line.get("key") == "unknown" for line in (assessment.computation.get("lines") or []))


@dataclass(frozen=True)
class ShownItem:
    category: str
    label: str
    amount: str


def items_of(assessment: Assessment, kind: str) -> list[ShownItem]:
    return [ShownItem(category_label(i.category), i.label, money(i.monthly)) for i in assessment.items.all() if i.kind == kind]


def incomes(assessment: Assessment) -> list[ShownItem]:
    return items_of(assessment, ItemKind.INCOME)


def expenses(assessment: Assessment) -> list[ShownItem]:
    return items_of(assessment, ItemKind.EXPENSE)


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: str
    after: str


def shown_changes(changes: list[Change]) -> list[ShownChange]:
    out = []
    for change in changes:
        if change.what in MONEY_CHANGES:
            before, after = money(change.before), money(change.after)
        else:
            before, after = str(change.before), str(change.after)
        out.append(ShownChange(str(CHANGE_LABELS.get(change.what, change.what)), before, after))
    return out


def status_tag(status: str) -> str:
    return STATUS_TAGS.get(status, "govuk-tag--grey")
