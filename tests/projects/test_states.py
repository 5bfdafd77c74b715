"""The project's state machine, read as a table."""

from __future__ import annotations

import pytest

from openaef.projects.states import CURRENT_STATES, EDITABLE_STATES, TRANSITIONS, ProjectStatus, can_transition, needs

S = ProjectStatus

EXPECTED = {
    (S.DRAFT, S.PROPOSED): {"reason": False},
    (S.DRAFT, S.CLOSED): {"reason": True},
    (S.PROPOSED, S.DRAFT): {"reason": True},
    (S.PROPOSED, S.VALIDATED): {"reason": False, "validator": True},
    (S.PROPOSED, S.CLOSED): {"reason": True},
    (S.VALIDATED, S.AGREED): {"reason": False, "signatures": True},
    (S.VALIDATED, S.DRAFT): {"reason": True},
    (S.AGREED, S.ACTIVE): {"reason": False},
    (S.ACTIVE, S.UNDER_EVALUATION): {"reason": False},
    (S.ACTIVE, S.CLOSED): {"reason": True},
    (S.UNDER_EVALUATION, S.ACTIVE): {"reason": False},
    (S.UNDER_EVALUATION, S.DRAFT): {"reason": True},
    (S.UNDER_EVALUATION, S.CLOSED): {"reason": True},
}


def test_the_table_is_exactly_the_expected_one():
    assert dict(TRANSITIONS) == EXPECTED


@pytest.mark.parametrize("source", S.values)
@pytest.mark.parametrize("target", S.values)
def test_each_pair_of_states_is_allowed_only_if_listed(source, target):
    assert can_transition(source, target) == ((source, target) in EXPECTED)


def test_a_closed_project_goes_nowhere():
    assert not any(can_transition(S.CLOSED, target) for target in S.values)


def test_going_back_or_closing_always_needs_a_reason():
    for source, target in EXPECTED:
        if target in (S.DRAFT, S.CLOSED):
            assert needs(source, target)["reason"] is True


def test_only_a_draft_is_editable_and_closed_is_not_current():
    assert {S.DRAFT} == EDITABLE_STATES
    assert S.CLOSED not in CURRENT_STATES and len(CURRENT_STATES) == len(S.values) - 1
