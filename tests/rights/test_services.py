from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.rights.models import AccessChannel, FileAccessRequest, IdentityDocument
from openaef.rights.services import access_request_submit, access_request_transition
from openaef.rights.states import AccessStatus

from .factories import access_input, make_access_request

pytestmark = pytest.mark.django_db
LUX = ZoneInfo("Europe/Luxembourg")


def test_a_request_gets_a_reference_and_an_answer_due_one_month_later():
    request = make_access_request(received_at=dt.datetime(2026, 3, 10, 9, tzinfo=LUX))

    assert re.fullmatch(r"ACC-26-[2-9A-Z]{4}-[2-9A-Z]{3}", request.reference)
    assert request.due_on == dt.date(2026, 4, 10)
    assert request.status == AccessStatus.RECEIVED


def test_a_deadline_falling_on_a_sunday_moves_to_the_next_working_day():
    # 15 February 2026 is a Sunday.
    request = make_access_request(received_at=dt.datetime(2026, 1, 15, 9, tzinfo=LUX))

    assert request.due_on == dt.date(2026, 2, 16)


def test_a_double_submission_records_one_request():
    token = uuid.uuid4()
    first, created = access_request_submit(actor=None, data=access_input(), channel=AccessChannel.WEB, submission_token=token)
    second, created_again = access_request_submit(
        actor=None, data=access_input(), channel=AccessChannel.WEB, submission_token=token
    )

    assert (created, created_again) == (True, False)
    assert first.pk == second.pk
    assert FileAccessRequest.objects.count() == 1


def test_the_submission_is_audited_and_in_the_history():
    request = make_access_request()

    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="rights.fileaccessrequest", object_id=str(request.pk)
    ).exists()
    assert list(request.events.values_list("kind", flat=True)) == ["created"]


def test_the_identity_check_keeps_only_the_last_four_characters(dpo):
    request = make_access_request()

    checked = access_request_transition(
        actor=dpo,
        access_request=request,
        target=AccessStatus.IDENTITY_CHECKED,
        expected_version=request.version,
        identity_document=IdentityDocument.IDENTITY_CARD,
        identity_document_last4="ab12",
    )

    assert checked.status == AccessStatus.IDENTITY_CHECKED
    assert checked.identity_document_last4 == "AB12"
    assert checked.identity_checked_by == dpo
    assert checked.version == request.version + 1


def test_the_identity_check_refuses_a_missing_document(dpo):
    request = make_access_request()

    with pytest.raises(ValidationError) as error:
        access_request_transition(
            actor=dpo, access_request=request, target=AccessStatus.IDENTITY_CHECKED, expected_version=request.version
        )

    assert set(error.value.message_dict) == {"identity_document", "identity_document_last4"}


def test_a_refusal_without_a_reason_is_refused(dpo):
    request = make_access_request()

    with pytest.raises(ValidationError):
        access_request_transition(actor=dpo, access_request=request, target=AccessStatus.REFUSED, expected_version=1)


def test_a_refusal_keeps_its_reason(dpo):
    request = make_access_request()

    refused = access_request_transition(
        actor=dpo, access_request=request, target=AccessStatus.REFUSED, expected_version=1, reason="No file held."
    )

    assert refused.outcome_reason == "No file held."
    assert refused.events.last().from_status == AccessStatus.RECEIVED


def test_a_transition_outside_the_table_is_refused(dpo):
    request = make_access_request()

    with pytest.raises(TransitionNotAllowed):
        access_request_transition(actor=dpo, access_request=request, target=AccessStatus.CONSULTED, expected_version=1)


def test_a_stale_version_is_refused(dpo):
    request = make_access_request()

    with pytest.raises(StaleVersion):
        access_request_transition(actor=dpo, access_request=request, target=AccessStatus.REFUSED, expected_version=0, reason="x")
