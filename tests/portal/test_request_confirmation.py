from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.intake.models import HelpRequest
from openaef.portal.views_request import SESSION_KEY
from tests.factories import HelpRequestFactory
from tests.intake.factories import form_data

CONFIRMATION = reverse("portal:request_confirmation")
RECEIPT = reverse("portal:request_receipt_pdf")

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client):
    client.post(reverse("portal:request_form"), form_data())
    return HelpRequest.objects.get()


def test_it_shows_the_reference_prominently(client, sent):
    response = client.get(CONFIRMATION)
    assert response.status_code == 200
    assert "govuk-panel--confirmation" in response.text
    assert sent.reference in response.text
    assert RECEIPT in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_confirmation_404s_without_the_session(client, sent):
    client.cookies.clear()
    assert client.get(CONFIRMATION).status_code == 404
    assert client.get(RECEIPT).status_code == 404


def test_another_browser_cannot_see_the_confirmation(client, sent):
    from django.test import Client

    assert Client().get(CONFIRMATION).status_code == 404


def test_a_session_cannot_be_pointed_at_a_request_sent_by_someone_else_long_ago(client):
    old = HelpRequestFactory(received_at="2020-01-01T10:00:00+01:00")
    HelpRequest.objects.filter(pk=old.pk).update(created_at=old.received_at)
    session = client.session
    session[SESSION_KEY] = old.pk
    session.save()
    assert client.get(CONFIRMATION).status_code == 404


def test_the_receipt_is_a_pdf_download(client, sent):
    response = client.get(RECEIPT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_start_page_explains_what_will_be_asked_and_the_phone_alternative(client):
    response = client.get(reverse("portal:request_start"))
    assert response.status_code == 200
    assert reverse("portal:request_form") in response.text
    assert "How we use what you tell us" in response.text
    assert "+352 247-73696" in response.text
