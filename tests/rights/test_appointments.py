"""The appointment of a file-access request and the record of the consultation (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import Office
from openaef.rights.models import (
    AccessEventKind,
    Applicant,
    AppointmentStatus,
    ExportStatus,
    FileExport,
    IdentityDocument,
)
from openaef.rights.services_appointments import (
    ConsultationInput,
    Slot,
    access_appointment_cancel,
    access_appointment_mark_missed,
    access_appointment_offer,
    access_appointment_reschedule,
    access_consultation_record,
)
from openaef.rights.states import AccessStatus
from tests.cases.factories import PersonFactory

from .factories import checked_request, make_access_request, next_opening

pytestmark = pytest.mark.django_db


@pytest.fixture
def esch(db):  # type: ignore[no-untyped-def]
    return Office.objects.get(pack="lu", code="ORE-ESCH")


def _offer(dpo, request, esch, starts=None, **kwargs):  # type: ignore[no-untyped-def]
    slot = Slot(office=esch, starts_at=starts or next_opening(esch), duration_minutes=60, professional=dpo)
    return access_appointment_offer(actor=dpo, access_request=request, slot=slot, expected_version=request.version, **kwargs)


def _ics(message) -> Calendar:  # type: ignore[no-untyped-def]
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_an_appointment_moves_a_checked_request_and_emails_the_invitation(dpo, esch, django_capture_on_commit_callbacks):
    request = checked_request(dpo)

    with django_capture_on_commit_callbacks(execute=True):
        appointment = _offer(dpo, request, esch)

    request.refresh_from_db()
    assert request.status == AccessStatus.APPOINTMENT_OFFERED
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=60)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@example.test"]
    assert "Weber" not in message.subject and "Anne" not in message.subject
    assert "method=REQUEST" in message.attachments[0][2]
    calendar = _ics(message)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.events[0]
    assert str(event["UID"]).startswith(str(appointment.uid))
    assert "Weber" not in str(event["SUMMARY"])
    assert "identity card" in str(event["DESCRIPTION"])
    assert "youth court" not in str(event["DESCRIPTION"])
    assert set(request.events.values_list("kind", flat=True)) >= {
        AccessEventKind.APPOINTMENT_OFFERED,
        AccessEventKind.INVITATION_SENT,
    }


def test_an_appointment_is_refused_before_the_identity_check(dpo, esch):
    request = make_access_request()

    with pytest.raises(ValidationError, match="identity"):
        _offer(dpo, request, esch)


def test_a_child_needs_the_capacity_of_discernment_recorded_with_the_identity_check(dpo):
    request = make_access_request(applicant=Applicant.CHILD, child_name="")
    from openaef.rights.services import access_request_transition

    with pytest.raises(ValidationError) as error:
        access_request_transition(
            actor=dpo,
            access_request=request,
            target=AccessStatus.IDENTITY_CHECKED,
            expected_version=1,
            identity_document=IdentityDocument.IDENTITY_CARD,
            identity_document_last4="1234",
        )

    assert "discernment_note" in error.value.message_dict


def test_a_child_with_discernment_recorded_gets_an_appointment(dpo, esch):
    request = checked_request(dpo, applicant=Applicant.CHILD, child_name="")

    appointment = _offer(dpo, request, esch)

    assert appointment.request.discernment_note
    assert request.events.filter(kind=AccessEventKind.DISCERNMENT).exists()


@pytest.mark.parametrize(
    ("shift", "field"),
    [
        ("past", "date"),
        ("weekend", "date"),
        ("closed_hours", "start_time"),
    ],
)
def test_an_appointment_outside_working_days_or_hours_is_refused(dpo, esch, shift, field):
    request = checked_request(dpo)
    opening = next_opening(esch)
    starts = {
        "past": timezone.now() - dt.timedelta(days=1),
        "weekend": timezone.make_aware(dt.datetime.combine(_next_saturday(), dt.time(14))),
        "closed_hours": opening.replace(hour=9),
    }[shift]

    with pytest.raises(ValidationError) as error:
        _offer(dpo, request, esch, starts=starts)

    assert field in error.value.message_dict


def _next_saturday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def test_a_day_after_the_due_date_needs_a_confirmation(dpo, esch):
    request = checked_request(dpo)
    late = next_opening(esch, after=request.due_on)

    with pytest.raises(ValidationError) as error:
        _offer(dpo, request, esch, starts=late)
    assert "confirm_after_due" in error.value.message_dict

    assert _offer(dpo, request, esch, starts=late, confirm_after_due=True).starts_at == late


def test_a_professional_from_another_office_cannot_be_present(dpo, esch, coordinator, other_office):
    request = checked_request(dpo)
    other_office_staff = coordinator  # of ORE-ESCH: allowed there, not elsewhere
    wiltz = other_office
    slot = Slot(office=wiltz, starts_at=next_opening(wiltz), duration_minutes=60, professional=other_office_staff)

    with pytest.raises(ValidationError) as error:
        access_appointment_offer(actor=dpo, access_request=request, slot=slot, expected_version=request.version)

    assert "professional" in error.value.message_dict
    assert _offer_with(dpo, request, esch, coordinator).professional == coordinator


def _offer_with(dpo, request, esch, professional):  # type: ignore[no-untyped-def]
    slot = Slot(office=esch, starts_at=next_opening(esch), duration_minutes=60, professional=professional)
    return access_appointment_offer(actor=dpo, access_request=request, slot=slot, expected_version=request.version)


def test_a_second_offer_with_the_same_version_is_stale_and_creates_nothing(dpo, esch):
    request = checked_request(dpo)
    _offer(dpo, request, esch)

    with pytest.raises(StaleVersion):
        _offer(dpo, request, esch)

    assert request.appointments.count() == 1


def test_moving_keeps_the_uid_and_raises_the_sequence(dpo, esch, django_capture_on_commit_callbacks):
    request = checked_request(dpo)
    appointment = _offer(dpo, request, esch)
    later = next_opening(esch, after=timezone.localtime(appointment.starts_at).date(), at=dt.time(15))
    slot = Slot(office=esch, starts_at=later, duration_minutes=30, professional=dpo)

    with django_capture_on_commit_callbacks(execute=True):
        moved = access_appointment_reschedule(actor=dpo, appointment=appointment, slot=slot, expected_version=appointment.version)

    assert moved.uid == appointment.uid
    assert moved.sequence == appointment.sequence + 1
    event = _ics(mail.outbox[-1]).events[0]
    assert int(event["SEQUENCE"]) == moved.sequence
    assert later == event.DTSTART


def test_cancelling_needs_a_reason_and_sends_a_cancellation(dpo, esch, django_capture_on_commit_callbacks):
    request = checked_request(dpo)
    appointment = _offer(dpo, request, esch)

    with pytest.raises(ValidationError):
        access_appointment_cancel(actor=dpo, appointment=appointment, expected_version=appointment.version, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = access_appointment_cancel(
            actor=dpo, appointment=appointment, expected_version=appointment.version, reason="The office is closed."
        )

    assert cancelled.status == AppointmentStatus.CANCELLED
    calendar = _ics(mail.outbox[-1])
    assert calendar["METHOD"] == "CANCEL"
    assert int(calendar.events[0]["SEQUENCE"]) == 1
    # Another day can be offered once the first one is cancelled.
    request.refresh_from_db()
    assert _offer(dpo, request, esch).status == AppointmentStatus.OFFERED


def test_an_appointment_cannot_be_missed_before_it_happens(dpo, esch):
    request = checked_request(dpo)
    appointment = _offer(dpo, request, esch)

    with pytest.raises(ValidationError):
        access_appointment_mark_missed(actor=dpo, appointment=appointment, expected_version=appointment.version)

    appointment.starts_at = timezone.now() - dt.timedelta(hours=2)
    appointment.save(update_fields=["starts_at"])
    missed = access_appointment_mark_missed(actor=dpo, appointment=appointment, expected_version=appointment.version)
    assert missed.status == AppointmentStatus.MISSED
    with pytest.raises(TransitionNotAllowed):
        access_appointment_mark_missed(actor=dpo, appointment=missed, expected_version=missed.version)


def _consultation(appointment=None, export=None) -> ConsultationInput:  # type: ignore[no-untyped-def]
    return ConsultationInput(
        held_at=timezone.now() - dt.timedelta(minutes=5),
        attendees="Anne Weber, mother",
        identity_document=IdentityDocument.PASSPORT,
        identity_document_last4="zz99",
        shown="The case file's reports of 2025.",
        appointment=appointment,
        export=export,
    )


def test_the_consultation_marks_the_appointment_held_and_the_request_consulted(dpo, esch):
    request = checked_request(dpo)
    appointment = _offer(dpo, request, esch)
    request.refresh_from_db()
    export = FileExport.objects.create(
        request=request, person=PersonFactory(), status=ExportStatus.RELEASED, created_by=dpo, released_at=timezone.now()
    )

    consultation = access_consultation_record(
        actor=dpo, access_request=request, data=_consultation(appointment, export), expected_version=request.version
    )

    appointment.refresh_from_db()
    request.refresh_from_db()
    assert appointment.status == AppointmentStatus.HELD
    assert request.status == AccessStatus.CONSULTED
    assert consultation.identity_document_last4 == "ZZ99"
    assert consultation.export == export


def test_a_walk_in_consultation_needs_no_appointment_but_refuses_an_export_under_review(dpo):
    request = checked_request(dpo)
    draft = FileExport.objects.create(request=request, person=PersonFactory(), created_by=dpo)

    with pytest.raises(ValidationError) as error:
        access_consultation_record(
            actor=dpo, access_request=request, data=_consultation(export=draft), expected_version=request.version
        )
    assert "export" in error.value.message_dict

    consultation = access_consultation_record(
        actor=dpo, access_request=request, data=_consultation(), expected_version=request.version
    )
    assert consultation.appointment is None
