import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.hotline import services
from openaef.hotline.models import CallOutcome, CallStatus, Responder, Urgency
from tests.factories import UserFactory

LUX = ZoneInfo("Europe/Luxembourg")
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


def record(agent, moment: dt.datetime, urgency: str = Urgency.URGENT):  # type: ignore[no-untyped-def]
    return services.call_record(
        actor=agent,
        received_at=moment,
        caller_type="parent",
        language="lb",
        category="runaway",
        urgency=urgency,
    )


def test_a_call_is_recorded_with_only_the_required_answers(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX), Urgency.NOT_URGENT)
    assert call.responder == Responder.AGENCY
    assert call.status == CallStatus.OPEN
    assert call.protocol_steps.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(call.pk)).exists()


def test_a_night_call_is_answered_by_the_police(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 2, 0, tzinfo=LUX))
    assert call.responder == Responder.POLICE
    assert call.needs_handover


def test_an_urgent_call_gets_the_protocol_as_a_checklist(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX))
    assert list(call.protocol_steps.values_list("code", "done_at")) == [("specialist", None), ("police_testimony", None)]


def test_a_call_in_the_future_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        record(agent, dt.datetime(2099, 1, 1, tzinfo=LUX))


def test_a_step_is_stamped_once_and_cannot_be_done_again(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX))
    step = services.protocol_step_done(actor=agent, call=call, code="specialist", expected_version=1)
    assert step.done_by == agent and step.done_at is not None
    with pytest.raises(TransitionNotAllowed):
        services.protocol_step_done(actor=agent, call=call, code="specialist", expected_version=2)


def test_a_stale_version_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX))
    services.protocol_step_done(actor=agent, call=call, code="specialist", expected_version=1)
    with pytest.raises(StaleVersion):
        services.protocol_step_done(actor=agent, call=call, code="police_testimony", expected_version=1)


def test_an_unknown_step_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX))
    with pytest.raises(ValidationError):
        services.protocol_step_done(actor=agent, call=call, code="invented", expected_version=1)


def test_an_urgent_call_closes_only_once_every_step_is_done(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX))
    with pytest.raises(ValidationError):
        services.call_close(actor=agent, call=call, outcome=CallOutcome.SPECIALIST, expected_version=1)
    services.protocol_step_done(actor=agent, call=call, code="specialist", expected_version=1)
    services.protocol_step_done(actor=agent, call=call, code="police_testimony", expected_version=2)
    closed = services.call_close(actor=agent, call=call, outcome=CallOutcome.SPECIALIST, expected_version=3)
    assert closed.status == CallStatus.CLOSED and closed.outcome == CallOutcome.SPECIALIST
    with pytest.raises(TransitionNotAllowed):
        services.call_close(actor=agent, call=closed, outcome=CallOutcome.NO_ACTION, expected_version=4)


def test_a_police_call_closes_only_after_the_handover(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 23, 0, tzinfo=LUX), Urgency.NOT_URGENT)
    with pytest.raises(ValidationError):
        services.call_close(actor=agent, call=call, outcome=CallOutcome.POLICE, expected_version=1)
    handed = services.call_handover(actor=agent, call=call, expected_version=1, police_reference="PGD-1")
    assert handed.handed_over_by == agent and handed.police_reference == "PGD-1"
    with pytest.raises(TransitionNotAllowed):
        services.call_handover(actor=agent, call=call, expected_version=2)
    assert services.call_close(actor=agent, call=call, outcome=CallOutcome.POLICE, expected_version=2).status == "closed"


def test_a_call_in_office_hours_has_no_handover(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX), Urgency.NOT_URGENT)
    with pytest.raises(TransitionNotAllowed):
        services.call_handover(actor=agent, call=call, expected_version=1)


def test_an_unknown_outcome_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    call = record(agent, dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX), Urgency.NOT_URGENT)
    with pytest.raises(ValidationError):
        services.call_close(actor=agent, call=call, outcome="invented", expected_version=1)
