from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.people.identifiers import lu_check_digits
from openaef.people.models import Person, RelationshipKind
from openaef.people.services import household_create, person_merge, relationship_add

from .factories import PersonFactory

pytestmark = pytest.mark.django_db
NUMBER = "20150517123" + lu_check_digits("20150517123")


@pytest.fixture
def family(case, child, mother, coordinator):  # type: ignore[no-untyped-def]
    Person.objects.filter(pk=child.pk).update(national_id_scheme="lu", national_id=NUMBER)
    relationship_add(
        actor=coordinator,
        person=mother,
        relative=child,
        kind=RelationshipKind.MOTHER,
        holds_parental_authority=True,
        is_legal_representative=True,
    )
    household_create(actor=coordinator, pack="lu", name="Maison Schmit", members=[child, mother])
    return child


def test_it_shows_the_person_with_family_households_cases_and_history(login, coordinator, family, mother, case):
    response = login(coordinator).get(reverse("backoffice:person_detail", args=[family.pk]))
    html = response.content.decode()
    assert "Léa Marie Schmit" in html
    assert "Ana Schmit" in html and "Parental authority" in html and "Legal representative" in html
    assert "Maison Schmit" in html
    assert case.reference in html
    assert "Person recorded" not in html  # made by the factory, not a service
    assert "Relationship changed" in html


def test_it_masks_the_identifier_unless_asked_and_logs_the_full_view(login, coordinator, family):
    client = login(coordinator)
    url = reverse("backoffice:person_detail", args=[family.pk])
    assert NUMBER not in client.get(url).content.decode()
    assert NUMBER[-3:] in client.get(url).content.decode()
    assert NUMBER in client.get(url + "?identifier=full").content.decode()
    entry = AuditEvent.objects.order_by("-sequence").first()
    assert (entry.action, entry.fields) == (AuditAction.READ, ["national_id"])
    assert list(entry.person_links.values_list("person_id", flat=True)) == [family.pk]


def test_the_mother_page_shows_the_relationship_from_her_side(login, coordinator, family, mother):
    html = login(coordinator).get(reverse("backoffice:person_detail", args=[mother.pk])).content.decode()
    assert "Léa Marie Schmit" in html and "This person is their: Mother" in html


def test_a_merged_person_leads_to_the_kept_one(login, office_head, family, coordinator):
    twin = PersonFactory(surname="Schmitt", first_names="Lea", birth_date=family.birth_date)
    family.cases_as_child.first().participants.create(person=twin, role="sibling")
    person_merge(actor=office_head, keep=family, duplicate=twin, reason="Same child.")
    response = login(coordinator).get(reverse("backoffice:person_detail", args=[twin.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:person_detail", args=[family.pk])


def test_the_page_costs_the_same_number_of_queries_with_a_bigger_family(
    login, coordinator, family, mother, django_assert_num_queries
):
    client = login(coordinator)
    url = reverse("backoffice:person_detail", args=[family.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n in range(3):
        sibling = PersonFactory(surname="Schmit", first_names=f"Sibling {n}")
        relationship_add(actor=coordinator, person=sibling, relative=family, kind=RelationshipKind.SIBLING)
    with django_assert_num_queries(QUERIES):
        client.get(url)


QUERIES = 18  # with the header's unread notifications count
