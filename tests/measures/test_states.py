"""The measure, referral and report workflows, read as tables."""

from __future__ import annotations

import pytest

from openaef.measures.states import (
    MEASURE_MACHINE,
    MEASURE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    REPORT_TRANSITIONS,
    MeasureStatus,
    ReferralStatus,
    ReportStatus,
)

M, R, P = MeasureStatus, ReferralStatus, ReportStatus

# (from, to): a written reason is needed.
EXPECTED_MEASURE = {
    (M.PLANNED, M.REFERRED): False,
    (M.PLANNED, M.WITHDRAWN): True,
    (M.PLANNED, M.ACTIVE): False,
    (M.REFERRED, M.ACCEPTED): False,
    (M.REFERRED, M.WAITING): False,
    (M.REFERRED, M.PLANNED): True,
    (M.REFERRED, M.WITHDRAWN): True,
    (M.WAITING, M.ACCEPTED): False,
    (M.WAITING, M.PLANNED): True,
    (M.WAITING, M.WITHDRAWN): True,
    (M.ACCEPTED, M.ACTIVE): False,
    (M.ACCEPTED, M.WITHDRAWN): True,
    (M.ACTIVE, M.SUSPENDED): True,
    (M.ACTIVE, M.ENDED): True,
    (M.SUSPENDED, M.ACTIVE): False,
    (M.SUSPENDED, M.ENDED): True,
}
EXPECTED_REFERRAL = {
    (R.SENT, R.ACCEPTED): False,
    (R.SENT, R.WAITING): False,
    (R.SENT, R.DECLINED): True,
    (R.SENT, R.WITHDRAWN): True,
    (R.WAITING, R.ACCEPTED): False,
    (R.WAITING, R.DECLINED): True,
    (R.WAITING, R.WITHDRAWN): True,
}
EXPECTED_REPORT = {
    (P.DRAFT, P.SUBMITTED): False,
    (P.SUBMITTED, P.VALIDATED): False,
    (P.SUBMITTED, P.RETURNED): True,
    (P.RETURNED, P.SUBMITTED): False,
}


@pytest.mark.parametrize(
    ("table", "expected"),
    [(MEASURE_TRANSITIONS, EXPECTED_MEASURE), (REFERRAL_TRANSITIONS, EXPECTED_REFERRAL), (REPORT_TRANSITIONS, EXPECTED_REPORT)],
    ids=["measure", "referral", "report"],
)
def test_each_table_allows_exactly_these_transitions_with_these_reasons(table, expected):  # type: ignore[no-untyped-def]
    assert {pair: needs["reason"] for pair, needs in table.items()} == expected


@pytest.mark.parametrize("final", [M.ENDED, M.WITHDRAWN])
def test_an_ended_or_withdrawn_measure_goes_nowhere(final):  # type: ignore[no-untyped-def]
    assert MEASURE_MACHINE.allowed_targets(final) == []


def test_a_measure_cannot_start_before_it_is_accepted():
    for status in (M.REFERRED, M.WAITING):
        assert not MEASURE_MACHINE.can_transition(status, M.ACTIVE)


def test_only_a_placements_direct_admission_starts_a_planned_measure():
    directs = {pair for pair, needs in MEASURE_TRANSITIONS.items() if needs.get("direct")}
    assert directs == {(M.PLANNED, M.ACTIVE)}
