"""The request page's person link, appointment, invitation and consultation pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import Framework
from openaef.directory.models import Office
from openaef.notifications.models import Notification, NotificationKind
from openaef.rights.models import AccessAppointment, AppointmentStatus, FileAccessRequest
from openaef.rights.services import access_request_link_person
from openaef.rights.states import AccessStatus
from tests.cases.factories import PersonFactory, make_case

from .factories import checked_request, make_access_request, next_opening, slot_data

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def esch(db):  # type: ignore[no-untyped-def]
    return Office.objects.get(pack="lu", code="ORE-ESCH")


def _urls(request: FileAccessRequest) -> list[str]:
    return [
        reverse("backoffice:file_access_person", args=[request.pk]),
        reverse("backoffice:file_access_appointment", args=[request.pk]),
        reverse("backoffice:file_access_consultation", args=[request.pk]),
    ]


@pytest.mark.parametrize("who", ["intake_officer", "office_head", "coordinator", "outsider"])
def test_only_the_data_protection_officer_reaches_the_request_steps(request, who):
    access_request = make_access_request()
    client = _client(request.getfixturevalue(who))

    for url in _urls(access_request):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    for url in _urls(make_access_request()):
        assert "login" in client.get(url)["Location"]


def test_the_dpo_finds_the_child_across_the_pack_and_links_the_request(dpo):
    access_request = make_access_request()
    lena = PersonFactory(surname="Weber", first_names="Lena", birth_date=dt.date(2014, 5, 2))
    PersonFactory(surname="Schmit", first_names="Paul")
    client = _client(dpo)
    search = reverse("backoffice:file_access_person", args=[access_request.pk])

    response = client.post(search, {"q": "weber", "birth_date_day": "", "birth_date_month": "", "birth_date_year": ""})

    assert response.status_code == 200
    assert "Lena" in response.text and "Paul" not in response.text
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="people.person", person_links__person_id=lena.pk
    ).exists()
    response = client.post(
        reverse("backoffice:file_access_person_link", args=[access_request.pk]), {"person": lena.pk, "version": 1}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.person == lena


def test_an_empty_search_says_what_to_enter(dpo):
    access_request = make_access_request()

    response = _client(dpo).post(
        reverse("backoffice:file_access_person", args=[access_request.pk]),
        {"q": "", "birth_date_day": "", "birth_date_month": "", "birth_date_year": ""},
    )

    assert response.status_code == 400
    assert "Enter a name or a date of birth" in response.text


def test_a_stale_link_is_refused_and_says_so(dpo):
    access_request = make_access_request()
    lena = PersonFactory(surname="Weber", first_names="Lena")

    response = _client(dpo).post(
        reverse("backoffice:file_access_person_link", args=[access_request.pk]), {"person": lena.pk, "version": 0}, follow=True
    )

    assert "Someone else changed this record" in response.text
    access_request.refresh_from_db()
    assert access_request.person is None


def _judicial_request(dpo, esch):  # type: ignore[no-untyped-def]
    access_request = checked_request(dpo)
    child = PersonFactory(surname="Weber", first_names="Lena")
    make_case(office=esch, child=child, framework=Framework.JUDICIAL)
    make_case(office=esch, child=child, framework=Framework.VOLUNTARY)
    return access_request_link_person(
        actor=dpo, access_request=access_request, person=child, expected_version=access_request.version
    )


def test_the_request_page_shows_the_cases_and_the_court_registry_notice(dpo, esch, django_assert_max_num_queries):
    access_request = _judicial_request(dpo, esch)
    client = _client(dpo)
    url = reverse("backoffice:file_access_detail", args=[access_request.pk])
    client.get(url)

    with django_assert_max_num_queries(30):
        response = client.get(url)

    assert response.status_code == 200
    assert "youth court" in response.text
    assert response.text.count("govuk-table__row") == 3  # the header and two case files
    assert "Offer an appointment" in response.text


def test_the_query_count_does_not_grow_with_the_history(dpo, esch):
    access_request = _judicial_request(dpo, esch)
    client = _client(dpo)
    url = reverse("backoffice:file_access_detail", args=[access_request.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    client.post(
        reverse("backoffice:file_access_appointment", args=[access_request.pk]),
        slot_data(esch, next_opening(esch), dpo, version=access_request.version),
    )
    assert AccessAppointment.objects.count() == 1
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_offering_through_the_page_twice_creates_one_appointment(dpo, esch, django_capture_on_commit_callbacks):
    access_request = _judicial_request(dpo, esch)
    client = _client(dpo)
    url = reverse("backoffice:file_access_appointment", args=[access_request.pk])
    data = slot_data(esch, next_opening(esch), dpo, version=access_request.version)
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "Someone else changed this record" in second.text
    assert AccessAppointment.objects.filter(request=access_request).count() == 1
    assert "youth court" in mail.outbox[0].body
    assert "Weber" not in mail.outbox[0].subject


def test_an_appointment_on_a_closed_day_shows_the_error_by_the_field(dpo, esch):
    access_request = checked_request(dpo)
    tuesday = next_opening(esch)

    response = _client(dpo).post(
        reverse("backoffice:file_access_appointment", args=[access_request.pk]),
        slot_data(esch, tuesday, dpo, version=access_request.version, start_time="09:00"),
    )

    assert response.status_code == 400
    assert 'id="id_start_time-error"' in response.text
    assert not AccessAppointment.objects.exists()


def test_the_ics_download_is_an_attachment_without_a_name_and_is_audited(dpo, esch):
    access_request = checked_request(dpo)
    _client(dpo).post(
        reverse("backoffice:file_access_appointment", args=[access_request.pk]),
        slot_data(esch, next_opening(esch), dpo, version=access_request.version),
    )
    appointment = AccessAppointment.objects.get()

    response = _client(dpo).get(reverse("backoffice:file_access_appointment_ics", args=[access_request.pk, appointment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and access_request.reference in disposition and "Weber" not in disposition
    assert b"BEGIN:VCALENDAR" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="rights.accessappointment").exists()


def test_a_person_without_e_mail_gets_a_letter(dpo, esch):
    access_request = checked_request(dpo, contact_email="", contact_address="1 rue du Parc\nL-9516 Wiltz")
    client = _client(dpo)
    client.post(
        reverse("backoffice:file_access_appointment", args=[access_request.pk]),
        slot_data(esch, next_opening(esch), dpo, version=access_request.version),
    )
    appointment = AccessAppointment.objects.get()

    detail = client.get(reverse("backoffice:file_access_detail", args=[access_request.pk]))
    letter = client.get(reverse("backoffice:file_access_appointment_letter", args=[access_request.pk, appointment.pk]))

    assert "send the invitation by post" in detail.text
    assert letter.status_code == 200 and "identity card" in letter.text
    assert not mail.outbox


def test_cancel_move_and_missed_through_the_pages(dpo, esch):
    access_request = checked_request(dpo)
    client = _client(dpo)
    client.post(
        reverse("backoffice:file_access_appointment", args=[access_request.pk]),
        slot_data(esch, next_opening(esch), dpo, version=access_request.version),
    )
    appointment = AccessAppointment.objects.get()
    move = reverse("backoffice:file_access_appointment_move", args=[access_request.pk, appointment.pk])
    later = next_opening(esch, after=timezone.localtime(appointment.starts_at).date())

    assert client.get(move).status_code == 200
    assert client.post(move, slot_data(esch, later, dpo, version=appointment.version)).status_code == 302
    cancel = reverse("backoffice:file_access_appointment_cancel", args=[access_request.pk, appointment.pk])
    assert client.post(cancel, {"reason": "", "version": 2}).status_code == 400
    assert client.post(cancel, {"reason": "Ill.", "version": 2}).status_code == 302
    appointment.refresh_from_db()
    assert (appointment.status, appointment.sequence) == (AppointmentStatus.CANCELLED, 2)
    missed = reverse("backoffice:file_access_appointment_missed", args=[access_request.pk, appointment.pk])
    response = client.post(missed, {"version": appointment.version}, follow=True)
    assert "Someone else changed this record" in response.text


def test_the_consultation_page_records_it_and_the_history_shows_every_step(dpo, esch):
    access_request = checked_request(dpo)
    client = _client(dpo)
    url = reverse("backoffice:file_access_consultation", args=[access_request.pk])
    assert client.get(url).status_code == 200
    now = timezone.localtime() - dt.timedelta(minutes=1)

    response = client.post(
        url,
        {
            "appointment": "",
            "held_on_day": str(now.day),
            "held_on_month": str(now.month),
            "held_on_year": str(now.year),
            "held_time": now.strftime("%H:%M"),
            "attendees": "Anne Weber",
            "identity_document": "identity_card",
            "identity_document_last4": "4321",
            "shown": "Everything.",
            "notes": "",
            "export": "",
            "version": str(access_request.version),
        },
    )

    assert response.status_code == 302, response.text
    access_request.refresh_from_db()
    assert access_request.status == AccessStatus.CONSULTED
    detail = client.get(reverse("backoffice:file_access_detail", args=[access_request.pk])).text
    for step in ("Request received", "Identity checked", "Consultation recorded", "File consulted"):
        assert step in detail


def test_the_dpos_are_told_of_a_new_request_after_it_is_committed(dpo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        access_request = make_access_request()

    notification = Notification.objects.get(user=dpo)
    assert notification.kind == NotificationKind.ACCESS_REQUEST_RECEIVED
    assert notification.params == {"reference": access_request.reference, "due_on": access_request.due_on.isoformat()}
