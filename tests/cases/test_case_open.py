"""Opening a case file: from an accepted request (nothing retyped, once) or directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from openaef.cases.models import CaseFile
from openaef.people.models import Person

from .factories import PersonFactory
from .test_services import accepted_request

pytestmark = pytest.mark.django_db


def from_request(help_request) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_open_from_request", args=[help_request.pk])


def test_the_confirmation_lists_what_is_carried_over(login, office, coordinator):
    help_request = accepted_request(office, coordinator)
    response = login(coordinator).get(from_request(help_request))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Léa Marie Schmit-Kieffer", "Marie Schmit", "Jean Kieffer", "Depuis la séparation", str(coordinator)):
        assert text in html
    assert not response.context["form"].asks_person()


def test_posting_opens_the_case_and_goes_to_it(login, office, coordinator):
    help_request = accepted_request(office, coordinator)
    response = login(coordinator).post(from_request(help_request))
    case = CaseFile.objects.get(request=help_request)
    assert response.status_code == 302
    assert response.url == reverse("backoffice:case_detail", args=[case.pk])
    assert case.participants.count() == 3


def test_a_double_submit_opens_one_case_and_leads_to_it(login, office, coordinator):
    help_request = accepted_request(office, coordinator)
    client = login(coordinator)
    first = client.post(from_request(help_request))
    second = client.post(from_request(help_request))
    assert CaseFile.objects.filter(request=help_request).count() == 1
    assert second.status_code == 302
    assert second.url == first.url


def test_a_known_child_is_offered_and_can_be_chosen(login, office, coordinator):
    known = PersonFactory(surname="Schmit-Kieffer", first_names="Léa Marie", birth_date=dt.date(2016, 4, 2))
    help_request = accepted_request(office, coordinator)
    client = login(coordinator)
    page = client.get(from_request(help_request))
    assert page.context["form"].asks_person()
    assert known.full_name in page.content.decode()
    assert client.post(from_request(help_request)).status_code == 200  # a choice is needed
    assert not CaseFile.objects.filter(request=help_request).exists()
    client.post(from_request(help_request), {"person_choice": str(known.pk)})
    assert CaseFile.objects.get(request=help_request).child == known


def test_a_new_person_can_be_chosen_instead_of_the_known_one(login, office, coordinator):
    PersonFactory(surname="Schmit-Kieffer", first_names="Léa Marie", birth_date=dt.date(2016, 4, 2))
    help_request = accepted_request(office, coordinator)
    before = Person.objects.count()
    login(coordinator).post(from_request(help_request), {"person_choice": "new"})
    assert CaseFile.objects.filter(request=help_request).exists()
    assert Person.objects.count() == before + 3


def test_the_page_refuses_the_cast(login, office, coordinator, colleague, other_coordinator, outsider, intake_officer):
    help_request = accepted_request(office, coordinator)
    assert login(colleague).get(from_request(help_request)).status_code == 404  # not assigned to them
    assert login(other_coordinator).get(from_request(help_request)).status_code == 404
    assert login(outsider).get(from_request(help_request)).status_code == 403
    assert login(intake_officer).get(from_request(help_request)).status_code == 403
    assert login(other_coordinator).post(from_request(help_request)).status_code == 404
    assert not CaseFile.objects.filter(request=help_request).exists()


def test_a_request_still_in_triage_cannot_be_opened(login, office, coordinator):
    help_request = accepted_request(office, coordinator, status="in_triage")
    response = login(coordinator).post(from_request(help_request))
    assert response.status_code == 200
    assert response.context["error_summary"] == [("", "Only an accepted request can become a case file.")]


def test_the_request_page_offers_to_open_the_case_to_the_office_head(login, office, coordinator, office_head, intake_officer):
    help_request = accepted_request(office, coordinator)
    detail = reverse("backoffice:request_detail", args=[help_request.pk])
    response = login(office_head).get(detail)
    assert response.context["can_open_case"]
    assert from_request(help_request) in response.content.decode()
    assert not login(intake_officer).get(detail).context["can_open_case"]
    login(office_head).post(from_request(help_request))
    response = login(office_head).get(detail)
    assert response.context["case_file"].request_id == help_request.pk
    assert reverse("backoffice:case_detail", args=[response.context["case_file"].pk]) in response.content.decode()


def test_the_request_page_shows_persons_already_recorded_who_may_be_the_child(login, office, coordinator, intake_officer):
    PersonFactory(surname="Schmit-Kieffer", first_names="Léa Marie", birth_date=dt.date(2016, 4, 2))
    help_request = accepted_request(office, coordinator)
    response = login(intake_officer).get(reverse("backoffice:request_detail", args=[help_request.pk]))
    assert len(response.context["known_persons"]) == 1
    assert "Persons already recorded who may be this child" in response.content.decode()


def test_my_cases_lists_the_accepted_requests_waiting_for_a_case(login, office, coordinator):
    help_request = accepted_request(office, coordinator)
    response = login(coordinator).get(reverse("backoffice:case_list"))
    assert response.context["awaiting"] == [help_request]
    assert from_request(help_request) in response.content.decode()


OPEN = reverse("backoffice:case_open")


def direct(**overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "child_first_names": "Tom",
        "child_surname": "Weber",
        "child_birth_date_day": "3",
        "child_birth_date_month": "2",
        "child_birth_date_year": "2012",
        "child_commune": "",
        "framework": "judicial",
        "summary": "Ordonnance du tribunal de la jeunesse.",
        "coordinator": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_opens_a_case_directly(login, office, coordinator):
    client = login(coordinator)
    assert client.get(OPEN).status_code == 200
    response = client.post(OPEN, direct(office=str(office.pk)))
    case = CaseFile.objects.get(child__surname="Weber")
    assert response.url == reverse("backoffice:case_detail", args=[case.pk])
    assert (case.coordinator, case.framework, case.request) == (coordinator, "judicial", None)


def test_opening_directly_keeps_what_was_typed_on_error(login, office, coordinator):
    response = login(coordinator).post(OPEN, direct(office=str(office.pk), child_surname=""))
    assert response.status_code == 200
    assert ("#id_child_surname", "Enter the child's surname.") in response.context["error_summary"]
    assert "Ordonnance du tribunal de la jeunesse." in response.content.decode()


def test_opening_directly_in_another_office_is_not_offered(login, other_office, coordinator):
    response = login(coordinator).post(OPEN, direct(office=str(other_office.pk)))
    assert "office" in response.context["form"].errors
    assert not CaseFile.objects.exists()


def test_opening_directly_refuses_an_outsider(login, outsider):
    assert login(outsider).get(OPEN).status_code == 403
