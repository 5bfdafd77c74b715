from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.rights.models import AccessChannel, FileAccessRequest

from .factories import public_form_data

pytestmark = pytest.mark.django_db
FORM = reverse("portal:file_access_form")
SENT = reverse("portal:file_access_confirmation")


def test_the_start_page_says_what_happens_next(client):
    response = client.get(reverse("portal:file_access_start"))

    assert response.status_code == 200
    assert "identity card" in response.text
    assert "youth court" in response.text


def test_the_form_asks_no_reason(client):
    response = client.get(FORM)

    assert response.status_code == 200
    assert "You do not need to give a reason." in response.text
    assert "reason" not in response.context["form"].fields


def test_a_valid_request_is_recorded_and_the_confirmation_shows_its_reference(client):
    response = client.post(FORM, public_form_data())

    assert response.status_code == 302
    assert response.url == SENT
    request = FileAccessRequest.objects.get()
    assert request.channel == AccessChannel.WEB
    assert request.child_name == "Lena Weber"
    page = client.get(SENT)
    assert request.reference in page.text
    # The confirmation shows the reference only, and no name travels in a URL.
    assert "Weber" not in page.text
    assert "Weber" not in response.url


def test_errors_are_shown_next_to_their_fields_and_what_was_typed_is_kept(client):
    response = client.post(FORM, public_form_data(surname_at_birth="", contact_email="", child_name=""))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"surname_at_birth", "contact_email", "child_name"}
    assert 'id="id_surname_at_birth-error"' in response.text
    assert 'value="Esch-sur-Alzette"' in response.text
    assert 'href="#id_surname_at_birth"' in response.text
    assert not FileAccessRequest.objects.exists()


def test_a_child_name_is_only_kept_from_a_parent(client):
    client.post(FORM, public_form_data(applicant="child"))

    assert FileAccessRequest.objects.get().child_name == ""


def test_a_double_submission_records_one_request(client):
    data = public_form_data()

    client.post(FORM, data)
    client.post(FORM, data)

    assert FileAccessRequest.objects.count() == 1


def test_a_tampered_token_is_refused_without_losing_the_answers(client):
    response = client.post(FORM, public_form_data(submission_token="forged"))

    assert response.status_code == 200
    assert "submission_token" in response.context["form"].errors
    assert not FileAccessRequest.objects.exists()


def test_the_sixth_request_within_the_window_from_one_address_gets_429(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 5
    for _ in range(5):
        assert client.post(FORM, public_form_data()).status_code == 302

    response = client.post(FORM, public_form_data())

    assert response.status_code == 429
    assert FileAccessRequest.objects.count() == 5


def test_a_second_click_on_send_does_not_count_against_the_limit(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    data = public_form_data()

    assert client.post(FORM, data).status_code == 302
    assert client.post(FORM, data).status_code == 302


def test_the_confirmation_is_not_found_without_a_request_sent_from_this_browser(client):
    assert client.get(SENT).status_code == 404


def test_a_date_of_birth_given_is_kept(client):
    client.post(FORM, public_form_data(birth_date_day="27", birth_date_month="3", birth_date_year="1990"))

    assert FileAccessRequest.objects.get().birth_date.isoformat() == "1990-03-27"
