from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.intake.models import Channel, HelpRequest, RequestParent
from openaef.intake.reference import normalise_reference
from openaef.portal.views_request import SESSION_KEY
from tests.intake.factories import form_data

URL = reverse("portal:request_form")

pytestmark = pytest.mark.django_db


def test_it_shows_an_empty_form_with_a_signed_token(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="submission_token"' in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_valid_submission_creates_one_request_and_redirects_to_the_confirmation(client):
    response = client.post(URL, form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:request_confirmation")
    help_request = HelpRequest.objects.get()
    assert normalise_reference(help_request.reference) == help_request.reference
    assert help_request.channel == Channel.WEB
    assert help_request.child_first_names == "Léa"
    assert help_request.child_commune.code == "differdange"
    assert help_request.proposed_office is not None
    assert help_request.contact_phone == "+352621123456"
    assert client.session[SESSION_KEY] == help_request.pk


def test_the_confirmation_url_carries_no_personal_data(client):
    response = client.post(URL, form_data())
    help_request = HelpRequest.objects.get()
    for secret in (help_request.reference, "Schmit", "Léa", str(help_request.child_birth_date.year)):
        assert secret not in response["Location"]


def test_the_same_post_twice_creates_one_request(client):
    data = form_data()

    first = client.post(URL, data)
    second = client.post(URL, data)

    assert first.status_code == second.status_code == 302
    assert HelpRequest.objects.count() == 1
    assert second["Location"] == reverse("portal:request_confirmation")


def test_a_forged_token_is_refused_and_the_typed_values_are_kept(client):
    response = client.post(URL, form_data(submission_token="not-a-signed-token"))

    assert response.status_code == 200
    assert HelpRequest.objects.count() == 0
    assert "Nothing you typed was lost" in response.text
    assert 'value="Schmit-Kieffer"' in response.text


def test_the_parents_are_recorded_and_a_blank_second_parent_is_ignored(client):
    client.post(URL, form_data())
    parent = RequestParent.objects.get()
    assert (parent.full_name, parent.relationship, parent.agreement) == ("Marie Schmit", "mother", "agrees")
    assert parent.phone == "+352621123456"


def test_a_postcode_stands_in_for_the_commune(client):
    client.post(URL, form_data(child_commune="", child_postcode="L-4501"))
    assert HelpRequest.objects.get().child_commune.code == "differdange"


def test_an_unknown_postcode_asks_for_the_commune(client):
    response = client.post(URL, form_data(child_commune="", child_postcode="0000"))
    assert response.status_code == 200
    assert "We could not find this postcode" in response.text
    assert HelpRequest.objects.count() == 0


def test_the_needs_ticked_are_recorded(client):
    from openaef.directory.models import Need

    needs = list(Need.objects.filter(pack="lu").order_by("position")[:2])
    client.post(URL, form_data(needs=[str(n.pk) for n in needs]))
    assert set(HelpRequest.objects.get().needs.all()) == set(needs)


REQUIRED = [
    ("requester_type", "id_requester_type_0", "Choose who is asking for help."),
    ("child_first_names", "id_child_first_names", "Enter the first names of the child or young adult."),
    ("child_surname", "id_child_surname", "Enter the surname of the child or young adult."),
    ("child_present_in_country", "id_child_present_in_country_0", "Say whether they live or are staying in Luxembourg."),
    ("situation", "id_situation", "Tell us what is going on."),
    ("preferred_language", "id_preferred_language_0", "Choose a language."),
    ("contact_preference", "id_contact_preference_0", "Choose how we should contact you."),
]


@pytest.mark.parametrize(("name", "anchor", "message"), REQUIRED)
def test_a_missing_required_answer_is_shown_next_to_its_field_and_the_rest_is_kept(client, name, anchor, message):
    data = form_data()
    del data[name]

    response = client.post(URL, data)

    assert response.status_code == 200
    assert HelpRequest.objects.count() == 0
    html = response.text
    field_id = anchor.removesuffix("_0")
    assert f'<a href="#{anchor}">{message}</a>' in html  # the error summary links to the field
    assert f'id="{field_id}-error"' in html  # and the message sits next to it
    assert html.index(f'id="{field_id}-error"') > html.index("govuk-error-summary")
    kept = {"requester_name": "Marie Schmit", "child_surname": "Schmit-Kieffer", "contact_times": "after 4 pm"}
    for field, typed in kept.items():
        if field != name:
            assert f'value="{typed}"' in html
    assert 'value="École du Centre"' in html
    assert 'name="parent1-phone" value="621 123 456"' in html
    if name != "situation":
        assert "refuse d&#x27;aller à l&#x27;école.</textarea>" in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error:" in html


def test_a_missing_date_of_birth_is_shown_next_to_the_date_and_the_rest_is_kept(client):
    response = client.post(URL, form_data(child_birth_date_day="", child_birth_date_month="", child_birth_date_year=""))
    assert '<a href="#id_child_birth_date_day">Enter the date of birth.</a>' in response.text
    assert 'id="id_child_birth_date-error"' in response.text
    assert 'value="Schmit-Kieffer"' in response.text


def test_a_partly_typed_date_keeps_what_was_typed(client):
    response = client.post(URL, form_data(child_birth_date_day="12", child_birth_date_month="", child_birth_date_year="2016"))
    assert "The date of birth must include a month." in response.text
    assert 'value="12" name="child_birth_date_day"' in response.text
    assert 'value="2016" name="child_birth_date_year"' in response.text


def test_a_date_of_birth_in_the_future_is_refused(client):
    response = client.post(URL, form_data(child_birth_date_year="2999"))
    assert "The date of birth must be today or in the past." in response.text
    assert HelpRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("preference", "field", "message"),
    [
        ("phone", "contact_phone", "Enter a telephone number, as you asked us to call you."),
        ("email", "contact_email", "Enter an e-mail address, as you asked us to write by e-mail."),
        ("post", "contact_address", "Enter a postal address, as you asked us to write by post."),
    ],
)
def test_the_chosen_way_of_contact_needs_its_details(client, preference, field, message):
    response = client.post(URL, form_data(contact_preference=preference, **{field: ""}))
    assert f'<a href="#id_{field}">{message}</a>' in response.text
    assert HelpRequest.objects.count() == 0


def test_a_wrong_telephone_number_is_refused_and_kept_as_typed(client):
    response = client.post(URL, form_data(contact_phone="12 34"))
    assert "Enter a telephone number, like" in response.text
    assert 'value="12 34"' in response.text


def test_a_foreign_number_is_stored_in_international_format(client):
    client.post(URL, form_data(contact_phone="+33 6 12 34 56 78"))
    assert HelpRequest.objects.get().contact_phone == "+33612345678"


def test_a_professional_names_their_organisation(client):
    response = client.post(URL, form_data(requester_type="professional", requester_organisation=""))
    assert "Enter the name of your organisation or service." in response.text


def test_someone_asking_for_someone_else_gives_their_name(client):
    response = client.post(URL, form_data(requester_name=""))
    assert "Enter your full name." in response.text


def test_a_young_adult_asking_for_themselves_need_not_repeat_their_name(client):
    response = client.post(URL, form_data(requester_type="young_adult", requester_name=""))
    assert response.status_code == 302


def test_a_half_filled_parent_is_completed_or_refused(client):
    response = client.post(URL, form_data(**{"parent2-phone": "621 654 321"}))
    assert '<a href="#id_parent2-full_name">Enter the name of the parent or legal representative.</a>' in response.text
    assert 'value="621 654 321"' in response.text
    assert HelpRequest.objects.count() == 0
