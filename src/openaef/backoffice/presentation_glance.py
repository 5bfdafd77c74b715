"""The case page at a glance: the current intervention project and the measures, with their state.

Two queries whatever the case holds: the current project, and the case's open measures (with
their type and provider joined). The next report due is the measure's own ``next_report_on``,
so no report is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from openaef.cases.models import CaseFile
from openaef.core.i18n import pick
from openaef.finance.selectors_aid import aid_offered
from openaef.measures.selectors import open_measures_of
from openaef.projects.selectors import current_project

from .presentation_measures import MEASURE_TAGS
from .presentation_projects import STATUS_TAGS

# Only the measures the coordinator works with now; a case has a handful.
GLANCE_MEASURES = 20


@dataclass
class ProjectGlance:
    status: str
    status_label: str
    tag: str
    revision: int
    next_evaluation_on: dt.date | None
    evaluation_late: bool
    url: str


@dataclass
class MeasureGlance:
    name: str
    status_label: str
    tag: str
    provider: str
    ends_on: dt.date | None
    next_report_on: dt.date | None
    report_late: bool
    url: str


@dataclass
class CaseGlance:
    project: ProjectGlance | None
    measures: list[MeasureGlance] = field(default_factory=list)
    more_measures: bool = False
    project_url: str = ""
    measures_url: str = ""
    # Financial help, where the case's pack offers it (France).
    aid_url: str = ""


def _project(case: CaseFile, today: dt.date) -> ProjectGlance | None:
    project = current_project(case)
    if project is None:
        return None
    due = project.next_evaluation_on
    return ProjectGlance(
        status=project.status,
        status_label=project.get_status_display(),
        tag=STATUS_TAGS.get(project.status, ""),
        revision=project.revision,
        next_evaluation_on=due,
        evaluation_late=due is not None and due < today,
        url=reverse("backoffice:project_detail", args=[case.pk, project.pk]),
    )


def _measures(case: CaseFile, today: dt.date) -> tuple[list[MeasureGlance], bool]:
    rows = open_measures_of(case, limit=GLANCE_MEASURES)
    measures = []
    for measure in rows[:GLANCE_MEASURES]:
        report = measure.next_report_on
        measures.append(
            MeasureGlance(
                name=pick(measure.measure_type.name),
                status_label=measure.get_status_display(),
                tag=MEASURE_TAGS.get(measure.status, ""),
                provider=measure.provider.name if measure.provider else "",
                ends_on=measure.ends_on,
                next_report_on=report,
                report_late=report is not None and report < today,
                url=reverse("backoffice:measure_detail", args=[case.pk, measure.pk]),
            )
        )
    return measures, len(rows) > GLANCE_MEASURES


def case_glance(case: CaseFile, today: dt.date) -> CaseGlance:
    measures, more = _measures(case, today)
    return CaseGlance(
        project=_project(case, today),
        measures=measures,
        more_measures=more,
        project_url=reverse("backoffice:project_start", args=[case.pk]),
        measures_url=reverse("backoffice:measure_list", args=[case.pk]),
        aid_url=reverse("backoffice:aid_case_list", args=[case.pk]) if aid_offered(case.pack) else "",
    )
