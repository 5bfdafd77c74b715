from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.people.models import Person
from openaef.people.services import person_update

pytestmark = pytest.mark.django_db


def form_data(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "version": str(person.version),
        "surname": person.surname,
        "surname_at_birth": person.surname_at_birth,
        "first_names": person.first_names,
        "birth_date_day": str(person.birth_date.day),
        "birth_date_month": str(person.birth_date.month),
        "birth_date_year": str(person.birth_date.year),
        "birth_place": "",
        "sex": person.sex,
        "nationality": "",
        "languages": "",
        "national_id_scheme": "",
        "national_id": "",
        "address": "",
        "postcode": "",
        "commune": "",
        "phones": "",
        "email": "",
    }
    data.update(changes)
    return data


def test_it_saves_the_details(login, coordinator, case, child):
    url = reverse("backoffice:person_edit", args=[child.pk])
    response = login(coordinator).post(url, form_data(child, birth_place="Esch-sur-Alzette", phones="621 123 456"))
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.birth_place, child.phones, child.version) == ("Esch-sur-Alzette", ["+352621123456"], 2)


def test_it_refuses_a_stale_save_and_keeps_what_was_typed(login, coordinator, office_head, case, child):
    url = reverse("backoffice:person_edit", args=[child.pk])
    stale = form_data(child, birth_place="Typed by Carla", email="carla.typed@example.test")
    person_update(actor=office_head, person=child, expected_version=1, birth_place="Saved by Bob")

    response = login(coordinator).post(url, stale)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert 'value="Typed by Carla"' in html and 'value="carla.typed@example.test"' in html
    assert "Saved by Bob" in html  # the current value, shown beside
    assert 'name="version" value="2"' in html
    child.refresh_from_db()
    assert child.birth_place == "Saved by Bob"


def test_the_same_input_saved_again_after_a_conflict_wins(login, coordinator, office_head, case, child):
    url = reverse("backoffice:person_edit", args=[child.pk])
    person_update(actor=office_head, person=child, expected_version=1, birth_place="Saved by Bob")
    child.refresh_from_db()
    assert login(coordinator).post(url, form_data(child, birth_place="Carla")).status_code == 302
    child.refresh_from_db()
    assert child.birth_place == "Carla"


def test_it_shows_a_wrong_identifier_next_to_the_field(login, coordinator, case, child):
    url = reverse("backoffice:person_edit", args=[child.pk])
    response = login(coordinator).post(url, form_data(child, national_id_scheme="lu", national_id="2015051712345"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_national_id"' in html and "id_national_id-error" in html
    assert 'value="2015051712345"' in html


def test_it_shows_a_wrong_phone_number(login, coordinator, case, child):
    url = reverse("backoffice:person_edit", args=[child.pk])
    response = login(coordinator).post(url, form_data(child, phones="12"))
    assert 'href="#id_phones"' in response.content.decode()
