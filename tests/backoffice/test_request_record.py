from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.directory.models import Commune
from openaef.intake.models import HelpRequest, HelpRequestEvent

pytestmark = pytest.mark.django_db


def record_url() -> str:
    return reverse("backoffice:request_record")


def token_from(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="submission_token" value="([^"]+)"', response.content.decode()).group(1)


def filled(token: str, **changes: str) -> dict[str, str]:
    now = timezone.localtime() - timezone.timedelta(minutes=5)
    commune = Commune.objects.get(pack="lu", code="esch-sur-alzette")
    data = {
        "submission_token": token,
        "channel": "phone",
        "received_date_day": str(now.day),
        "received_date_month": str(now.month),
        "received_date_year": str(now.year),
        "received_time": now.strftime("%H:%M"),
        "priority": "2",
        "requester_type": "family_member",
        "requester_name": "Maria da Silva",
        "requester_relationship": "mère",
        "child_first_names": "Tiago",
        "child_surname": "da Silva",
        "child_birth_date_day": "4",
        "child_birth_date_month": "6",
        "child_birth_date_year": "2013",
        "child_present_in_country": "yes",
        "child_commune": str(commune.pk),
        "situation": "Conflits à la maison depuis la rentrée.",
        "preferred_language": "fr",
        "contact_preference": "phone",
        "contact_phone": "621 123 456",
        "parent1-relationship": "mother",
        "parent1-full_name": "Maria da Silva",
        "parent1-parental_authority": "yes",
        "parent1-agreement": "agrees",
    }
    data.update(changes)
    return data


def test_it_records_a_phone_request_and_opens_its_page(login, intake_officer):
    client = login(intake_officer)
    form_page = client.get(record_url())
    assert form_page.status_code == 200
    response = client.post(record_url(), filled(token_from(form_page)))
    assert response.status_code == 302, response.context["form"].error_summary()
    help_request = HelpRequest.objects.get()
    assert response.url == reverse("backoffice:request_detail", args=[help_request.pk])
    assert (help_request.channel, help_request.priority, help_request.created_by) == ("phone", 2, intake_officer)
    assert help_request.proposed_office.code == "ORE-ESCH"
    assert help_request.parents.get().full_name == "Maria da Silva"
    assert HelpRequestEvent.objects.get(request=help_request).actor == intake_officer


def test_it_does_not_record_twice_when_the_form_is_sent_twice(login, intake_officer):
    client = login(intake_officer)
    data = filled(token_from(client.get(record_url())))
    first = client.post(record_url(), data)
    second = client.post(record_url(), data)
    assert first.url == second.url
    assert HelpRequest.objects.count() == 1


def test_it_does_not_offer_the_online_channel(login, intake_officer):
    client = login(intake_officer)
    response = client.post(record_url(), filled(token_from(client.get(record_url())), channel="web"))
    assert response.status_code == 200
    assert "channel" in response.context["form"].errors
    assert HelpRequest.objects.count() == 0


def test_it_keeps_what_was_typed_when_a_field_is_missing(login, intake_officer):
    client = login(intake_officer)
    response = client.post(record_url(), filled(token_from(client.get(record_url())), child_surname=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_child_surname"' in html
    assert "Conflits à la maison depuis la rentrée." in html
    assert HelpRequest.objects.count() == 0


def test_it_refuses_a_date_received_in_the_future(login, intake_officer):
    client = login(intake_officer)
    year = str(timezone.localdate().year + 1)
    response = client.post(record_url(), filled(token_from(client.get(record_url())), received_date_year=year))
    assert "received_date" in response.context["form"].errors


def test_it_refuses_staff_entry_to_an_office_head_and_an_outsider(login, office_head, outsider):
    assert login(office_head).get(record_url()).status_code == 403
    assert login(outsider).get(record_url()).status_code == 403
    assert login(outsider).post(record_url(), {}).status_code == 403


def test_it_sends_an_anonymous_visitor_to_login(client):
    assert client.get(record_url()).url.startswith(reverse("backoffice:login"))


def test_it_lists_the_errors_in_the_order_of_the_page(login, intake_officer):
    client = login(intake_officer)
    response = client.post(record_url(), {"submission_token": token_from(client.get(record_url()))})
    anchors = [anchor for anchor, _message in response.context["form"].error_summary()]
    assert anchors[0] == "#id_channel_0"
