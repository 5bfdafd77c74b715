from __future__ import annotations

import pytest

from openaef.rights.states import FINAL_STATES, TRANSITIONS, AccessStatus, allowed_targets, can_transition, needs

S = AccessStatus


@pytest.mark.parametrize(
    ("current", "targets"),
    [
        (S.RECEIVED, {S.IDENTITY_CHECKED, S.REFUSED, S.WITHDRAWN}),
        (S.IDENTITY_CHECKED, {S.APPOINTMENT_OFFERED, S.CONSULTED, S.REFUSED, S.WITHDRAWN}),
        (S.APPOINTMENT_OFFERED, {S.CONSULTED, S.REFUSED, S.WITHDRAWN}),
        (S.CONSULTED, {S.CLOSED}),
        (S.CLOSED, set()),
        (S.REFUSED, set()),
        (S.WITHDRAWN, set()),
    ],
)
def test_each_state_allows_exactly_these_transitions(current, targets):
    assert set(allowed_targets(current)) == targets


def test_the_file_cannot_be_consulted_before_the_identity_is_checked():
    assert not can_transition(S.RECEIVED, S.APPOINTMENT_OFFERED)
    assert not can_transition(S.RECEIVED, S.CONSULTED)


def test_a_refusal_and_a_withdrawal_always_need_a_reason():
    for (current, target), _needs in TRANSITIONS.items():
        if target in (S.REFUSED, S.WITHDRAWN):
            assert needs(current, target)["reason"], (current, target)


def test_the_identity_check_needs_the_document():
    assert needs(S.RECEIVED, S.IDENTITY_CHECKED)["identity"]


def test_no_transition_leaves_a_final_state():
    assert not [pair for pair in TRANSITIONS if pair[0] in FINAL_STATES]
