from __future__ import annotations

import pytest

from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.people.models import Relationship, RelationshipKind
from openaef.rights.export import find_names, gather, highlighted, person_named
from openaef.rights.models import ItemFlag
from tests.cases.factories import PersonFactory, make_case
from tests.factories import HelpRequestFactory

from .factories import Family

pytestmark = pytest.mark.django_db


def _draft(gathered, source: str, source_id: int):  # type: ignore[no-untyped-def]
    return next(d for d in gathered.drafts if d.source == source and d.source_id == source_id)


def test_the_other_parents_name_is_proposed_redacted_and_the_childs_is_not(family: Family):
    gathered = gather(family.request, family.child)

    note = _draft(gathered, "cases.journalnote", family.note.pk)
    assert note.third_parties == ["MARC MULLER", "Marc"]
    assert note.released_text == (
        "Visite à domicile. [third party] était présent; Léna Weber allait bien. [third party] a crié sur Anne."
    )
    assert note.text == family.note.text


def test_the_applicant_parent_is_not_a_third_party(family: Family):
    gathered = gather(family.request, family.child)

    participants = next(d for d in gathered.drafts if d.section.endswith("|participants"))
    assert "Anne Weber" in participants.released_text
    assert "Marc Müller" not in participants.released_text
    assert participants.third_parties == ["Marc Müller"]


def test_a_restricted_note_starts_flagged(family: Family):
    gathered = gather(family.request, family.child)

    assert _draft(gathered, "cases.journalnote", family.restricted.pk).flag == ItemFlag.RESTRICTED
    assert _draft(gathered, "cases.journalnote", family.note.pk).flag == ""


def test_the_requester_of_help_who_is_not_the_applicant_is_flagged(family: Family, office):  # type: ignore[no-untyped-def]
    help_request = HelpRequestFactory(requester_name="Paul Nachbar", situation="Paul Nachbar heard shouting.")
    family.case.request = help_request
    family.case.save(update_fields=["request"])

    gathered = gather(family.request, family.child)

    situation, requester = [d for d in gathered.drafts if d.source == "intake.helprequest" and d.source_id == help_request.pk]
    assert requester.title == "Who asked for help"
    assert requester.flag == ItemFlag.THIRD_PARTY_ORIGIN
    assert situation.flag == ""
    assert "Paul Nachbar" not in situation.released_text
    assert situation.third_parties == ["Paul Nachbar"]


def test_items_come_in_a_stable_order(family: Family):
    first = [(d.section, d.source, d.source_id) for d in gather(family.request, family.child).drafts]
    second = [(d.section, d.source, d.source_id) for d in gather(family.request, family.child).drafts]

    assert first == second
    assert first[0][0] == "person"
    notes = [d for d in first if d[1] == "cases.journalnote"]
    assert [n[2] for n in notes] == [family.note.pk, family.restricted.pk]


def test_a_relative_named_in_the_persons_record_is_a_third_party(family: Family):
    grandmother = PersonFactory(first_names="Odette", surname="Klein")
    Relationship.objects.create(person=grandmother, relative=family.child, kind=RelationshipKind.GRANDPARENT)

    gathered = gather(family.request, family.child)

    relatives = next(d for d in gathered.drafts if d.section == "relatives")
    assert relatives.third_parties == ["Odette Klein"]
    assert "Odette" not in relatives.released_text


def test_gathering_reads_a_bounded_number_of_queries(family: Family, office, coordinator, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for _n in range(3):
        other = make_case(office=office, coordinator=coordinator)
        CaseParticipant.objects.create(case=other, person=family.child, role=ParticipantRole.SIBLING, position=1)

    with django_assert_max_num_queries(10):
        gathered = gather(family.request, family.child)

    assert len({d.section.split("|")[0] for d in gathered.drafts if "|" in d.section}) == 4


def test_names_are_found_whatever_the_accents_and_case():
    marc = person_named(PersonFactory.build(first_names="Marc", surname="Müller", surname_at_birth=""), ambiguous=set())

    spans = find_names("vu mÜller, marc muller et MARC.", [marc])

    assert [name for _s, _e, name in spans] == ["Marc Müller"] * 3


def test_highlighting_cuts_the_text_around_the_names():
    assert highlighted("Marc came with Léna.", ["Marc"]) == [("Marc", True), (" came with Léna.", False)]


def test_a_father_who_shares_the_childs_surname_is_redacted_by_his_full_name(family: Family):
    uncle = PersonFactory(first_names="Jean-Paul", surname="Weber")
    CaseParticipant.objects.create(case=family.case, person=uncle, role=ParticipantRole.RELATIVE, position=3)
    family.note.text = "Jean-Paul Weber et Léna Weber sont venus. Weber a parlé."
    family.note.save(update_fields=["text"])

    note = _draft(gather(family.request, family.child), "cases.journalnote", family.note.pk)

    assert note.released_text == "[third party] et Léna Weber sont venus. Weber a parlé."
    assert note.third_parties == ["Jean-Paul Weber"]
