from __future__ import annotations

import pytest

from openaef.people.phonetics import first_name_key, name_fields, surname_key

SAME = [
    ("Schmit", "Schmitt", "Schmidt"),
    ("Müller", "Mueller", "Muller"),
    ("Gonçalves", "Goncalves", "GONÇALVES"),
    ("Da Silva", "Dasilva", "da silva"),
    ("Meyer", "Maier", "Mayer", "Meier"),
    ("Weber", "Webber"),
    ("Nikolić", "Nikolic", "Nikolich"),
    ("Ferreira", "Ferreyra"),
    ("Thill", "Till"),
    ("Hoffmann", "Hofmann"),
    ("Gonçalves Da Silva", "Gonçalves"),
    ("Schmit-Weber", "Schmit"),
    ("Van der Berg", "Vanderberg"),
]
DIFFERENT = [("Weber", "Wagner"), ("Pereira", "Ferreira"), ("Silva", "Santos"), ("Muller", "Meyer"), ("Martin", "Martins")]


@pytest.mark.parametrize("names", SAME)
def test_it_gives_spellings_of_one_surname_the_same_key(names):
    assert len({surname_key(name) for name in names}) == 1


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_it_tells_different_surnames_apart(one, other):
    assert surname_key(one) != surname_key(other)


def test_it_keys_first_names_on_the_first_one():
    assert first_name_key("Jean-Pierre") == first_name_key("Jean Marc") == first_name_key("Jean")
    assert first_name_key("Philippe") == first_name_key("Filipe")


def test_it_fills_every_stored_form():
    assert name_fields(surname="Müller", first_names="Zoë Anne", surname_at_birth="Da Silva") == {
        "surname_folded": "muller",
        "first_names_folded": "zoe anne",
        "surname_key": surname_key("Muller"),
        "surname_at_birth_key": surname_key("Dasilva"),
        "first_name_key": first_name_key("Zoe"),
    }


def test_it_gives_an_empty_name_an_empty_key():
    assert surname_key("") == "" and surname_key(" - ") == ""
