from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.people.models import HouseholdMember, Person, Relationship, RelationshipKind
from openaef.people.services import household_create, relationship_add

pytestmark = pytest.mark.django_db


def test_it_links_a_relative_found_by_search(login, coordinator, case, child, mother):
    url = reverse("backoffice:person_relationship_add", args=[child.pk])
    client = login(coordinator)
    page = client.get(url, {"q": "ana"}).content.decode()
    assert f'value="{mother.pk}"' in page
    response = client.post(
        url,
        {"q": "ana", "relative": mother.pk, "direction": "other", "kind": "mother", "holds_parental_authority": "on"},
    )
    assert response.status_code == 302
    link = Relationship.objects.get()
    assert (link.person, link.relative, link.kind, link.holds_parental_authority) == (mother, child, "mother", True)


def test_it_records_a_new_relative_and_links_them(login, coordinator, case, child):
    url = reverse("backoffice:person_relationship_add", args=[child.pk])
    response = login(coordinator).post(
        url,
        {
            "q": "",
            "new_surname": "Ferreira",
            "new_first_names": "Rosa",
            "new_birth_date_day": "4",
            "new_birth_date_month": "6",
            "new_birth_date_year": "1960",
            "direction": "other",
            "kind": "grandparent",
        },
    )
    assert response.status_code == 302
    grandmother = Person.objects.get(surname="Ferreira")
    assert Relationship.objects.get().person == grandmother
    # Linked to the child, she is now among the people Carla sees.
    assert login(coordinator).get(reverse("backoffice:person_detail", args=[grandmother.pk])).status_code == 200


def test_it_asks_for_a_relative(login, coordinator, case, child):
    url = reverse("backoffice:person_relationship_add", args=[child.pk])
    response = login(coordinator).post(url, {"q": "", "direction": "other", "kind": "mother"})
    assert "Choose a person, or enter the names" in response.content.decode()
    assert not Relationship.objects.exists()


def test_it_cannot_link_someone_the_user_cannot_see(login, coordinator, case, child):
    stranger = Person.objects.create(pack="lu", surname="Stranger", first_names="Sam")
    url = reverse("backoffice:person_relationship_add", args=[child.pk])
    response = login(coordinator).post(url, {"q": "stranger", "relative": stranger.pk, "direction": "other", "kind": "father"})
    assert response.status_code == 200
    assert not Relationship.objects.exists()


def test_it_ends_a_relationship(login, coordinator, case, child, mother):
    link = relationship_add(actor=coordinator, person=mother, relative=child, kind=RelationshipKind.MOTHER)
    url = reverse("backoffice:person_relationship_end", args=[child.pk, link.pk])
    response = login(coordinator).post(url, {"until_day": "1", "until_month": "2", "until_year": "2026"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert str(link.until) == "2026-02-01"


def test_it_records_a_household_and_its_members(login, coordinator, case, child, mother):
    client = login(coordinator)
    url = reverse("backoffice:person_household_add", args=[child.pk])
    data = {
        "name": "Maison Schmit",
        "address": "1 rue X",
        "postcode": "L-4001",
        "since_day": "",
        "since_month": "",
        "since_year": "",
    }
    assert client.post(url, data).status_code == 302
    member = HouseholdMember.objects.get(person=child)
    add = reverse("backoffice:person_household_member_add", args=[child.pk, member.household_id])
    assert client.post(add, {"q": "ana", "person": mother.pk}).status_code == 302
    assert member.household.members.count() == 2
    end = reverse("backoffice:person_household_member_end", args=[child.pk, member.household.members.get(person=mother).pk])
    assert client.post(end, {"until_day": "1", "until_month": "3", "until_year": "2026"}).status_code == 302
    assert str(HouseholdMember.objects.get(person=mother).until) == "2026-03-01"


def test_it_refuses_a_member_of_another_household(login, coordinator, case, child, mother):
    household = household_create(actor=coordinator, pack="lu", members=[mother])
    other = Person.objects.create(pack="lu", surname="Other", first_names="One")
    household_create(actor=coordinator, pack="lu", members=[other])
    url = reverse("backoffice:person_household_member_add", args=[child.pk, household.pk])
    assert login(coordinator).get(url).status_code == 404
