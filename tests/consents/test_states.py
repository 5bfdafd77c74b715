"""The consent and complaint workflows as tables, and the rule that decides a request."""

from __future__ import annotations

import pytest

from openaef.consents.parameters import consent_rules
from openaef.consents.states import (
    COMPLAINT_MACHINE,
    CONSENT_MACHINE,
    RULING_STATUS,
    Answer,
    ComplaintStatus,
    ConsentStatus,
    CourtRuling,
    outcome,
)

C = ConsentStatus
P = ComplaintStatus


@pytest.mark.parametrize(
    ("frm", "to", "allowed"),
    [
        (C.ASKED, C.AGREED, True),
        (C.ASKED, C.REFUSED, True),
        (C.ASKED, C.NO_ANSWER, True),
        (C.ASKED, C.WITHDRAWN, True),
        (C.ASKED, C.REFERRED, False),
        (C.NO_ANSWER, C.REFERRED, True),
        (C.NO_ANSWER, C.AGREED, True),
        (C.REFUSED, C.REFERRED, True),
        (C.REFUSED, C.AGREED, False),
        (C.AGREED, C.REFUSED, False),
        (C.AGREED, C.WITHDRAWN, False),
        (C.REFERRED, C.WITHDRAWN, False),
        (C.REFERRED, C.COURT_ALLOWED, True),
        (C.REFERRED, C.COURT_REFUSED, True),
        (C.REFUSED, C.COURT_ALLOWED, False),
        (C.NO_ANSWER, C.COURT_REFUSED, False),
        (C.ASKED, C.COURT_ALLOWED, False),
        (C.COURT_ALLOWED, C.COURT_REFUSED, False),
        (C.COURT_REFUSED, C.COURT_ALLOWED, False),
        (C.COURT_ALLOWED, C.WITHDRAWN, False),
        (C.COURT_REFUSED, C.REFERRED, False),
        (C.WITHDRAWN, C.ASKED, False),
    ],
)
def test_the_consent_table_allows_only_its_transitions(frm, to, allowed):
    assert CONSENT_MACHINE.can_transition(frm, to) is allowed


def test_the_court_rulings_are_final():
    for status in (C.COURT_ALLOWED, C.COURT_REFUSED):
        assert CONSENT_MACHINE.allowed_targets(status) == []


def test_each_ruling_ends_in_its_own_state():
    assert RULING_STATUS == {CourtRuling.ALLOWED: C.COURT_ALLOWED, CourtRuling.REFUSED: C.COURT_REFUSED}
    assert all(CONSENT_MACHINE.can_transition(C.REFERRED, status) for status in RULING_STATUS.values())


def test_only_the_referral_to_the_court_needs_a_judicial_case():
    judicial = {key for key, needs in CONSENT_MACHINE.transitions.items() if needs["judicial"]}
    assert judicial == {(C.NO_ANSWER, C.REFERRED), (C.REFUSED, C.REFERRED)}


@pytest.mark.parametrize(
    ("frm", "to", "allowed"),
    [
        (P.RECEIVED, P.ASSIGNED, True),
        (P.ASSIGNED, P.ASSIGNED, True),
        (P.ASSIGNED, P.ANSWERED, True),
        (P.RECEIVED, P.ANSWERED, False),
        (P.RECEIVED, P.WITHDRAWN, True),
        (P.ANSWERED, P.WITHDRAWN, False),
        (P.ANSWERED, P.ASSIGNED, False),
    ],
)
def test_the_complaint_table_allows_only_its_transitions(frm, to, allowed):
    assert COMPLAINT_MACHINE.can_transition(frm, to) is allowed


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, None),
        ({1: Answer.AGREE}, None),
        ({1: Answer.AGREE, 2: Answer.AGREE}, C.AGREED),
        ({1: Answer.REFUSE}, C.REFUSED),
        ({1: Answer.AGREE, 2: Answer.REFUSE}, C.REFUSED),
        ({1: Answer.AGREE, 3: Answer.AGREE}, None),  # 3 was not asked
    ],
)
def test_a_request_is_agreed_by_all_and_refused_by_any(answers, expected):
    assert outcome([1, 2], answers) == expected


def test_the_luxembourg_pack_gives_no_deadline_so_it_is_typed():
    rules = consent_rules("lu")
    assert rules.answer_within is None
    assert rules.complaint_answer_within is None
    assert rules.remind_before == 3
