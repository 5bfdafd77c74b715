"""The case's state machine, tested as its table: every pair of states, allowed or refused."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from openaef.cases.services import case_transition
from openaef.cases.states import TRANSITIONS, CaseStatus
from openaef.core.errors import TransitionNotAllowed

from .factories import make_case

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("open", "active"): "no reason",
    ("open", "closed"): "reason",
    ("active", "closing"): "reason",
    ("closing", "active"): "reason",
    ("closing", "closed"): "reason",
    ("closed", "reopened"): "reason",
    ("reopened", "active"): "no reason",
    ("reopened", "closing"): "reason",
}
PAIRS = [(a, b) for a, b in itertools.product(CaseStatus.values, repeat=2) if a != b]


def test_the_table_is_the_one_documented():
    assert {(str(a), str(b)): ("reason" if v["reason"] else "no reason") for (a, b), v in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_a_transition_is_done_exactly_when_the_table_allows_it(current, target, office, coordinator):
    case = make_case(office=office, coordinator=coordinator, status=current)
    if (current, target) not in EXPECTED:
        with pytest.raises(TransitionNotAllowed):
            case_transition(actor=coordinator, case=case, target=target, reason="because", expected_version=case.version)
        case.refresh_from_db()
        assert case.status == current
        return
    updated = case_transition(actor=coordinator, case=case, target=target, reason="because", expected_version=case.version)
    assert updated.status == target
    assert updated.version == case.version + 1
    event = updated.events.get()
    assert event.data == {"from": current, "to": target, "reason": "because"}


@pytest.mark.parametrize(("current", "target"), [pair for pair, need in EXPECTED.items() if need == "reason"])
def test_a_transition_that_needs_a_reason_is_refused_without_one(current, target, office, coordinator):
    case = make_case(office=office, coordinator=coordinator, status=current)
    with pytest.raises(ValidationError) as error:
        case_transition(actor=coordinator, case=case, target=target, reason="  ", expected_version=case.version)
    assert "reason" in error.value.message_dict


def test_closing_records_the_day_and_the_reason_and_reopening_clears_the_day(office, coordinator):
    case = make_case(office=office, coordinator=coordinator, status=CaseStatus.CLOSING)
    closed = case_transition(actor=coordinator, case=case, target="closed", reason="Goals reached", expected_version=1)
    assert closed.closed_on is not None
    assert closed.closing_reason == "Goals reached"
    reopened = case_transition(actor=coordinator, case=closed, target="reopened", reason="New worries", expected_version=2)
    assert reopened.closed_on is None
