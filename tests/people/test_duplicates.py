from __future__ import annotations

import datetime as dt

import pytest

from openaef.people.duplicates import duplicates_of, find_duplicates
from openaef.people.identifiers import lu_check_digits
from openaef.people.models import Person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db
BORN = dt.date(2015, 5, 17)


def lu(first: str) -> str:
    return first + lu_check_digits(first)


@pytest.fixture
def family(db):  # type: ignore[no-untyped-def]
    return {
        "lea": PersonFactory(surname="Schmit", first_names="Léa", birth_date=BORN),
        "max": PersonFactory(surname="Schmit", first_names="Max", birth_date=dt.date(2012, 1, 9)),
        "joao": PersonFactory(surname="Gonçalves Da Silva", first_names="João", birth_date=None),
        "other": PersonFactory(surname="Weber", first_names="Léa", birth_date=BORN),
    }


def test_it_finds_a_spelling_variant_born_the_same_day(family):
    found = find_duplicates(pack="lu", surname="Schmidt", first_names="Lea", birth_date=BORN)
    assert [c.person for c in found] == [family["lea"], family["other"]]
    assert found[0].score >= 90
    assert found[0].reasons == ["same birth date", "similar names"]
    # Same first name and birth date, another surname: worth a look, no more.
    assert found[1].score < 70 and found[1].reasons == ["same birth date"]


def test_it_finds_day_and_month_swapped(family):
    found = find_duplicates(pack="lu", surname="Schmit", first_names="Max", birth_date=dt.date(2012, 9, 1))
    assert [c.person for c in found] == [family["max"]]
    assert "birth date with day and month swapped" in found[0].reasons


def test_it_finds_by_names_without_a_birth_date(family):
    found = find_duplicates(pack="lu", surname="Goncalves", first_names="Joao")
    assert [c.person for c in found] == [family["joao"]]


def test_it_finds_the_same_identifier_whatever_the_names(family):
    number = lu("20150517123")
    Person.objects.filter(pk=family["other"].pk).update(national_id_scheme="lu", national_id=number)
    found = find_duplicates(pack="lu", surname="Nobody", first_names="Else", national_id_scheme="lu", national_id=number)
    assert found[0].person == family["other"]
    assert (found[0].score, found[0].reasons[0]) == (100, "same identification number")


def test_it_finds_a_married_name_through_the_surname_at_birth(db):
    ana = PersonFactory(surname="Schmit", surname_at_birth="Ferreira", first_names="Ana", birth_date=dt.date(1988, 2, 3))
    found = find_duplicates(pack="lu", surname="Ferreyra", first_names="Ana", birth_date=dt.date(1988, 2, 3))
    assert [c.person for c in found] == [ana]


def test_it_leaves_out_merged_persons_and_the_person_itself(family):
    Person.objects.filter(pk=family["max"].pk).update(merged_into=family["lea"])
    assert find_duplicates(pack="lu", surname="Schmit", first_names="Max", birth_date=dt.date(2012, 1, 9)) == []
    assert [c.person for c in duplicates_of(family["lea"])] == [family["other"]]


def test_it_runs_at_most_three_queries(family, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        find_duplicates(
            pack="lu",
            surname="Schmit",
            first_names="Léa",
            birth_date=BORN,
            national_id_scheme="lu",
            national_id=lu("20150517123"),
        )
    with django_assert_max_num_queries(2):
        find_duplicates(pack="lu", surname="Schmit", first_names="Léa", national_id_scheme="lu", national_id="123")


def test_it_does_not_read_more_rows_for_a_bigger_table(family, django_assert_num_queries):
    PersonFactory.create_batch(30, surname="Schmit", first_names="Léa", birth_date=BORN)
    with django_assert_num_queries(1):
        found = find_duplicates(pack="lu", surname="Schmit", first_names="Léa", birth_date=BORN, limit=5)
    assert len(found) == 5
