"""Who answers the 116 000 at a given moment (seed 002): the agency's priority management
service during office hours on working days, the Grand Ducal Police at night, at weekends and
on public holidays. Public holidays come from the pack's calendar (``holidays`` library)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from openaef.cases.deadlines import is_business_day

from .models import Responder
from .parameters import Opening, hotline_rules


def is_office_hours(moment: dt.datetime, openings: tuple[Opening, ...] | None, country: str | None = None) -> bool:
    """True when ``moment`` (aware; read in local time) falls in one of ``openings`` on a working day."""
    if openings is None:
        return False
    local = timezone.localtime(moment)
    if not is_business_day(local.date(), country):
        return False
    weekday, time = local.isoweekday(), local.time()
    # Opening times are inclusive, closing times exclusive: at 17:00 the police answer.
    return any(o.weekday == weekday and o.opens <= time < o.closes for o in openings)


def responder_at(
    moment: dt.datetime, openings: tuple[Opening, ...] | None = None, *, country: str | None = None, use_pack: bool = True
) -> str:
    """The responder (``Responder``) at ``moment``; the pack's office hours unless ``openings`` is given."""
    if openings is None and use_pack:
        openings = hotline_rules().office_hours
    return Responder.AGENCY if is_office_hours(moment, openings, country) else Responder.POLICE
