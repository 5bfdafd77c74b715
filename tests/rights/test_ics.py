"""The calendar invitation round-trips through icalendar: one UID, a growing SEQUENCE and the
office's wall-clock time in Europe/Luxembourg, summer and winter alike."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from openaef.directory.models import Office
from openaef.rights.ics import CANCEL, REQUEST, invitation_ics
from openaef.rights.models import AccessAppointment, FileAccessRequest

LUX = ZoneInfo("Europe/Luxembourg")
OFFICE = Office(
    pack="lu",
    code="ORE-X",
    kind="regional",
    name={"en": "Regional office X"},
    street="1 rue X",
    postcode="L-4001",
    locality="Esch",
)


def _appointment(starts: dt.datetime, sequence: int, uid: uuid.UUID) -> AccessAppointment:
    request = FileAccessRequest(reference="ACC2026ABCDEF1", contact_email="anne@example.test")
    return AccessAppointment(
        request=request, office=OFFICE, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), uid=uid, sequence=sequence
    )


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)),
    hour=st.integers(min_value=8, max_value=17),
    sequences=st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=4, unique=True),
    judicial=st.booleans(),
)
def test_the_invitation_round_trips_with_the_local_time_and_one_uid(day, hour, sequences, judicial):
    uid = uuid.uuid4()
    local = dt.datetime.combine(day, dt.time(hour), tzinfo=LUX)
    with translation.override("en"):
        parsed = [
            Calendar.from_ical(invitation_ics(_appointment(local.astimezone(dt.UTC), s, uid), judicial=judicial))
            for s in sorted(sequences)
        ]
    events = [c.events[0] for c in parsed]
    assert {str(e["UID"]) for e in events} == {f"{uid}@openaef"}
    assert [int(e["SEQUENCE"]) for e in events] == sorted(sequences)
    for calendar, event in zip(parsed, events, strict=True):
        assert calendar["METHOD"] == REQUEST
        start = event.DTSTART
        assert start.tzinfo is not None and start == local
        assert start.astimezone(LUX).hour == hour
        assert str(start.tzinfo) == "Europe/Luxembourg" or getattr(start.tzinfo, "key", "") == "Europe/Luxembourg"
        assert calendar.timezones and calendar.timezones[0]["TZID"] == "Europe/Luxembourg"
        assert ("youth court" in str(event["DESCRIPTION"])) is judicial
        assert "Weber" not in str(event["SUMMARY"]) and "anne" not in str(event["SUMMARY"]).lower()
        assert "Esch" in str(event["LOCATION"])


def test_a_cancellation_says_so():
    appointment = _appointment(dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC), 3, uuid.uuid4())
    appointment.cancel_reason = "Office closed"

    calendar = Calendar.from_ical(invitation_ics(appointment, method=CANCEL))

    assert calendar["METHOD"] == CANCEL
    assert calendar.events[0]["STATUS"] == "CANCELLED"
    # 29 March 2026 is the day clocks go forward: 12:00 UTC is 14:00 in Luxembourg.
    assert calendar.events[0].DTSTART.astimezone(LUX).hour == 14
