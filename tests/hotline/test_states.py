from openaef.hotline.models import CallStatus
from openaef.hotline.states import CALL_MACHINE, CALL_TRANSITIONS


def test_a_call_moves_only_from_open_to_closed_with_an_outcome() -> None:
    assert CALL_TRANSITIONS == {(CallStatus.OPEN, CallStatus.CLOSED): {"outcome": True}}


def test_a_closed_call_cannot_be_reopened() -> None:
    assert CALL_MACHINE.allowed_targets(CallStatus.CLOSED) == []
    assert not CALL_MACHINE.can_transition(CallStatus.CLOSED, CallStatus.OPEN)
