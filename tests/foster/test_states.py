"""A foster family's workflow as a table: each transition allowed or refused, with what it needs."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from openaef.core.errors import TransitionNotAllowed
from openaef.foster import services
from openaef.foster.models import FosterFamilyStatus
from openaef.foster.states import MACHINE, TRANSITIONS

from .factories import make_family

F = FosterFamilyStatus

EXPECTED = {
    (F.APPLIED, F.ASSESSMENT),
    (F.APPLIED, F.ENDED),
    (F.ASSESSMENT, F.APPROVED),
    (F.ASSESSMENT, F.NOT_APPROVED),
    (F.ASSESSMENT, F.ENDED),
    (F.APPROVED, F.SUSPENDED),
    (F.APPROVED, F.ENDED),
    (F.SUSPENDED, F.APPROVED),
    (F.SUSPENDED, F.ENDED),
}
ALL_PAIRS = [(a, b) for a, b in itertools.product(F.values, F.values) if a != b]


def test_the_table_holds_exactly_the_expected_transitions():
    assert set(TRANSITIONS) == EXPECTED


def test_not_approved_and_ended_are_final():
    assert MACHINE.allowed_targets(F.NOT_APPROVED) == []
    assert MACHINE.allowed_targets(F.ENDED) == []


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p[1] != F.APPROVED])
def test_the_service_follows_the_table(coordinator, source, target):
    family = make_family(status=source, approved_until=dt.date(2027, 1, 1))
    move = {
        "actor": coordinator,
        "family": family,
        "expected_version": family.version,
        "target": target,
        "reason": "Moving away.",
    }
    if (source, target) in EXPECTED:
        assert services.family_transition(**move).status == target
    else:
        with pytest.raises(TransitionNotAllowed):
            services.family_transition(**move)


@pytest.mark.parametrize(("source", "target"), [(a, b) for a, b in EXPECTED if TRANSITIONS[(a, b)]["reason"]])
def test_a_transition_that_needs_a_reason_refuses_none(coordinator, source, target):
    family = make_family(status=source)
    with pytest.raises(ValidationError) as error:
        services.family_transition(actor=coordinator, family=family, expected_version=1, target=target, reason="  ")
    assert "reason" in error.value.message_dict


def test_approval_needs_the_approval_service_with_dates(coordinator):
    family = make_family(status=F.ASSESSMENT)
    with pytest.raises(TransitionNotAllowed):
        services.family_transition(actor=coordinator, family=family, expected_version=1, target=F.APPROVED)


@pytest.mark.parametrize("source", [F.APPLIED, F.APPROVED, F.SUSPENDED, F.NOT_APPROVED, F.ENDED])
def test_only_a_family_being_assessed_can_be_approved(coordinator, source):
    family = make_family(status=source)
    with pytest.raises(TransitionNotAllowed):
        services.family_approve(
            actor=coordinator,
            family=family,
            expected_version=1,
            approved_from=dt.date(2026, 1, 1),
            approved_until=dt.date(2027, 1, 1),
        )


def test_lifting_a_suspension_approves_again(coordinator):
    family = make_family(status=F.SUSPENDED)
    assert (
        services.family_transition(actor=coordinator, family=family, expected_version=1, target=F.APPROVED).status == F.APPROVED
    )
