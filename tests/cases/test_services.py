"""Opening, changing and assigning cases through the services: carried over, versioned, recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEventKind, CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.services import (
    CaseAlreadyOpened,
    NewPerson,
    case_assign,
    case_open,
    case_open_from_request,
    case_update,
    participant_add,
    participant_remove,
)
from openaef.core.errors import StaleVersion
from openaef.directory.models import Commune
from openaef.intake.models import HelpRequest, RequestParent
from openaef.people.models import Person, Relationship
from tests.factories import HelpRequestFactory

from .factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def accepted_request(office, coordinator, **fields) -> HelpRequest:  # type: ignore[no-untyped-def]
    values = {
        "status": "accepted",
        "office": office,
        "coordinator": coordinator,
        "child_first_names": "Léa Marie",
        "child_surname": "Schmit-Kieffer",
        "child_birth_date": dt.date(2016, 4, 2),
        "child_commune": Commune.objects.filter(pack="lu", office=office).order_by("code").first(),
        "channel": "phone",
        "situation": "Depuis la séparation, Léa ne dort plus.",
    }
    values.update(fields)
    help_request = HelpRequestFactory(**values)
    RequestParent.objects.create(
        request=help_request,
        relationship="mother",
        full_name="Marie Schmit",
        phone="621 123 456",
        parental_authority="yes",
        agreement="agrees",
        position=0,
    )
    RequestParent.objects.create(
        request=help_request, relationship="guardian", full_name="Jean Kieffer", agreement="disagrees", position=1
    )
    return help_request


def test_opening_from_a_request_carries_the_child_the_parents_and_the_facts(office, coordinator):
    help_request = accepted_request(office, coordinator)
    case = case_open_from_request(actor=coordinator, help_request=help_request)
    assert case.request == help_request
    assert (case.office, case.coordinator, case.status) == (office, coordinator, "open")
    assert case.summary == help_request.situation
    assert case.reference.startswith("DOS-")
    child = case.child
    assert (child.first_names, child.surname, child.birth_date) == ("Léa Marie", "Schmit-Kieffer", dt.date(2016, 4, 2))
    assert child.commune == help_request.child_commune
    people = {(p.person.full_name, p.role, p.agrees) for p in case.participants.select_related("person")}
    assert people == {
        ("Léa Marie Schmit-Kieffer", ParticipantRole.CHILD, None),
        ("Marie Schmit", ParticipantRole.PARENT, True),
        ("Jean Kieffer", ParticipantRole.LEGAL_REPRESENTATIVE, False),
    }
    mother = Person.objects.get(surname="Schmit", first_names="Marie")
    assert mother.phones == ["+352621123456"]
    event = case.events.get()
    assert event.kind == CaseEventKind.OPENED
    assert event.data == {"request": help_request.reference, "request_id": help_request.pk, "channel": "phone"}


def test_opening_from_a_request_links_the_parents_to_the_child_with_parental_authority(office, coordinator):
    case = case_open_from_request(actor=coordinator, help_request=accepted_request(office, coordinator))
    links = {
        (link.person.full_name, link.kind, link.holds_parental_authority, link.is_legal_representative)
        for link in Relationship.objects.filter(relative=case.child).select_related("person")
    }
    assert links == {("Marie Schmit", "mother", True, True), ("Jean Kieffer", "guardian", False, True)}


def test_opening_from_a_request_is_audited_naming_every_person(office, coordinator):
    case = case_open_from_request(actor=coordinator, help_request=accepted_request(office, coordinator))
    entry = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.casefile", object_id=str(case.pk))
    named = set(entry.person_links.values_list("person_id", flat=True))
    assert named == set(case.participants.values_list("person_id", flat=True))
    assert len(named) == 3


def test_opening_from_a_request_twice_gives_one_case(office, coordinator):
    help_request = accepted_request(office, coordinator)
    first = case_open_from_request(actor=coordinator, help_request=help_request)
    with pytest.raises(CaseAlreadyOpened) as already:
        case_open_from_request(actor=coordinator, help_request=help_request)
    assert already.value.case == first
    assert CaseFile.objects.filter(request=help_request).count() == 1


def test_opening_from_a_request_can_reuse_a_known_child_and_their_parents(office, coordinator):
    known_child = PersonFactory(surname="Schmit-Kieffer", first_names="Léa", birth_date=dt.date(2016, 4, 2))
    earlier = make_case(office=office, coordinator=coordinator, child=known_child, status="closed")
    mother = PersonFactory(surname="Schmit", first_names="Marie", birth_date=dt.date(1985, 1, 1))
    CaseParticipant.objects.create(case=earlier, person=mother, role=ParticipantRole.PARENT, position=1)
    persons_before = Person.objects.count()
    case = case_open_from_request(actor=coordinator, help_request=accepted_request(office, coordinator), child=known_child)
    assert case.child == known_child
    assert case.participants.filter(person=mother, role=ParticipantRole.PARENT).exists()
    assert Person.objects.count() == persons_before + 1  # only the guardian is new


def test_a_parent_known_by_one_word_only_is_not_invented_but_noted(office, coordinator):
    help_request = accepted_request(office, coordinator)
    RequestParent.objects.create(request=help_request, relationship="father", full_name="Paulo", position=2)
    case = case_open_from_request(actor=coordinator, help_request=help_request)
    assert case.participants.count() == 3
    assert case.events.get().data["not_carried_over"] == ["Paulo"]


def test_only_an_accepted_request_becomes_a_case(office, coordinator):
    help_request = accepted_request(office, coordinator, status="in_triage")
    with pytest.raises(ValidationError):
        case_open_from_request(actor=coordinator, help_request=help_request)


def test_another_office_s_coordinator_cannot_open_the_case_of_a_request(office, coordinator, other_coordinator):
    with pytest.raises(PermissionDenied):
        case_open_from_request(actor=other_coordinator, help_request=accepted_request(office, coordinator))


def test_the_office_head_can_open_the_case_of_a_request_of_their_office(office, coordinator, office_head):
    case = case_open_from_request(actor=office_head, help_request=accepted_request(office, coordinator))
    assert case.coordinator == coordinator


def test_a_coordinator_opening_a_case_directly_holds_it(office, coordinator):
    case = case_open(
        actor=coordinator,
        pack="lu",
        child=NewPerson(surname="Weber", first_names="Tom", birth_date=dt.date(2012, 2, 3)),
        office=office,
        framework="judicial",
        summary="Ordonnance du tribunal de la jeunesse.",
    )
    assert case.coordinator == coordinator
    assert case.framework == "judicial"
    assert case.participants.get().role == ParticipantRole.CHILD
    assert case.events.get().kind == CaseEventKind.OPENED


def test_a_case_cannot_be_given_to_a_coordinator_of_another_office(office, office_head, other_coordinator):
    with pytest.raises(ValidationError) as error:
        case_open(
            actor=office_head,
            pack="lu",
            child=PersonFactory(),
            office=office,
            coordinator=other_coordinator,
            framework="voluntary",
        )
    assert "coordinator" in error.value.message_dict


def test_nobody_opens_a_case_in_an_office_that_is_not_theirs(other_office, coordinator):
    with pytest.raises(PermissionDenied):
        case_open(actor=coordinator, pack="lu", child=PersonFactory(), office=other_office, framework="voluntary")


def test_an_update_based_on_an_old_version_is_refused(case, coordinator):
    case_update(actor=coordinator, case=case, expected_version=1, framework="judicial", summary="First")
    with pytest.raises(StaleVersion):
        case_update(actor=coordinator, case=case, expected_version=1, framework="voluntary", summary="Second")
    case.refresh_from_db()
    assert (case.framework, case.summary, case.version) == ("judicial", "First", 2)


def test_an_update_records_which_fields_changed(case, coordinator):
    updated = case_update(actor=coordinator, case=case, expected_version=1, framework="voluntary", summary="New facts")
    assert updated.events.get().data == {"fields": ["summary"]}
    entry = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(case.pk))
    assert entry.fields == ["summary"]
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_a_colleague_of_the_office_cannot_change_the_case(case, colleague):
    with pytest.raises(PermissionDenied):
        case_update(actor=colleague, case=case, expected_version=1, framework="judicial", summary="")


def test_the_office_head_assigns_a_coordinator_of_the_office(case, office_head, colleague):
    updated = case_assign(actor=office_head, case=case, coordinator=colleague, expected_version=1)
    assert updated.coordinator == colleague
    assert updated.events.get().kind == CaseEventKind.ASSIGNED


def test_an_assignment_based_on_an_old_version_is_refused(case, office_head, colleague, coordinator):
    case_update(actor=coordinator, case=case, expected_version=1, framework="judicial", summary="")
    with pytest.raises(StaleVersion):
        case_assign(actor=office_head, case=case, coordinator=colleague, expected_version=1)


def test_a_coordinator_cannot_assign(case, coordinator, colleague):
    with pytest.raises(PermissionDenied):
        case_assign(actor=coordinator, case=case, coordinator=colleague, expected_version=1)


def test_the_head_cannot_assign_a_coordinator_of_another_office(case, office_head, other_coordinator):
    with pytest.raises(ValidationError):
        case_assign(actor=office_head, case=case, coordinator=other_coordinator, expected_version=1)


def test_a_person_is_added_once_and_taken_out_again(case, coordinator):
    participant = participant_add(
        actor=coordinator, case=case, person=NewPerson(surname="Schmit", first_names="Paul"), role="parent", agrees=True
    )
    assert participant.position == 1
    with pytest.raises(ValidationError):
        participant_add(actor=coordinator, case=case, person=participant.person, role="relative")
    participant_remove(actor=coordinator, participant=participant)
    assert not case.participants.filter(pk=participant.pk).exists()
    assert list(case.events.values_list("kind", flat=True)) == [CaseEventKind.PARTICIPANT, CaseEventKind.PARTICIPANT]


def test_the_child_cannot_be_taken_out_of_their_case(case, coordinator):
    with pytest.raises(ValidationError):
        participant_remove(actor=coordinator, participant=case.participants.get(role=ParticipantRole.CHILD))
