"""A request remembers the language the person wrote in: the invitation and the copy of the file
are made in it, whatever the language of the officer's page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from openaef.directory.models import Office
from openaef.rights.ics import invitation_summary
from openaef.rights.models import AccessChannel, FileAccessRequest
from openaef.rights.services import access_request_submit
from openaef.rights.services_appointments import Slot, access_appointment_offer

from .factories import access_input, checked_request, next_opening, public_form_data

pytestmark = pytest.mark.django_db


def test_a_request_sent_from_the_german_page_is_in_german(client):
    with translation.override("de"):
        form = reverse("portal:file_access_form")
    assert form.startswith("/de/")

    client.post(form, public_form_data())

    assert FileAccessRequest.objects.get().language == "de"


def test_a_request_recorded_at_the_desk_without_a_language_has_none_of_its_own(dpo):
    with translation.override("fr"):
        request, _created = access_request_submit(actor=dpo, data=access_input(), channel=AccessChannel.PAPER)

    assert request.language == ""


def test_the_invitation_is_in_the_request_language_not_the_officers(dpo, django_capture_on_commit_callbacks):
    request = checked_request(dpo)
    FileAccessRequest.objects.filter(pk=request.pk).update(language="de")
    request.refresh_from_db()
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    slot = Slot(office=office, starts_at=next_opening(office), duration_minutes=60, professional=dpo)

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        access_appointment_offer(actor=dpo, access_request=request, slot=slot, expected_version=request.version)

    (_name, content, _mimetype) = mail.outbox[-1].attachments[0]
    with translation.override("de"):
        german = invitation_summary()
    assert str(Calendar.from_ical(content).events[0]["SUMMARY"]) == german
