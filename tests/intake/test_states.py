"""The life of a request, checked pair by pair against the table the intake team agreed."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from openaef.intake.errors import TransitionNotAllowed
from openaef.intake.services import request_transition
from openaef.intake.states import FINAL_STATES, OPEN_STATES, TRANSITIONS, RequestStatus, allowed_targets, can_transition, needs
from tests.factories import HelpRequestFactory

S = RequestStatus

# (from, to) -> what it needs. Every pair not listed must be refused.
EXPECTED = {
    (S.RECEIVED, S.IN_TRIAGE): set(),
    (S.RECEIVED, S.WITHDRAWN): {"reason"},
    (S.IN_TRIAGE, S.ACCEPTED): {"assignment"},
    (S.IN_TRIAGE, S.REFERRED): {"reason", "referred_to"},
    (S.IN_TRIAGE, S.NOT_ELIGIBLE): {"reason"},
    (S.IN_TRIAGE, S.WITHDRAWN): {"reason"},
    (S.IN_TRIAGE, S.RECEIVED): {"reason"},
}
ALL_PAIRS = list(itertools.product(S.values, repeat=2))


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_each_pair_is_allowed_or_refused_as_the_table_says(current, target):
    assert can_transition(current, target) is ((current, target) in EXPECTED)


@pytest.mark.parametrize(("current", "target"), list(EXPECTED))
def test_each_allowed_transition_needs_what_the_table_says(current, target):
    required = {key for key, value in needs(current, target).items() if value}
    assert required == EXPECTED[(current, target)]


def test_the_table_holds_nothing_else():
    assert set(TRANSITIONS) == set(EXPECTED)


def test_final_states_lead_nowhere_and_every_state_is_open_or_final():
    for status in FINAL_STATES:
        assert allowed_targets(status) == []
    assert set(S.values) == OPEN_STATES | FINAL_STATES
    assert not OPEN_STATES & FINAL_STATES


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair not in EXPECTED])
def test_the_service_refuses_each_pair_outside_the_table(current, target, intake_officer):
    help_request = HelpRequestFactory(status=current)
    with pytest.raises(TransitionNotAllowed):
        request_transition(
            actor=intake_officer, help_request=help_request, target=target, expected_version=help_request.version, reason="x"
        )
    help_request.refresh_from_db()
    assert help_request.status == current


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), list(EXPECTED))
def test_the_service_makes_each_allowed_transition_when_given_what_it_needs(current, target, intake_officer, office, coordinator):
    help_request = HelpRequestFactory(status=current)
    extras = EXPECTED[(current, target)]
    if extras:
        with pytest.raises(ValidationError):
            request_transition(actor=intake_officer, help_request=help_request, target=target, expected_version=1)
    done = request_transition(
        actor=intake_officer,
        help_request=help_request,
        target=target,
        expected_version=1,
        reason="Because the family asked" if "reason" in extras else "",
        referred_to="Family planning service" if "referred_to" in extras else "",
        office=office if "assignment" in extras else None,
        coordinator=coordinator if "assignment" in extras else None,
    )
    assert done.status == target
    assert done.events.filter(from_status=current, to_status=target).count() == 1
