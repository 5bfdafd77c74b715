"""The three-user cast on every person page: the coordinator assigned to the case the person
takes part in, a coordinator of another office, and an outsider without the permission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.people.models import RelationshipKind
from openaef.people.services import household_create, relationship_add

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(case, child, mother, coordinator):  # type: ignore[no-untyped-def]
    link = relationship_add(actor=coordinator, person=mother, relative=child, kind=RelationshipKind.MOTHER)
    household = household_create(actor=coordinator, pack="lu", name="Schmit", members=[child, mother])
    member = household.members.get(person=mother)
    twin = PersonFactory(surname="Schmitt", first_names="Lea", birth_date=child.birth_date)
    case.participants.create(person=twin, role="sibling")
    pk = child.pk
    return {
        "person_detail": reverse("backoffice:person_detail", args=[pk]),
        "person_edit": reverse("backoffice:person_edit", args=[pk]),
        "person_relationship_add": reverse("backoffice:person_relationship_add", args=[pk]),
        "person_relationship_end": reverse("backoffice:person_relationship_end", args=[pk, link.pk]),
        "person_household_add": reverse("backoffice:person_household_add", args=[pk]),
        "person_household_member_add": reverse("backoffice:person_household_member_add", args=[pk, household.pk]),
        "person_household_member_end": reverse("backoffice:person_household_member_end", args=[pk, member.pk]),
        "person_duplicates": reverse("backoffice:person_duplicates", args=[pk]),
        "person_merge": reverse("backoffice:person_merge", args=[pk, twin.pk]),
    }


MERGE_ONLY = {"person_merge"}


def test_the_assigned_coordinator_reaches_every_person_page_but_merging(login, coordinator, urls):
    client = login(coordinator)
    for name, url in urls.items():
        expected = 403 if name in MERGE_ONLY else 200
        assert client.get(url).status_code == expected, name


def test_the_office_head_reaches_every_person_page(login, office_head, urls):
    client = login(office_head)
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name


def test_a_coordinator_of_another_office_finds_nothing(login, other_coordinator, urls):
    client = login(other_coordinator)
    for name, url in urls.items():
        if name in MERGE_ONLY:
            continue
        assert client.get(url).status_code == 404, name
    assert client.post(urls["person_edit"], {"version": 1, "surname": "X"}).status_code == 404


def test_a_refused_look_is_logged(login, other_coordinator, urls, child):
    login(other_coordinator).get(urls["person_detail"])
    entry = AuditEvent.objects.order_by("-sequence").first()
    assert (entry.action, entry.object_id, entry.actor) == (AuditAction.ACCESS_REFUSED, str(child.pk), other_coordinator)


def test_an_outsider_is_refused_everywhere(login, outsider, urls):
    client = login(outsider)
    for name, url in [*urls.items(), ("person_search", reverse("backoffice:person_search"))]:
        assert client.get(url).status_code == 403, name


def test_an_anonymous_visitor_is_sent_to_sign_in(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], name


def test_a_missing_person_is_not_found(login, coordinator, db):
    assert login(coordinator).get(reverse("backoffice:person_detail", args=[999999])).status_code == 404


def test_a_colleague_of_the_same_office_may_read_but_not_change(login, office, case, child):
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    colleague = UserFactory(roles=[(Role.COORDINATOR, office)])
    client = login(colleague)
    assert client.get(reverse("backoffice:person_detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("backoffice:person_edit", args=[child.pk])).status_code == 403
