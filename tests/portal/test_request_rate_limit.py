from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.intake.models import HelpRequest
from tests.intake.factories import form_data

URL = reverse("portal:request_form")

pytestmark = pytest.mark.django_db


def test_the_sixth_request_within_the_window_from_one_address_gets_429(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 5
    for _ in range(5):
        assert client.post(URL, form_data()).status_code == 302

    response = client.post(URL, form_data())

    assert response.status_code == 429
    assert "+352 247-73696" in response.text
    assert HelpRequest.objects.count() == 5


def test_another_address_is_not_held_back(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data()).status_code == 429
    assert client.post(URL, form_data(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_invalid_submissions_do_not_count(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    for _ in range(3):
        assert client.post(URL, form_data(situation="")).status_code == 200
    assert client.post(URL, form_data()).status_code == 302


def test_a_double_click_is_not_counted_twice(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    data = form_data()
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert HelpRequest.objects.count() == 1
