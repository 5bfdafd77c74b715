import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from openaef.hotline.clock import responder_at
from openaef.hotline.models import Responder
from openaef.hotline.parameters import hotline_rules, parse_rules

LUX = ZoneInfo("Europe/Luxembourg")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LUX)


@pytest.mark.parametrize(
    ("moment", "responder"),
    [
        (at(2026, 3, 10, 10, 0), Responder.AGENCY),  # a Tuesday morning
        (at(2026, 3, 10, 8, 30), Responder.AGENCY),  # opening time counts
        (at(2026, 3, 10, 17, 0), Responder.POLICE),  # closing time does not
        (at(2026, 3, 10, 12, 45), Responder.POLICE),  # the lunch break
        (at(2026, 3, 10, 2, 15), Responder.POLICE),  # a night
        (at(2026, 3, 14, 10, 0), Responder.POLICE),  # a Saturday
        (at(2026, 6, 23, 10, 0), Responder.POLICE),  # National Day, a Tuesday
        (at(2026, 12, 25, 10, 0), Responder.POLICE),  # Christmas, a Friday
        (at(2026, 5, 9, 10, 0), Responder.POLICE),  # Europe Day, a Saturday anyway
        (at(2026, 5, 14, 10, 0), Responder.POLICE),  # Ascension, a Thursday
    ],
)
def test_the_clock_decides_who_answers(moment: dt.datetime, responder: str) -> None:
    assert responder_at(moment) == responder


def test_it_reads_a_utc_moment_in_local_time() -> None:
    # 08:00 UTC on a winter Tuesday is 09:00 in Luxembourg: office hours.
    assert responder_at(dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)) == Responder.AGENCY
    # 16:30 UTC is 17:30 in Luxembourg: the police.
    assert responder_at(dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)) == Responder.POLICE


def test_without_known_office_hours_the_police_answer_at_every_hour() -> None:
    rules = parse_rules({"office_hours": None})
    assert rules.office_hours is None
    assert responder_at(at(2026, 3, 10, 10, 0), rules.office_hours, use_pack=False) == Responder.POLICE


def test_the_pack_gives_the_urgent_protocol_with_its_source() -> None:
    steps = hotline_rules().urgent_protocol
    assert [s.code for s in steps] == ["specialist", "police_testimony"]
    assert all(s.source for s in steps)
    assert hotline_rules().step_label("specialist") == "Transferred to a specialist"
