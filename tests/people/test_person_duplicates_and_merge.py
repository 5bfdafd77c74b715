from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.people.models import Person, PersonEvent, PersonEventKind

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin(case, child):  # type: ignore[no-untyped-def]
    twin = PersonFactory(surname="Schmitt", first_names="Lea", birth_date=child.birth_date)
    case.participants.create(person=twin, role="sibling")
    return twin


def test_it_lists_visible_duplicates_only(login, office_head, child, twin):
    elsewhere = PersonFactory(surname="Schmidt", first_names="Léa", birth_date=child.birth_date)
    html = login(office_head).get(reverse("backoffice:person_duplicates", args=[child.pk])).content.decode()
    assert reverse("backoffice:person_detail", args=[twin.pk]) in html
    assert reverse("backoffice:person_detail", args=[elsewhere.pk]) not in html
    assert reverse("backoffice:person_merge", args=[child.pk, twin.pk]) in html


def test_the_coordinator_sees_duplicates_but_no_merge_link(login, coordinator, child, twin):
    html = login(coordinator).get(reverse("backoffice:person_duplicates", args=[child.pk])).content.decode()
    assert reverse("backoffice:person_detail", args=[twin.pk]) in html
    assert reverse("backoffice:person_merge", args=[child.pk, twin.pk]) not in html


def test_it_merges_after_confirmation(login, office_head, child, twin):
    url = reverse("backoffice:person_merge", args=[child.pk, twin.pk])
    client = login(office_head)
    assert "Merge the two records" in client.get(url).content.decode()
    response = client.post(url, {"keep": child.pk, "reason": "Same child, typo.", "version": 1, "other_version": 1})
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:person_detail", args=[child.pk])
    twin.refresh_from_db()
    assert twin.merged_into == child
    assert PersonEvent.objects.filter(kind=PersonEventKind.MERGED).count() == 2


def test_it_can_keep_the_other_record(login, office_head, child, twin):
    url = reverse("backoffice:person_merge", args=[child.pk, twin.pk])
    login(office_head).post(url, {"keep": twin.pk, "reason": "Same.", "version": 1, "other_version": 1})
    child.refresh_from_db()
    assert child.merged_into == twin


def test_it_asks_for_a_reason(login, office_head, child, twin):
    url = reverse("backoffice:person_merge", args=[child.pk, twin.pk])
    response = login(office_head).post(url, {"keep": child.pk, "reason": "", "version": 1, "other_version": 1})
    assert "Explain why these two records are the same person." in response.content.decode()
    assert Person.objects.get(pk=twin.pk).merged_into is None


def test_it_refuses_a_merge_of_records_changed_meanwhile(login, office_head, child, twin):
    Person.objects.filter(pk=twin.pk).update(version=2)
    url = reverse("backoffice:person_merge", args=[child.pk, twin.pk])
    response = login(office_head).post(url, {"keep": child.pk, "reason": "Same.", "version": 1, "other_version": 1})
    assert response.status_code == 409
    assert "Same." in response.content.decode()
    assert Person.objects.get(pk=twin.pk).merged_into is None


def test_a_merge_is_only_a_post(login, office_head, child, twin):
    url = reverse("backoffice:person_merge", args=[child.pk, twin.pk])
    login(office_head).get(url + "?keep=1&reason=x")
    assert Person.objects.get(pk=twin.pk).merged_into is None
