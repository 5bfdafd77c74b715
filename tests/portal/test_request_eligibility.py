from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from openaef.core.models import RateLimitHit
from openaef.intake.models import HelpRequest
from tests.intake.factories import date_fields, form_data, years_ago

URL = reverse("portal:request_form")

pytestmark = pytest.mark.django_db


def test_a_28_year_old_gets_the_not_eligible_page_and_nothing_is_stored(client):
    response = client.post(URL, form_data(**date_fields("child_birth_date", years_ago(28))))

    assert response.status_code == 200
    assert "We cannot take this request online" in response.text
    assert "older than 27" in response.text
    assert HelpRequest.objects.count() == 0
    assert RateLimitHit.objects.count() == 0


def test_a_child_not_in_luxembourg_gets_the_not_eligible_page_and_nothing_is_stored(client):
    response = client.post(URL, form_data(child_present_in_country="no", child_commune=""))

    assert response.status_code == 200
    assert "not living or staying in Luxembourg" in response.text
    assert HelpRequest.objects.count() == 0


def test_the_not_eligible_page_says_where_to_turn_instead(client):
    with translation.override("fr"):
        url = reverse("portal:request_form")
    response = client.post(url, form_data(child_present_in_country="no"))
    # The pack's own help text, in the reader's language, and the phone line.
    assert "vers qui vous tourner" in response.text
    assert "+352 247-73696" in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_not_eligible_page_keeps_every_answer_so_a_wrong_birth_date_can_be_corrected(client):
    response = client.post(URL, form_data(**date_fields("child_birth_date", years_ago(30))))

    html = response.text
    assert '<input type="hidden" name="child_surname" value="Schmit-Kieffer">' in html
    assert '<input type="hidden" name="parent1-full_name" value="Marie Schmit">' in html
    assert f'value="{years_ago(30).year}" name="child_birth_date_year"' in html
    assert 'name="child_birth_date_year" type="hidden"' not in html


def test_correcting_the_birth_date_on_the_not_eligible_page_sends_the_request(client):
    first = client.post(URL, form_data(**date_fields("child_birth_date", years_ago(30))))
    token = first.context["form"].signed_token
    corrected = dict(first.context["carried"])
    corrected.update(date_fields("child_birth_date", years_ago(10)))
    corrected.update(submission_token=token, child_present_in_country="yes")

    response = client.post(URL, corrected)

    assert response.status_code == 302
    assert HelpRequest.objects.get().child_surname == "Schmit-Kieffer"


def test_someone_aged_27_years_and_364_days_is_eligible(client):
    born = years_ago(28, days_later=1)

    response = client.post(URL, form_data(**date_fields("child_birth_date", born)))

    assert response.status_code == 302
    assert HelpRequest.objects.get().child_birth_date == born


def test_someone_born_today_is_eligible(client):
    response = client.post(URL, form_data(**date_fields("child_birth_date", years_ago(0))))
    assert response.status_code == 302


def test_the_eligibility_page_is_public_and_explains_who_can_receive_help(client):
    with translation.override("fr"):
        url = reverse("portal:request_not_eligible")
    response = client.get(url)
    assert response.status_code == 200
    assert "0 à 27 ans" in response.text
