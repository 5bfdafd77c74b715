"""My cases, the office's cases and the workload: who sees which, and queries that do not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.selectors import CaseFilters, office_workload

from .factories import make_case

pytestmark = pytest.mark.django_db

MY_CASES = reverse("backoffice:case_list")
OFFICE_CASES = reverse("backoffice:case_office_list")
WORKLOAD = reverse("backoffice:case_workload")


def shown(response) -> list:  # type: ignore[no-untyped-def]
    return [row["case"] for row in response.context["rows"]]


def test_my_cases_are_those_assigned_to_me_still_being_worked_on_newest_first(login, office, coordinator, colleague):
    older = make_case(office=office, coordinator=coordinator, opened_on=dt.date(2025, 3, 1), status="active")
    newer = make_case(office=office, coordinator=coordinator, opened_on=dt.date(2026, 2, 1))
    make_case(office=office, coordinator=coordinator, status="closed")
    make_case(office=office, coordinator=colleague)
    response = login(coordinator).get(MY_CASES)
    assert response.status_code == 200
    assert shown(response) == [newer, older]


def test_my_cases_can_show_the_closed_ones(login, office, coordinator):
    closed = make_case(office=office, coordinator=coordinator, status="closed")
    make_case(office=office, coordinator=coordinator)
    assert shown(login(coordinator).get(MY_CASES, {"status": "closed"})) == [closed]


def test_a_list_read_is_recorded_naming_the_children_shown(login, office, coordinator):
    case = make_case(office=office, coordinator=coordinator)
    login(coordinator).get(MY_CASES)
    entry = AuditEvent.objects.get(action=AuditAction.READ, object_type="cases.my_cases", actor=coordinator)
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_my_cases_pages_with_a_cursor(login, office, coordinator):
    cases = [make_case(office=office, coordinator=coordinator, opened_on=dt.date(2026, 1, day)) for day in range(1, 29)]
    client = login(coordinator)
    first = client.get(MY_CASES)
    assert len(shown(first)) == 25
    second = client.get(MY_CASES, {"cursor": first.context["page"].next_cursor})
    assert shown(second) == list(reversed(cases[:3]))


def test_the_office_cases_are_shown_to_its_coordinators_and_head(
    login, office, other_office, coordinator, colleague, office_head
):
    mine = make_case(office=office, coordinator=coordinator)
    elsewhere = make_case(office=other_office)
    for user in (coordinator, colleague, office_head):
        cases = shown(login(user).get(OFFICE_CASES))
        assert mine in cases
        assert elsewhere not in cases


def test_the_office_cases_filter_by_coordinator_framework_and_status(login, office, coordinator, colleague, office_head):
    judicial = make_case(office=office, coordinator=coordinator, framework="judicial")
    unassigned = make_case(office=office)
    theirs = make_case(office=office, coordinator=colleague)
    client = login(office_head)
    assert shown(client.get(OFFICE_CASES, {"coordinator": str(coordinator.pk)})) == [judicial]
    assert shown(client.get(OFFICE_CASES, {"coordinator": "none"})) == [unassigned]
    assert shown(client.get(OFFICE_CASES, {"framework": "judicial"})) == [judicial]
    assert set(shown(client.get(OFFICE_CASES))) == {judicial, unassigned, theirs}


def test_another_office_cannot_be_chosen_by_its_id(login, office, other_office, office_head):
    make_case(office=other_office)
    response = login(office_head).get(OFFICE_CASES, {"office": str(other_office.pk)})
    assert response.context["office"] == office
    assert shown(response) == []


def test_the_lists_refuse_an_outsider_and_the_intake_officer(login, outsider, intake_officer):
    for path in (MY_CASES, OFFICE_CASES, WORKLOAD):
        assert login(outsider).get(path).status_code == 403
        assert login(intake_officer).get(path).status_code == 403


def test_the_workload_is_for_office_heads_only(login, coordinator):
    assert login(coordinator).get(WORKLOAD).status_code == 403


def test_the_workload_counts_the_open_cases_of_each_coordinator(login, office, other_office, coordinator, colleague, office_head):
    make_case(office=office, coordinator=coordinator)
    make_case(office=office, coordinator=coordinator, status="active")
    make_case(office=office, coordinator=coordinator, status="closed")
    make_case(office=office, coordinator=colleague, status="closing")
    make_case(office=office)
    make_case(office=other_office, coordinator=coordinator)
    response = login(office_head).get(WORKLOAD)
    assert response.status_code == 200
    rows = {(row.coordinator, row.total) for row in response.context["rows"]}
    assert rows == {(coordinator, 2), (colleague, 1), (None, 1)}
    carla = next(row for row in response.context["rows"] if row.coordinator == coordinator)
    assert carla.counts == {"open": 1, "active": 1, "closing": 0, "reopened": 0}


def test_the_workload_shows_someone_who_left_the_office_with_cases_still_held(office, coordinator):
    from openaef.accounts.models import Membership

    make_case(office=office, coordinator=coordinator)
    Membership.objects.filter(user=coordinator).delete()
    rows = office_workload(office)
    assert [(row.coordinator, row.still_member, row.total) for row in rows] == [(coordinator, False, 1)]


def test_the_workload_costs_two_queries(office, coordinator, colleague, django_assert_num_queries):
    for _ in range(5):
        make_case(office=office, coordinator=coordinator)
    with django_assert_num_queries(2):
        office_workload(office)


def count_queries(client, path, **params) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", [MY_CASES, OFFICE_CASES])
def test_list_queries_do_not_grow_with_the_number_of_cases(path, login, office, coordinator, office_head):
    user = coordinator if path == MY_CASES else office_head
    client = login(user)
    for _ in range(3):
        make_case(office=office, coordinator=coordinator)
    with_three = count_queries(client, path)
    for _ in range(27):
        make_case(office=office, coordinator=coordinator)
    assert count_queries(client, path) == with_three


def test_the_workload_page_s_queries_do_not_grow(login, office, coordinator, colleague, office_head):
    client = login(office_head)
    make_case(office=office, coordinator=coordinator)
    few = count_queries(client, WORKLOAD)
    for _ in range(20):
        make_case(office=office, coordinator=colleague)
    assert count_queries(client, WORKLOAD) == few


def test_case_filters_default_to_the_open_states():
    assert CaseFilters().statuses == []
