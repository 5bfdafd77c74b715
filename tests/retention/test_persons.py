from __future__ import annotations

import datetime as dt

import pytest

from openaef.cases.models import CaseFile, ParticipantRole
from openaef.people.models import Person, Relationship
from openaef.people.selectors import person_search, visible_persons
from openaef.rights.models import FileAccessRequest, RetentionAction
from openaef.rights.retention import retention_run
from tests.people.factories import PersonFactory

from .conftest import AS_OF, noon, rules_with
from .factories import closed_access_request, closed_case

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
# Persons: anonymised a month after their last file was archived (a test rule; the pack sets none).
RULES = rules_with({"persons": "months:1"}, default=None)


def _archived_case(office, archived_on: dt.date, **fields):  # type: ignore[no-untyped-def]
    case = closed_case(office, archived_on - DAY * 800, **fields)
    CaseFile.objects.filter(pk=case.pk).update(archived_at=noon(archived_on))
    return case


def _cutoff() -> dt.date:
    day = RULES.get("persons").cutoff(AS_OF)
    assert day is not None
    return day


def test_a_person_whose_every_file_is_archived_is_anonymised_and_kept(office):
    child = PersonFactory(surname="Schmit", first_names="Lea", national_id="2015051712345", email="lea@example.test")
    _archived_case(office, _cutoff(), child=child)
    younger = _archived_case(office, _cutoff() + DAY).child
    run = retention_run(as_of=AS_OF, rules=RULES)
    child.refresh_from_db()
    assert child.anonymised_at is not None
    assert (child.surname, child.first_names, child.national_id, child.email, child.surname_key) == ("", "", "", "", "")
    assert child.birth_date == dt.date(2015, 1, 1)
    assert Person.objects.get(pk=younger.pk).anonymised_at is None
    action = RetentionAction.objects.get(run=run, kind="persons")
    assert (action.object_id, action.reference, action.last_contact) == (child.pk, "", _cutoff())


def test_a_person_with_a_live_case_or_a_live_relative_or_an_open_request_is_kept(office):
    in_live_case = _archived_case(office, _cutoff() - DAY * 100).child
    live = closed_case(office, AS_OF)  # closed, not archived: still in the active base
    live.participants.create(person=in_live_case, role=ParticipantRole.SIBLING)
    grandmother = PersonFactory()
    _archived_case(office, _cutoff() - DAY * 100).participants.create(person=grandmother, role=ParticipantRole.RELATIVE)
    Relationship.objects.create(person=grandmother, relative=live.child, kind="grandparent")
    asking = _archived_case(office, _cutoff() - DAY * 100).child
    request = closed_access_request(AS_OF)
    FileAccessRequest.objects.filter(pk=request.pk).update(status="received", person=asking)
    retention_run(as_of=AS_OF, rules=RULES)
    assert Person.objects.filter(pk__in=[in_live_case.pk, grandmother.pk, asking.pk], anonymised_at=None).count() == 3


def test_an_anonymised_person_is_not_found_by_person_search(office, coordinator):
    live = closed_case(office, AS_OF, coordinator=coordinator)
    person = PersonFactory(surname="Schmit", first_names="Lea")
    live.participants.create(person=person, role=ParticipantRole.SIBLING)
    assert [p.pk for p in person_search(coordinator, "schmit").items] == [person.pk]
    Person.objects.filter(pk=person.pk).update(anonymised_at=noon(AS_OF))
    assert person_search(coordinator, "schmit").items == []
    assert not visible_persons(coordinator).filter(pk=person.pk).exists()
