from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_finds_visible_people_by_name_and_sound(login, coordinator, case, child, mother):
    PersonFactory(surname="Schmit", first_names="Hidden")  # in no case Carla sees
    client = login(coordinator)
    url = reverse("backoffice:person_search")
    html = client.get(url, {"q": "schmidt"}).content.decode()
    assert reverse("backoffice:person_detail", args=[child.pk]) in html
    assert reverse("backoffice:person_detail", args=[mother.pk]) in html
    assert "Hidden" not in html
    html = client.get(
        url, {"q": "lea", "birth_date_day": "17", "birth_date_month": "5", "birth_date_year": "2015"}
    ).content.decode()
    assert reverse("backoffice:person_detail", args=[child.pk]) in html
    assert reverse("backoffice:person_detail", args=[mother.pk]) not in html


def test_another_office_finds_nobody(login, other_coordinator, case, child):
    html = login(other_coordinator).get(reverse("backoffice:person_search"), {"q": "schmit"}).content.decode()
    assert reverse("backoffice:person_detail", args=[child.pk]) not in html


def test_it_pages_with_a_bounded_number_of_queries(login, coordinator, case, django_assert_num_queries):
    for n in range(30):
        case.participants.create(person=PersonFactory(surname="Schmit", first_names=f"Member {n:02d}"), role="relative")
    client = login(coordinator)
    url = reverse("backoffice:person_search")
    client.get(url, {"q": "schmit"})
    with django_assert_num_queries(SEARCH_QUERIES):
        first = client.get(url, {"q": "schmit"})
    assert len(first.context["page"].items) == 25
    cursor = first.context["page"].next_cursor
    with django_assert_num_queries(SEARCH_QUERIES):
        second = client.get(url, {"q": "schmit", "cursor": cursor})
    assert "Member 29" in second.content.decode()


SEARCH_QUERIES = 6  # with the header's unread notifications count
