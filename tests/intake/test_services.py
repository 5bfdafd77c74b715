from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from openaef.audit.models import AuditAction, AuditEvent
from openaef.intake.models import HelpRequest, HelpRequestEvent, RequestEventKind
from openaef.intake.reference import normalise_reference
from openaef.intake.services import request_submit
from openaef.intake.states import RequestStatus
from tests.intake.factories import request_input

pytestmark = pytest.mark.django_db


def test_it_records_a_received_request_with_a_valid_reference():
    help_request, created = request_submit(actor=None, data=request_input(), channel="web")
    assert created
    assert help_request.status == RequestStatus.RECEIVED
    assert normalise_reference(help_request.reference) == help_request.reference
    assert help_request.child_surname_folded == "schmit kieffer"
    assert help_request.parents.get().full_name == "Marie Schmit"


def test_the_proposed_office_is_the_one_serving_the_commune():
    help_request, _ = request_submit(actor=None, data=request_input(), channel="web")
    assert help_request.proposed_office == help_request.child_commune.office
    assert help_request.proposed_office is not None


def test_the_same_token_returns_the_first_request():
    token = uuid.uuid4()
    first, created_first = request_submit(actor=None, data=request_input(), channel="web", submission_token=token)
    second, created_second = request_submit(actor=None, data=request_input(), channel="web", submission_token=token)
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert HelpRequest.objects.count() == 1


def test_it_records_the_history_and_the_audit_trail():
    help_request, _ = request_submit(actor=None, data=request_input(), channel="web")
    assert HelpRequestEvent.objects.filter(request=help_request, kind=RequestEventKind.CREATED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(help_request.pk)).count() == 1


def test_the_staff_member_who_records_a_request_is_named(intake_officer):
    help_request, _ = request_submit(actor=intake_officer, data=request_input(), channel="phone")
    assert help_request.created_by == intake_officer


def test_an_unknown_requester_type_is_refused():
    with pytest.raises(ValidationError):
        request_submit(actor=None, data=request_input(requester_type="alien"), channel="web")
    assert HelpRequest.objects.count() == 0


def test_the_team_is_told_only_once_the_request_is_saved(django_capture_on_commit_callbacks, intake_officer, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_submit(actor=None, data=request_input(), channel="web")
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 2  # the team's notice and the requester's receipt
