"""E-mails after a request: the requester's receipt and the intake team's notification."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from openaef.intake.models import HelpRequest
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, intake_officer, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:request_form"), form_data())
    assert response.status_code == 302
    return HelpRequest.objects.get()


def personal_data(help_request: HelpRequest) -> list[str]:
    return [
        help_request.child_first_names,
        help_request.child_surname,
        help_request.requester_name,
        help_request.contact_phone,
        help_request.contact_email,
        help_request.child_birth_date.strftime("%d/%m/%Y"),
        help_request.child_birth_date.isoformat(),
        "Schmit",
        "Léa",
    ]


def test_the_requester_gets_a_receipt_whose_subject_has_no_personal_data(submitted):
    receipts = [m for m in mail.outbox if m.to == ["marie.schmit@example.test"]]
    assert len(receipts) == 1
    receipt = receipts[0]
    assert submitted.reference in receipt.body
    assert "+352 247-73696" in receipt.body
    for secret in personal_data(submitted):
        assert secret not in receipt.subject


def test_intake_officers_are_notified_without_the_childs_name_anywhere(submitted, intake_officer):
    notices = [m for m in mail.outbox if intake_officer.email in m.to]
    assert len(notices) == 1
    notice = notices[0]
    assert submitted.reference in notice.body
    with translation.override(intake_officer.preferred_language):
        assert reverse("backoffice:request_detail", args=[submitted.pk]) in notice.body
    for secret in personal_data(submitted):
        assert secret not in notice.subject
        assert secret not in notice.body
        assert all(secret not in str(value) for value in notice.extra_headers.values())


def test_professionals_outside_intake_are_not_notified(submitted, outsider):
    assert not [m for m in mail.outbox if outsider.email in m.to]


def test_the_team_address_is_notified_too(client, settings, django_capture_on_commit_callbacks):
    settings.INTAKE_NOTIFY_EMAILS = ["intake-team@example.test"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:request_form"), form_data())
    assert [m for m in mail.outbox if m.to == ["intake-team@example.test"]]


def test_no_receipt_is_sent_without_an_e_mail_address(client, intake_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:request_form"), form_data(contact_email=""))
    assert [m.to for m in mail.outbox] == [[intake_officer.email]]
