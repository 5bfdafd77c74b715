from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openaef.audit.models import AuditEvent
from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.core.errors import StaleVersion
from openaef.people.models import HouseholdMember, PersonEvent, PersonEventKind, Relationship, RelationshipKind
from openaef.people.services import household_create, person_merge, relationship_add

from .factories import CaseFileFactory, PersonFactory, add_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin(db):  # type: ignore[no-untyped-def]
    """Léa recorded a second time, with a typo and a phone number the first record lacks."""
    return PersonFactory(
        surname="Schmitt", first_names="Lea", birth_date=dt.date(2015, 5, 17), phones=["+352621123456"], birth_place="Esch"
    )


def test_it_keeps_every_link_of_the_duplicate(office_head, office, case, child, mother, twin):
    other_case = CaseFileFactory(child=twin, office=office)
    # The same child recorded twice in one case: one row survives.
    add_participant(case, child, ParticipantRole.CHILD)
    add_participant(case, twin, ParticipantRole.CHILD)
    brother = PersonFactory(surname="Schmit", first_names="Max")
    relationship_add(actor=office_head, person=mother, relative=twin, kind=RelationshipKind.MOTHER)
    relationship_add(actor=office_head, person=twin, relative=brother, kind=RelationshipKind.SIBLING)
    household_create(actor=office_head, pack="lu", name="Schmit", members=[twin, mother])

    report = person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child, surname mistyped at intake.")

    assert CaseFile.objects.get(pk=other_case.pk).child == child
    assert not CaseParticipant.objects.filter(person=twin).exists()
    assert Relationship.objects.get(kind=RelationshipKind.MOTHER).relative == child
    assert Relationship.objects.get(kind=RelationshipKind.SIBLING).person == child
    assert HouseholdMember.objects.filter(person=child).count() == 1
    assert not HouseholdMember.objects.filter(person=twin).exists()
    twin.refresh_from_db()
    child.refresh_from_db()
    assert twin.merged_into == child
    assert (child.phones, child.birth_place) == (["+352621123456"], "Esch")
    assert report.moved["cases.casefile.child"] == 1
    assert [row["model"] for row in report.dropped] == ["cases.caseparticipant"]


def test_it_records_the_merge_on_both_persons_and_in_the_audit_log(office_head, child, twin):
    person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")
    kept_event = PersonEvent.objects.get(person=child, kind=PersonEventKind.MERGED)
    assert kept_event.data["duplicate"] == twin.pk
    assert PersonEvent.objects.get(person=twin, kind=PersonEventKind.MERGED).data["into"] == child.pk
    entry = AuditEvent.objects.order_by("-sequence").first()
    assert entry.reason == "Same child."
    assert sorted(entry.person_links.values_list("person_id", flat=True)) == sorted([child.pk, twin.pk])


def test_it_moves_the_duplicates_history_to_the_kept_person(office_head, child, twin):
    PersonEvent.objects.create(person=twin, kind=PersonEventKind.UPDATED, data={"fields": ["email"]})
    person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")
    assert child.events.filter(kind=PersonEventKind.UPDATED).exists()


def test_it_keeps_the_parental_authority_recorded_on_the_dropped_link(office_head, child, mother, twin):
    relationship_add(actor=office_head, person=mother, relative=child, kind=RelationshipKind.MOTHER)
    relationship_add(actor=office_head, person=mother, relative=twin, kind=RelationshipKind.MOTHER, holds_parental_authority=True)
    person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")
    link = Relationship.objects.get(person=mother, kind=RelationshipKind.MOTHER)
    assert link.relative == child and link.holds_parental_authority


def test_it_drops_a_link_between_the_two_records(office_head, child, twin):
    relationship_add(actor=office_head, person=child, relative=twin, kind=RelationshipKind.SIBLING)
    person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")
    assert not Relationship.objects.exists()


def test_it_refuses_a_merge_without_a_reason_or_twice(office_head, child, twin):
    with pytest.raises(ValidationError):
        person_merge(actor=office_head, keep=child, duplicate=twin, reason=" ")
    person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")
    with pytest.raises(ValidationError):
        person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same child.")


def test_it_refuses_a_merge_based_on_a_stale_version(office_head, child, twin):
    with pytest.raises(StaleVersion):
        person_merge(actor=office_head, keep=child, duplicate=twin, reason="Same.", keep_version=1, duplicate_version=0)
