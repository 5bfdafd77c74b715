"""The foster family pages: who may reach them, the register's search and pages, a family's page
and its forms, the suggestions for a child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.audit.models import AuditEvent
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from tests.factories import UserFactory

from .factories import approved_family, make_family

F = FosterFamilyStatus


@pytest.fixture
def family(db):  # type: ignore[no-untyped-def]
    return make_family("Weber household", locality="Dudelange")


def pages(family, case):  # type: ignore[no-untyped-def]
    return [
        reverse("backoffice:foster_register"),
        reverse("backoffice:foster_create"),
        reverse("backoffice:foster_detail", args=[family.pk]),
        reverse("backoffice:foster_edit", args=[family.pk]),
        reverse("backoffice:foster_suggestions", args=[case.pk]),
    ]


def test_it_sends_an_anonymous_visitor_to_the_login(client, family, case):
    for url in pages(family, case):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]


@pytest.mark.parametrize("who", ["intake_officer", "outsider"])
def test_it_refuses_someone_outside_the_agency(request, login, family, case, who):
    client = login(request.getfixturevalue(who))
    for url in pages(family, case):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("backoffice:foster_action", args=[family.pk, "assess"]), {"assess-version": 1}).status_code == 403
    family.refresh_from_db()
    assert family.status == F.APPLIED


@pytest.mark.parametrize("who", ["coordinator", "office_head"])
def test_coordinators_and_office_heads_reach_every_page(request, login, family, case, who):
    client = login(request.getfixturevalue(who))
    for url in pages(family, case):
        assert client.get(url).status_code == 200, url


def test_a_missing_family_is_not_found_and_the_attempt_logged(login, coordinator):
    assert login(coordinator).get(reverse("backoffice:foster_detail", args=[999999])).status_code == 404
    assert AuditEvent.objects.filter(action="access_refused", object_type="foster.fosterfamily", object_id="999999").exists()


def test_reading_a_family_page_is_audited(login, coordinator, family):
    login(coordinator).get(reverse("backoffice:foster_detail", args=[family.pk]))
    event = AuditEvent.objects.get(action="read", object_type="foster.fosterfamily", object_id=str(family.pk))
    assert event.actor == coordinator


def test_the_family_page_costs_the_same_whatever_its_household(login, coordinator, family, django_assert_num_queries):
    client = login(coordinator)
    url = reverse("backoffice:foster_detail", args=[family.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_DETAIL):
        assert client.get(url).status_code == 200
    for i in range(5):
        family.members.create(name=f"Member {i}", role="child", birth_year=2010 + i)
        family.trainings.create(title=f"Course {i}", on=dt.date(2026, 1, 1 + i), hours=2, created_by=coordinator)
    with django_assert_num_queries(QUERIES_DETAIL):
        response = client.get(url)
    assert "Member 4" in response.content.decode() and "Course 4" in response.content.decode()


QUERIES_DETAIL = 16
QUERIES_REGISTER = 7


# The register ------------------------------------------------------------------------------------


def test_the_register_searches_by_name_reference_and_locality(login, coordinator, family):
    other = make_family("Muller household", locality="Wiltz")
    client = login(coordinator)
    url = reverse("backoffice:foster_register")
    for q in ("weber", "DUDEL", family.reference, family.reference.replace("-", "")):
        body = client.get(url, {"q": q}).content.decode()
        assert "Weber household" in body and "Muller household" not in body, q
    assert other.reference in client.get(url, {"q": "wiltz"}).content.decode()


def test_the_register_filters_by_status(login, coordinator, family):
    approved_family("Approved household")
    body = login(coordinator).get(reverse("backoffice:foster_register"), {"status": "approved"}).content.decode()
    assert "Approved household" in body and "Weber household" not in body


def test_the_register_pages_by_name_in_a_bounded_number_of_queries(login, coordinator, django_assert_num_queries):
    for i in range(27):
        make_family(f"Household {i:02d}")
    client = login(coordinator)
    url = reverse("backoffice:foster_register")
    client.get(url)
    with django_assert_num_queries(QUERIES_REGISTER):
        first = client.get(url)
    body = first.content.decode()
    assert "Household 00" in body and "Household 24" in body and "Household 25" not in body
    cursor = first.context["page"].next_cursor
    with django_assert_num_queries(QUERIES_REGISTER):
        second = client.get(url, {"cursor": cursor}).content.decode()
    assert "Household 25" in second and "Household 26" in second and "Household 24" not in second


def test_the_register_lists_approvals_ending_soon(login, coordinator):
    today = dt.date.today()
    approved_family("Ending", approved_until=today + dt.timedelta(days=30))
    approved_family("Later", approved_until=today + dt.timedelta(days=400))
    response = login(coordinator).get(reverse("backoffice:foster_register"))
    assert [f.name for f in response.context["ending"]] == ["Ending"]


# Recording and changing a family -------------------------------------------------------------------


def test_an_application_is_recorded(login, coordinator):
    response = login(coordinator).post(
        reverse("backoffice:foster_create"), {"name": "Schmit-Weber household", "capacity": "2", "min_age": "3", "max_age": "10"}
    )
    family = FosterFamily.objects.get(name="Schmit-Weber household")
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:foster_detail", args=[family.pk])
    assert (family.capacity, family.min_age, family.max_age, family.created_by) == (2, 3, 10, coordinator)


def test_a_refused_application_keeps_what_was_typed(login, coordinator):
    response = login(coordinator).post(
        reverse("backoffice:foster_create"), {"name": "Schmit-Weber household", "locality": "Kayl", "capacity": "6"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "give the reason for the exception" in body
    assert 'value="Schmit-Weber household"' in body and 'value="Kayl"' in body and 'value="6"' in body
    assert not FosterFamily.objects.exists()


def test_the_edit_page_refuses_a_stale_version_and_keeps_the_input(login, coordinator, family):
    url = reverse("backoffice:foster_edit", args=[family.pk])
    response = login(coordinator).post(url, {"version": "0", "name": "Renamed household", "capacity": "1"})
    assert response.status_code == 409
    assert 'value="Renamed household"' in response.content.decode()
    family.refresh_from_db()
    assert family.name == "Weber household"


def test_the_assessment_and_approval_run_from_the_family_page(login, coordinator, family):
    client = login(coordinator)
    client.post(reverse("backoffice:foster_action", args=[family.pk, "assess"]), {"assess-version": "1"})
    family.refresh_from_db()
    assert family.status == F.ASSESSMENT
    response = client.post(
        reverse("backoffice:foster_action", args=[family.pk, "approve"]),
        {
            "approve-version": "2",
            "approve-approved_from_day": "1",
            "approve-approved_from_month": "1",
            "approve-approved_from_year": "2026",
            "approve-approved_until_day": "31",
            "approve-approved_until_month": "12",
            "approve-approved_until_year": "2028",
        },
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.status, family.approved_until) == (F.APPROVED, dt.date(2028, 12, 31))


def test_a_refusal_without_a_reason_shows_the_error_by_the_field(login, coordinator):
    family = make_family(status=F.ASSESSMENT)
    response = login(coordinator).post(reverse("backoffice:foster_action", args=[family.pk, "refuse"]), {"refuse-version": "1"})
    assert response.status_code == 400
    assert 'id="id_refuse-reason-error"' in response.content.decode()


def test_an_action_not_possible_from_the_status_is_refused(login, coordinator, family):
    response = login(coordinator).post(
        reverse("backoffice:foster_action", args=[family.pk, "suspend"]), {"suspend-version": "1", "suspend-reason": "x"}
    )
    assert response.status_code == 409


def test_household_members_and_training_are_added_from_the_family_page(login, coordinator, family):
    client = login(coordinator)
    client.post(
        reverse("backoffice:foster_member_add", args=[family.pk]),
        {
            "member-name": "Anne Weber",
            "member-role": "foster_parent",
            "member-birth_year": "1980",
            "member-lives_in_household": "on",
        },
    )
    client.post(
        reverse("backoffice:foster_training_add", args=[family.pk]),
        {
            "training-title": "First aid",
            "training-on_day": "10",
            "training-on_month": "1",
            "training-on_year": "2026",
            "training-hours": "3.5",
        },
    )
    member = family.members.get()
    assert (member.name, member.birth_year, member.lives_in_household) == ("Anne Weber", 1980, True)
    assert family.trainings.get().title == "First aid"


def test_a_member_without_a_role_keeps_the_name_typed(login, coordinator, family):
    response = login(coordinator).post(reverse("backoffice:foster_member_add", args=[family.pk]), {"member-name": "Anne Weber"})
    assert response.status_code == 400
    assert 'value="Anne Weber"' in response.content.decode()


# Suggestions for a child -------------------------------------------------------------------------------


def test_the_suggestions_page_lists_families_with_their_reasons(login, coordinator, case):
    family = approved_family(
        "Portuguese household", languages=("pt",), approved_from=dt.date(2020, 1, 1), approved_until=dt.date(2099, 1, 1)
    )
    body = (
        login(coordinator).get(reverse("backoffice:foster_suggestions", args=[case.pk]), {"family": family.pk}).content.decode()
    )
    assert "Portuguese household" in body and family.reference in body
    assert reverse("backoffice:foster_detail", args=[family.pk]) in body
    assert "Speaks the child&#x27;s language: Portuguese." in body
    assert "Chosen" in body


def test_the_suggestions_of_a_case_one_may_not_see_are_not_found(login, other_office, case):
    stranger = UserFactory(roles=[(Role.COORDINATOR, other_office)])
    assert login(stranger).get(reverse("backoffice:foster_suggestions", args=[case.pk])).status_code == 404
