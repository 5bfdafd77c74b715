"""The consent and complaint workflows as tables, and the rule that decides a request."""

from __future__ import annotations

import pytest

from openaef.consents.parameters import consent_rules
from openaef.consents.states import (
    COMPLAINT_MACHINE,
    CONSENT_MACHINE,
    Answer,
    ComplaintStatus,
    ConsentStatus,
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
        (C.WITHDRAWN, C.ASKED, False),
    ],
)
def test_the_consent_table_allows_only_its_transitions(frm, to, allowed):
    assert CONSENT_MACHINE.can_transition(frm, to) is allowed


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
