"""The coordinator's day as the dashboard shows it: sections of rows, late ones first.

The selectors (notifications.selectors, "the coordinator's day") return plain values; this
module turns them into rows with a date, a tag, a text and a link, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from openaef.cases.models import TaskKind
from openaef.core.i18n import pick
from openaef.core.links import url_template
from openaef.measures.states import ReferralStatus, ReportKind
from openaef.projects.states import ProjectStatus

from .presentation import choice_label
from .presentation_measures import REFERRAL_TAGS

LATE_TAG = "govuk-tag--red"


@dataclass
class Row:
    """One line of a section, as strings in the reader's language (prepared here rather than
    by template filters, which cost more than the page's SQL on a full dashboard)."""

    on: dt.date | None
    what: str
    reference: str
    child: str
    url: str
    tag: str = ""
    tag_class: str = ""
    detail: str = ""
    child_id: int | None = None
    on_text: str = ""
    on_iso: str = ""

    @property
    def late(self) -> bool:
        return self.tag_class == LATE_TAG


@dataclass
class Section:
    key: str
    title: str
    empty: str
    rows: list[Row] = field(default_factory=list)
    more: bool = False
    see_all_url: str = ""
    # What the date column is (due, ends, received...).
    date_label: str = ""


def url_maker(name: str, args: Callable[[dict[str, Any]], list[Any]]) -> Callable[[dict[str, Any]], str]:
    """Links each row (a ``values()`` dict) to the page ``name`` with ``args(row)``: one
    ``reverse`` for the section (core.links), whatever its number of rows."""
    make_url: Callable[..., str] | None = None

    def make(values: dict[str, Any]) -> str:
        nonlocal make_url
        numbers = args(values)
        if make_url is None:
            make_url = url_template(name, len(numbers))
        return make_url(*numbers)

    return make


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    """The day of a date or of a moment, in the site's time zone (as the template's date filter)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _case(values: dict[str, Any]) -> tuple[str, str]:
    first = values.get("case__child__first_names") or ""
    surname = values.get("case__child__surname") or ""
    return values["case__reference"], f"{first} {surname}".strip()


def _due_tag(on: dt.date | None, today: dt.date) -> tuple[str, str]:
    if on is None:
        return "", ""
    if on < today:
        return gettext("Overdue"), LATE_TAG
    if on == today:
        return gettext("Due today"), "govuk-tag--orange"
    return "", ""


def _rows(items: list[dict[str, Any]], limit: int, build: Callable[[dict[str, Any]], Row]) -> tuple[list[Row], bool]:
    date_format = formats.get_format("DATE_FORMAT")
    rows = []
    for values in items[:limit]:
        row = build(values)
        row.child_id = values.get("case__child_id")
        row.on = _day(row.on)
        if row.on is not None:
            row.on_text = dateformat.format(row.on, date_format)
            row.on_iso = row.on.isoformat()
        rows.append(row)
    return rows, len(items) > limit


def task_section(key: str, title: Any, empty: Any, items: list[dict[str, Any]], today: dt.date, limit: int) -> Section:
    link = url_maker("backoffice:case_journal", lambda v: [v["case_id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        tag, tag_class = _due_tag(v["due_on"], today)
        return Row(v["due_on"], v["title"], reference, child, link(v), tag, tag_class, choice_label(TaskKind, v["kind"]))

    rows, more = _rows(items, limit, build)
    return Section(key, str(title), str(empty), rows, more, reverse("backoffice:tasks_overdue"), gettext("Due"))


def projects_section(items: list[dict[str, Any]], limit: int) -> Section:
    link = url_maker("backoffice:project_detail", lambda v: [v["case_id"], v["id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        what = gettext("Revision %(revision)s of the intervention project") % {"revision": v["revision"]}
        return Row(v["proposed_at"], what, reference, child, link(v))

    rows, more = _rows(items, limit, build)
    return Section(
        "projects",
        gettext("Projects waiting for your validation"),
        gettext("No project is waiting for your validation."),
        rows,
        more,
        date_label=gettext("Proposed"),
    )


def evaluations_section(items: list[dict[str, Any]], today: dt.date, limit: int) -> Section:
    link = url_maker("backoffice:project_detail", lambda v: [v["case_id"], v["id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        tag, tag_class = _due_tag(v["next_evaluation_on"], today)
        what = gettext("Evaluation of the intervention project")
        return Row(
            v["next_evaluation_on"], what, reference, child, link(v), tag, tag_class, choice_label(ProjectStatus, v["status"])
        )

    rows, more = _rows(items, limit, build)
    return Section(
        "evaluations",
        gettext("Evaluations due"),
        gettext("No evaluation is due in the next two weeks."),
        rows,
        more,
        date_label=gettext("Due"),
    )


def measures_section(items: list[dict[str, Any]], today: dt.date, limit: int) -> Section:
    link = url_maker("backoffice:measure_detail", lambda v: [v["case_id"], v["id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        ended = v["ends_on"] is not None and v["ends_on"] < today
        tag, tag_class = (gettext("Past its end"), LATE_TAG) if ended else ("", "")
        return Row(
            v["ends_on"], pick(v["measure_type__name"]), reference, child, link(v), tag, tag_class, v["provider__name"] or ""
        )

    rows, more = _rows(items, limit, build)
    return Section(
        "measures",
        gettext("Measures nearing their end"),
        gettext("No measure is nearing its end."),
        rows,
        more,
        date_label=pgettext("measure", "Ends"),
    )


def reports_section(items: list[dict[str, Any]], limit: int) -> Section:
    link = url_maker("backoffice:measure_report", lambda v: [v["case_id"], v["measure_id"], v["id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        what = f"{choice_label(ReportKind, v['kind'])}: {pick(v['measure__measure_type__name'])}"
        return Row(v["submitted_at"], what, reference, child, link(v), detail=v["measure__provider__name"] or "")

    rows, more = _rows(items, limit, build)
    return Section(
        "reports",
        gettext("Providers' reports to review"),
        gettext("No report is waiting for your review."),
        rows,
        more,
        date_label=gettext("Received"),
    )


def referrals_section(items: list[dict[str, Any]], limit: int) -> Section:
    link = url_maker("backoffice:measure_detail", lambda v: [v["case_id"], v["measure_id"]])

    def build(v: dict[str, Any]) -> Row:
        reference, child = _case(v)
        tag = choice_label(ReferralStatus, v["status"])
        what = pick(v["measure__measure_type__name"])
        return Row(
            v["answered_at"], what, reference, child, link(v), tag, REFERRAL_TAGS.get(v["status"], ""), v["provider__name"]
        )

    rows, more = _rows(items, limit, build)
    return Section(
        "referrals",
        gettext("Referrals answered in the last two weeks"),
        gettext("No provider answered a referral in the last two weeks."),
        rows,
        more,
        date_label=gettext("Answered"),
    )


OVERDUE_TITLE = _("Overdue deadlines and tasks")
OVERDUE_EMPTY = _("Nothing is overdue.")
SOON_TITLE = _("Deadlines and tasks due in the next 7 days")
SOON_EMPTY = _("Nothing falls due in the next 7 days.")
