"""The case page at a glance: the current intervention project and the measures, with their state.

Two queries whatever the case holds: the current project, and the case's open measures (with
their type and provider joined). The next report due is the measure's own ``next_report_on``,
so no report is read. Links go to the project and measure pages once they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F
from django.urls import reverse

from openaef.cases.models import CaseFile
from openaef.core.i18n import pick
from openaef.measures.models import Measure
from openaef.measures.states import OPEN_MEASURE_STATES, MeasureStatus
from openaef.projects.models import InterventionProject
from openaef.projects.states import CURRENT_STATES, ProjectStatus

# Only the measures the coordinator works with now; a case has a handful.
GLANCE_MEASURES = 20

PROJECT_TAGS: dict[str, str] = {
    ProjectStatus.DRAFT: "govuk-tag--grey",
    ProjectStatus.PROPOSED: "govuk-tag--yellow",
    ProjectStatus.VALIDATED: "govuk-tag--light-blue",
    ProjectStatus.AGREED: "govuk-tag--blue",
    ProjectStatus.ACTIVE: "govuk-tag--green",
    ProjectStatus.UNDER_EVALUATION: "govuk-tag--purple",
    ProjectStatus.CLOSED: "govuk-tag--grey",
}

MEASURE_TAGS: dict[str, str] = {
    MeasureStatus.PLANNED: "govuk-tag--grey",
    MeasureStatus.REFERRED: "govuk-tag--light-blue",
    MeasureStatus.WAITING: "govuk-tag--yellow",
    MeasureStatus.ACCEPTED: "govuk-tag--blue",
    MeasureStatus.ACTIVE: "govuk-tag--green",
    MeasureStatus.SUSPENDED: "govuk-tag--orange",
    MeasureStatus.ENDED: "govuk-tag--grey",
    MeasureStatus.WITHDRAWN: "govuk-tag--grey",
}


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


def _project(case: CaseFile, today: dt.date) -> ProjectGlance | None:
    project = (
        InterventionProject.objects.filter(case=case, status__in=CURRENT_STATES)
        .only("pk", "status", "revision", "next_evaluation_on")
        .order_by("-created_at", "-id")
        .first()
    )
    if project is None:
        return None
    due = project.next_evaluation_on
    return ProjectGlance(
        status=project.status,
        status_label=project.get_status_display(),
        tag=PROJECT_TAGS.get(project.status, ""),
        revision=project.revision,
        next_evaluation_on=due,
        evaluation_late=due is not None and due < today,
        url=reverse("backoffice:project_detail", args=[case.pk, project.pk]),
    )


def _measures(case: CaseFile, today: dt.date) -> tuple[list[MeasureGlance], bool]:
    rows = list(
        Measure.objects.filter(case=case, status__in=OPEN_MEASURE_STATES)
        .select_related("measure_type", "provider")
        .only("pk", "status", "ends_on", "next_report_on", "measure_type__name", "provider__name")
        # Soonest end first; those without an end yet (not started) after them, on every database.
        .order_by(F("ends_on").asc(nulls_last=True), "id")[: GLANCE_MEASURES + 1]
    )
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
    )
