from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.directory.models import Office
from openaef.intake.forms import new_signed_token
from openaef.rights.models import AccessChannel, FileAccessRequest
from openaef.rights.states import AccessStatus

from .factories import make_access_request, next_opening, slot_data

pytestmark = pytest.mark.django_db
LIST = reverse("backoffice:file_access_list")
RECORD = reverse("backoffice:file_access_record")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _detail(request: FileAccessRequest) -> str:
    return reverse("backoffice:file_access_detail", args=[request.pk])


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    request = make_access_request()

    for url in (LIST, RECORD, _detail(request)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


def test_a_coordinator_cannot_see_the_requests(coordinator):
    request = make_access_request()
    client = _client(coordinator)

    assert client.get(LIST).status_code == 403
    assert client.get(_detail(request)).status_code == 403


def test_an_intake_officer_records_a_paper_request_but_cannot_read_it(intake_officer):
    client = _client(intake_officer)
    today = timezone.localdate()

    response = client.post(RECORD, _record_data(today))

    assert response.status_code == 302
    assert response.url == RECORD
    request = FileAccessRequest.objects.get()
    assert request.channel == AccessChannel.PAPER
    assert request.created_by == intake_officer
    # The language the officer chose for writing to the person, not the page's.
    assert request.language == "de"
    assert timezone.localdate(request.received_at) == today
    assert client.get(_detail(request)).status_code == 403


def test_a_paper_request_without_a_language_is_refused_and_keeps_what_was_typed(dpo):
    data = _record_data(timezone.localdate())
    del data["language"]

    response = _client(dpo).post(RECORD, data)

    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    assert 'value="Wiltz"' in response.text
    assert not FileAccessRequest.objects.exists()


def test_a_paper_request_dated_in_the_future_is_refused(dpo):
    response = _client(dpo).post(RECORD, _record_data(timezone.localdate() + dt.timedelta(days=2)))

    assert response.status_code == 400
    assert "received_on" in response.context["form"].errors


def test_the_dpo_sees_overdue_requests_first_in_red(dpo):
    on_time = make_access_request()
    late = make_access_request(received_at=timezone.now() - dt.timedelta(days=60))

    response = _client(dpo).get(LIST)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.request.pk for row in rows] == [late.pk, on_time.pk]
    assert [row.overdue for row in rows] == [True, False]
    assert "govuk-tag--red" in response.text


def test_the_list_filters_by_status(dpo):
    make_access_request()
    refused = make_access_request()
    FileAccessRequest.objects.filter(pk=refused.pk).update(status=AccessStatus.REFUSED)

    response = _client(dpo).get(LIST, {"status": "refused"})

    assert [row.request.pk for row in response.context["rows"]] == [refused.pk]


def test_the_list_costs_the_same_number_of_queries_whatever_its_length(dpo):
    client = _client(dpo)
    make_access_request()
    one = _count(client, LIST)
    for _ in range(5):
        make_access_request()

    assert _count(client, LIST) == one


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_detail_page_is_logged_and_shows_the_deadline(dpo, django_assert_max_num_queries):
    request = make_access_request()
    client = _client(dpo)

    with django_assert_max_num_queries(14):
        response = client.get(_detail(request))

    assert response.status_code == 200
    assert request.reference in response.text
    assert response.context["overdue"] is False
    assert AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(request.pk), actor=dpo).exists()


def test_the_dpo_records_the_identity_check_then_offers_an_appointment(dpo):
    request = make_access_request()
    client = _client(dpo)
    identity = reverse("backoffice:file_access_identity", args=[request.pk])

    assert client.get(identity).status_code == 200
    response = client.post(identity, {"identity_document": "identity_card", "identity_document_last4": "X123", "version": 1})
    assert response.status_code == 302
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    response = client.post(
        reverse("backoffice:file_access_appointment", args=[request.pk]),
        slot_data(office, next_opening(office), dpo, version=2),
    )

    assert response.status_code == 302, response.text
    request.refresh_from_db()
    assert request.status == AccessStatus.APPOINTMENT_OFFERED
    assert request.identity_document_last4 == "X123"


def test_a_refusal_without_a_reason_shows_the_error_next_to_the_field(dpo):
    request = make_access_request()

    response = _client(dpo).post(
        reverse("backoffice:file_access_transition", args=[request.pk]),
        {"target": AccessStatus.REFUSED, "reason": "", "version": 1},
    )

    assert response.status_code == 400
    assert 'id="id_reason-error"' in response.text
    request.refresh_from_db()
    assert request.status == AccessStatus.RECEIVED


def test_a_stale_form_is_refused_and_says_so(dpo):
    request = make_access_request()

    response = _client(dpo).post(
        reverse("backoffice:file_access_transition", args=[request.pk]),
        {"target": AccessStatus.REFUSED, "reason": "No file.", "version": 0},
    )

    assert response.status_code == 400
    assert "Someone else changed this record" in response.text


def _record_data(received: dt.date) -> dict[str, str]:
    return {
        "channel": "paper",
        "language": "de",
        "received_on_day": str(received.day),
        "received_on_month": str(received.month),
        "received_on_year": str(received.year),
        "applicant": "self",
        "child_name": "",
        "surname_at_birth": "Muller",
        "first_names": "Jean",
        "place_of_birth": "Wiltz",
        "birth_date_day": "",
        "birth_date_month": "",
        "birth_date_year": "",
        "contact_email": "",
        "contact_phone": "",
        "contact_address": "1 rue du Parc, L-9516 Wiltz",
        "submission_token": new_signed_token(),
    }
