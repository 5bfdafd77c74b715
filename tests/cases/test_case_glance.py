"""The case page at a glance: the current intervention project and the measures, with their state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.measures.states import MeasureStatus
from openaef.projects.states import ProjectStatus
from tests.notifications.factories import make_measure, make_project

from .factories import make_case

pytestmark = pytest.mark.django_db


def url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_detail", args=[case.pk])


def test_it_shows_the_current_project_with_its_status_revision_and_next_evaluation(login, case, coordinator):
    make_project(case, status=ProjectStatus.CLOSED, revision=1)
    make_project(case, status=ProjectStatus.ACTIVE, revision=3, next_evaluation_on=dt.date(2027, 5, 3))
    response = login(coordinator).get(url(case))
    html = response.content.decode()
    glance = response.context["glance"]
    assert glance.project.status == ProjectStatus.ACTIVE
    assert glance.project.revision == 3
    assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' in html
    assert "May 3, 2027" in html


def test_it_flags_a_late_evaluation(login, case, coordinator):
    make_project(case, next_evaluation_on=timezone.localdate() - dt.timedelta(days=1))
    assert login(coordinator).get(url(case)).context["glance"].project.evaluation_late


def test_it_says_when_there_is_no_project(login, case, coordinator):
    html = login(coordinator).get(url(case)).content.decode()
    assert "This case has no intervention project being worked on." in html
    assert "No measure is planned or under way." in html


def test_it_shows_the_open_measures_with_state_provider_end_and_next_report(login, case, coordinator):
    running = make_measure(case, ends_on=dt.date(2027, 1, 5), next_report_on=dt.date(2026, 7, 5))
    make_measure(case, status=MeasureStatus.WAITING)
    make_measure(case, status=MeasureStatus.ENDED, ends_on=dt.date(2026, 6, 1))
    response = login(coordinator).get(url(case))
    html = response.content.decode()
    measures = response.context["glance"].measures
    assert [m.status_label for m in measures] == ["Under way", "On a waiting list"]
    assert running.provider.name in html
    assert "Jan. 5, 2027" in html
    assert "July 5, 2026" in html
    assert measures[0].url.endswith(f"/cases/{case.pk}/measures/{running.pk}/")


def test_it_is_shown_to_a_colleague_reading_the_case(login, case, colleague):
    make_project(case, status=ProjectStatus.PROPOSED)
    assert "Proposed for validation" in login(colleague).get(url(case)).content.decode()


def test_its_queries_do_not_grow_with_the_number_of_measures(login, office, coordinator):
    few = make_case(office=office, coordinator=coordinator)
    many = make_case(office=office, coordinator=coordinator)
    for c, n in ((few, 1), (many, 12)):
        make_project(c)
        for _ in range(n):
            make_measure(c, ends_on=dt.date(2027, 1, 5))
    client = login(coordinator)
    client.get(url(few))
    with CaptureQueriesContext(connection) as small:
        client.get(url(few))
    with CaptureQueriesContext(connection) as big:
        client.get(url(many))
    assert len(big) == len(small)
    glance_queries = [
        q for q in big.captured_queries if "measures_measure" in q["sql"] or "projects_interventionproject" in q["sql"]
    ]
    assert len(glance_queries) == 2
