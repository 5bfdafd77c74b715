from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.errors import StaleVersion
from openaef.people.identifiers import lu_check_digits
from openaef.people.models import Person, PersonEventKind, RelationshipKind
from openaef.people.phonetics import surname_key
from openaef.people.services import (
    household_create,
    household_member_add,
    household_member_end,
    person_create,
    person_update,
    relationship_add,
    relationship_end,
)

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_records_a_person_with_keys_phones_and_identifier(coordinator):
    first = "20150517123"
    person = person_create(
        actor=coordinator,
        pack="lu",
        surname=" Schmidt ",
        first_names="Léa",
        birth_date=dt.date(2015, 5, 17),
        national_id_scheme="lu",
        national_id=f"2015 0517 123 {lu_check_digits(first)}",
        phones=["621 123 456", "+33 6 12 34 56 78"],
    )
    person.refresh_from_db()
    assert person.surname == "Schmidt"
    assert person.surname_key == surname_key("Schmit")
    assert person.first_names_folded == "lea"
    assert person.national_id == first + lu_check_digits(first)
    assert person.phones == ["+352621123456", "+33612345678"]
    assert person.created_by == coordinator
    assert person.events.get().kind == PersonEventKind.CREATED
    entry = AuditEvent.objects.order_by("-sequence").first()
    assert (entry.action, entry.object_id) == (AuditAction.CREATE, str(person.pk))
    assert list(entry.person_links.values_list("person_id", flat=True)) == [person.pk]


def test_it_refuses_a_wrong_phone_number(coordinator):
    with pytest.raises(ValidationError) as raised:
        person_create(actor=coordinator, pack="lu", surname="Weber", first_names="Tom", phones=["12"])
    assert "phones" in raised.value.message_dict
    assert not Person.objects.filter(surname="Weber").exists()


def test_it_refuses_an_identifier_of_another_birth_date(coordinator):
    first = "20150517123"
    with pytest.raises(ValidationError):
        person_create(
            actor=coordinator,
            pack="lu",
            surname="Weber",
            first_names="Tom",
            birth_date=dt.date(2015, 5, 18),
            national_id_scheme="lu",
            national_id=first + lu_check_digits(first),
        )


def test_it_updates_the_keys_with_the_names_and_counts_versions(coordinator, child):
    updated = person_update(actor=coordinator, person=child, expected_version=1, surname="Meyer", birth_place="Esch")
    child.refresh_from_db()
    assert (child.version, child.surname_key, child.birth_place) == (2, surname_key("Maier"), "Esch")
    assert updated.version == 2
    event = child.events.get(kind=PersonEventKind.UPDATED)
    assert event.data["fields"] == ["surname", "birth_place"]
    entry = AuditEvent.objects.order_by("-sequence").first()
    assert entry.fields == ["birth_place", "surname"]


def test_it_refuses_a_save_based_on_a_stale_version(coordinator, office_head, child):
    person_update(actor=office_head, person=child, expected_version=1, birth_place="Esch")
    with pytest.raises(StaleVersion):
        person_update(actor=coordinator, person=child, expected_version=1, birth_place="Wiltz")
    child.refresh_from_db()
    assert (child.birth_place, child.version) == ("Esch", 2)


def test_it_refuses_a_save_when_the_row_moved_under_it(coordinator, child, monkeypatch):
    """Two saves read version 1 at the same time: the conditional UPDATE lets only one through."""
    from openaef.people import services

    real_prepare = services._prepare

    def concurrent_save(person, fields):  # another save commits between the read and the write
        Person.objects.filter(pk=person.pk).update(version=2)
        return real_prepare(person, fields)

    monkeypatch.setattr(services, "_prepare", concurrent_save)
    with pytest.raises(StaleVersion):
        person_update(actor=coordinator, person=child, expected_version=1, birth_place="Wiltz")
    child.refresh_from_db()
    assert child.birth_place == ""


def test_it_changes_nothing_when_nothing_changed(coordinator, child):
    person_update(actor=coordinator, person=child, expected_version=1, surname=child.surname)
    child.refresh_from_db()
    assert child.version == 1


def test_it_records_a_relationship_on_both_persons(coordinator, child, mother):
    link = relationship_add(
        actor=coordinator, person=mother, relative=child, kind=RelationshipKind.MOTHER, holds_parental_authority=True
    )
    assert mother.events.get().data["relative"] == child.pk
    assert child.events.get().data["person"] == mother.pk
    with pytest.raises(ValidationError):
        relationship_add(actor=coordinator, person=mother, relative=child, kind=RelationshipKind.MOTHER)
    with pytest.raises(ValidationError):
        relationship_add(actor=coordinator, person=child, relative=child, kind=RelationshipKind.SIBLING)
    relationship_end(actor=coordinator, relationship=link, until=dt.date(2026, 1, 1))
    link.refresh_from_db()
    assert link.until == dt.date(2026, 1, 1)


def test_it_manages_a_household(coordinator, child, mother):
    household = household_create(actor=coordinator, pack="lu", name="Schmit", members=[child, mother])
    assert household.members.count() == 2
    with pytest.raises(ValidationError):
        household_member_add(actor=coordinator, household=household, person=child)
    member = household.members.get(person=mother)
    household_member_end(actor=coordinator, member=member, until=dt.date(2026, 2, 1))
    member.refresh_from_db()
    assert member.until == dt.date(2026, 2, 1)
    assert mother.events.filter(kind=PersonEventKind.HOUSEHOLD).count() == 2


def test_it_refuses_changes_to_a_merged_person(coordinator):
    keep, duplicate = PersonFactory(), PersonFactory()
    Person.objects.filter(pk=duplicate.pk).update(merged_into=keep)
    duplicate.refresh_from_db()
    with pytest.raises(ValidationError):
        person_update(actor=coordinator, person=duplicate, expected_version=1, birth_place="Esch")
