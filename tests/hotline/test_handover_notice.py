"""A call the police took at night: the handover is recorded and the agents are told for the morning."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.hotline import services
from openaef.notifications.models import Notification, NotificationKind
from tests.factories import UserFactory

LUX = ZoneInfo("Europe/Luxembourg")
pytestmark = pytest.mark.django_db


def test_the_handover_tells_every_agent_once_with_the_call_number_only(intake_officer) -> None:  # type: ignore[no-untyped-def]
    hana = UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])
    ines = UserFactory(email="ines@example.test", full_name="Ines Hotline", roles=[Role.HOTLINE_AGENT])
    UserFactory(email="gone@example.test", roles=[Role.HOTLINE_AGENT], is_active=False)
    call = services.call_record(
        actor=hana,
        received_at=dt.datetime(2026, 3, 10, 23, 40, tzinfo=LUX),
        caller_type="parent",
        language="fr",
        category="disappearance",
        urgency="urgent",
        summary="Noah Weber, 12, not home",
    )
    assert not Notification.objects.exists()  # nothing yet: the handover is what is told
    services.call_handover(actor=hana, call=call, expected_version=call.version, police_reference="PGD-1")
    told = Notification.objects.filter(kind=NotificationKind.HOTLINE_HANDOVER)
    assert {n.user_id for n in told} == {hana.pk, ines.pk}
    assert intake_officer.pk not in {n.user_id for n in told}
    (first, _second) = told
    assert first.params == {"reference": str(call.pk)}
    assert first.url == reverse("backoffice:hotline_call", args=[call.pk])
    assert "Noah" not in str(first.params)


def test_a_call_in_office_hours_has_no_handover_and_tells_no_one() -> None:  # type: ignore[no-untyped-def]
    hana = UserFactory(email="hana@example.test", roles=[Role.HOTLINE_AGENT])
    call = services.call_record(
        actor=hana,
        received_at=dt.datetime(2026, 3, 10, 10, 0, tzinfo=LUX),
        caller_type="parent",
        language="fr",
        category="runaway",
        urgency="not_urgent",
    )
    assert not call.needs_handover
    assert not Notification.objects.exists()
