"""Searching cases by name, reference or date of birth, among those one may see, names kept out of URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseParticipant, ParticipantRole

from .factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

SEARCH = reverse("backoffice:case_search")


def found(response) -> list:  # type: ignore[no-untyped-def]
    return [row["case"] for row in response.context["rows"]]


def test_it_finds_a_case_by_the_child_s_name_ignoring_accents_and_case(login, coordinator, case):
    response = login(coordinator).post(SEARCH, {"name": "lea SCHMIT"})
    assert response.status_code == 200
    assert found(response) == [case]


def test_it_finds_a_case_by_a_participant_s_name(login, coordinator, case):
    grandmother = PersonFactory(surname="Bernard-Müller", first_names="Zénon")
    CaseParticipant.objects.create(case=case, person=grandmother, role=ParticipantRole.RELATIVE, position=1)
    assert found(login(coordinator).post(SEARCH, {"name": "muller"})) == [case]


def test_it_finds_a_case_by_reference_typed_loosely(login, coordinator, case):
    typed = case.reference.lower().replace("-", " ")
    assert found(login(coordinator).post(SEARCH, {"reference": typed})) == [case]


def test_it_says_a_reference_with_a_typo_is_wrong(login, coordinator, case):
    typo = case.reference[:-1] + ("2" if case.reference[-1] != "2" else "3")
    response = login(coordinator).post(SEARCH, {"reference": typo})
    assert "reference" in response.context["form"].errors


def test_it_finds_a_case_by_date_of_birth(login, coordinator, office):
    child = PersonFactory(birth_date=dt.date(2013, 7, 14))
    case = make_case(office=office, coordinator=coordinator, child=child)
    make_case(office=office, coordinator=coordinator, child=PersonFactory(birth_date=dt.date(2013, 7, 15)))
    data = {"birth_date_day": "14", "birth_date_month": "7", "birth_date_year": "2013"}
    assert found(login(coordinator).post(SEARCH, data)) == [case]


def test_a_name_and_a_date_of_birth_must_match_the_same_person(login, coordinator, case):
    data = {"name": "schmit", "birth_date_day": "1", "birth_date_month": "1", "birth_date_year": "1990"}
    assert found(login(coordinator).post(SEARCH, data)) == []


def test_it_only_searches_the_cases_one_may_see(login, other_coordinator, colleague, case):
    assert found(login(other_coordinator).post(SEARCH, {"name": "schmit"})) == []
    assert found(login(colleague).post(SEARCH, {"name": "schmit"})) == [case]  # same office, read-only


def test_an_empty_search_asks_for_something(login, coordinator):
    response = login(coordinator).post(SEARCH, {"name": ""})
    assert response.context["form"].errors["name"] == ["Enter a name, a case reference or a date of birth."]


def test_the_form_is_posted_so_names_stay_out_of_urls(login, coordinator, case):
    client = login(coordinator)
    page = client.get(SEARCH, {"name": "schmit"}).content.decode()
    assert 'method="post" action="/en/staff/cases/search/"' in page
    assert client.get(SEARCH, {"name": "schmit"}).context["page"] is None  # a name in a query string is ignored


def test_a_search_is_recorded_naming_the_children_found(login, coordinator, case):
    login(coordinator).post(SEARCH, {"name": "schmit"})
    entry = AuditEvent.objects.get(action=AuditAction.READ, object_type="cases.search")
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_the_next_page_is_another_post_with_the_cursor(login, coordinator, office):
    for day in range(1, 28):
        make_case(office=office, coordinator=coordinator, opened_on=dt.date(2026, 1, day), child=PersonFactory(surname="Kremer"))
    client = login(coordinator)
    first = client.post(SEARCH, {"name": "kremer"})
    assert len(found(first)) == 25
    second = client.post(SEARCH, {"name": "kremer", "cursor": first.context["page"].next_cursor})
    assert len(found(second)) == 2
    assert not set(found(first)) & set(found(second))


def test_its_queries_do_not_grow_with_the_results(login, coordinator, office):
    client = login(coordinator)
    make_case(office=office, coordinator=coordinator, child=PersonFactory(surname="Kremer"))
    with CaptureQueriesContext(connection) as one:
        client.post(SEARCH, {"name": "kremer"})
    for _ in range(20):
        make_case(office=office, coordinator=coordinator, child=PersonFactory(surname="Kremer"))
    with CaptureQueriesContext(connection) as many:
        client.post(SEARCH, {"name": "kremer"})
    assert len(many) == len(one)


def test_it_refuses_an_outsider(login, outsider):
    assert login(outsider).post(SEARCH, {"name": "schmit"}).status_code == 403


def test_it_offers_the_emergency_access_link_to_those_who_may_break_the_glass(login, coordinator):
    assert reverse("backoffice:case_emergency_lookup") in login(coordinator).get(SEARCH).content.decode()
