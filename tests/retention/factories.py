"""Records at a chosen last contact, written straight to the tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openaef.cases.models import CaseFile
from openaef.hotline.models import CallStatus, FollowUpEntry, FollowUpStatus, MissingChildFollowUp
from openaef.intake.states import RequestStatus
from openaef.rights.models import FileAccessRequest, FileAccessRequestEvent
from openaef.rights.states import AccessStatus
from tests.cases.factories import make_case
from tests.factories import HelpRequestFactory, UserFactory
from tests.hotline.factories import CallFactory
from tests.rights.factories import make_access_request

from .conftest import noon


def closed_case(office: Any, closed_on: dt.date, **fields: Any) -> CaseFile:
    return make_case(office=office, status="closed", opened_on=closed_on - dt.timedelta(days=400), closed_on=closed_on, **fields)


def ended_request(day: dt.date, status: str = RequestStatus.WITHDRAWN) -> Any:
    return HelpRequestFactory(
        status=status,
        received_at=noon(day),
        requester_name="Anne Weber",
        contact_email="anne@example.test",
        contact_address="1 rue Principale, Esch",
        child_first_names="Lena",
        child_surname="Weber",
        child_surname_folded="weber",
        child_first_names_folded="lena",
        situation="Lena ne va plus à l'école.",
        outcome_reason="Withdrawn by Anne Weber.",
    )


def closed_call(day: dt.date, **fields: Any) -> Any:
    return CallFactory(
        status=CallStatus.CLOSED,
        received_at=noon(day),
        closed_at=noon(day),
        outcome="police",
        summary="Tom, 14, left home after school.",
        police_reference="PGD-2024-0042",
        **fields,
    )


def closed_follow_up(day: dt.date) -> MissingChildFollowUp:
    agent = UserFactory()
    follow_up = MissingChildFollowUp.objects.create(
        opened_by=agent, opened_at=noon(day) - dt.timedelta(days=20), status=FollowUpStatus.CLOSED, closed_at=noon(day),
        closing_note="Tom is back with his mother.",
    )  # fmt: skip
    FollowUpEntry.objects.create(
        follow_up=follow_up, kind="return", text="Tom came home.", at=noon(day) - dt.timedelta(days=2), by=agent
    )
    return follow_up


def closed_access_request(day: dt.date, status: str = AccessStatus.WITHDRAWN) -> FileAccessRequest:
    request = make_access_request(received_at=noon(day))
    FileAccessRequest.objects.filter(pk=request.pk).update(status=status, outcome_reason="Anne Weber withdrew.")
    FileAccessRequestEvent.objects.filter(request=request).update(at=noon(day))
    request.refresh_from_db()
    return request
