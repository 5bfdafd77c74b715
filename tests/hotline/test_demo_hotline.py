import io

import pytest

from openaef.accounts.management.commands._demo_data import DEMO_DOMAIN
from openaef.accounts.management.commands._demo_hotline import load_demo_hotline
from openaef.accounts.models import Role
from openaef.hotline.models import Call, CallStatus, FollowUpStatus, MissingChildFollowUp, Responder
from tests.cases.factories import make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_calls_and_follow_ups_once(office) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email=f"hotline@{DEMO_DOMAIN}", full_name="Carla Marques", roles=[Role.HOTLINE_AGENT])
    case = make_case(office=office)
    out = io.StringIO()
    assert load_demo_hotline(out) == 5
    calls = Call.objects.all()
    assert calls.filter(responder=Responder.POLICE, handed_over_at__isnull=False).count() >= 2
    assert not calls.filter(handed_over_at__isnull=True, responder=Responder.POLICE).exists()
    assert {c.category for c in calls} >= {"disappearance", "runaway", "information", "distress", "abduction_abroad"}
    urgent = calls.filter(urgency="urgent")
    assert urgent.count() == 3 and all(s.done_at for c in urgent for s in c.protocol_steps.all())
    assert calls.filter(status=CallStatus.CLOSED).count() == 4
    follow_ups = MissingChildFollowUp.objects.all()
    assert follow_ups.count() == 2
    assert follow_ups.get(case=case).status == FollowUpStatus.OPEN
    assert follow_ups.get(case__isnull=True).entries.count() == 3
    # A second load adds nothing.
    assert load_demo_hotline(io.StringIO()) == 0
    assert Call.objects.count() == 5 and MissingChildFollowUp.objects.count() == 2


def test_without_the_demo_agent_it_says_so_and_loads_nothing() -> None:
    out = io.StringIO()
    assert load_demo_hotline(out) == 0
    assert "No demo 116 000 agent" in out.getvalue()
    assert not Call.objects.exists()
