"""How the agency's measure pages show measures, referrals, reports and their histories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openaef.core.i18n import pick
from openaef.directory.models import MeasureType, Service
from openaef.measures import checks, schedule
from openaef.measures.models import Measure, MeasureEvent, MeasureEventKind, ServiceCapacity
from openaef.measures.parameters import measure_rules
from openaef.measures.selectors import capacity_of
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportStatus

from .presentation import HistoryItem, choice_label

# One colour per state wherever a measure, a referral or a report is shown (the agency's pages,
# the providers' portal, the dashboard, the case page). Red is kept for what is late.
MEASURE_TAGS: dict[str, str] = {
    MeasureStatus.PLANNED: "govuk-tag--grey",
    MeasureStatus.REFERRED: "govuk-tag--blue",
    MeasureStatus.WAITING: "govuk-tag--yellow",
    MeasureStatus.ACCEPTED: "govuk-tag--turquoise",
    MeasureStatus.ACTIVE: "govuk-tag--green",
    MeasureStatus.SUSPENDED: "govuk-tag--orange",
    MeasureStatus.ENDED: "govuk-tag--grey",
    MeasureStatus.WITHDRAWN: "govuk-tag--grey",
}
REFERRAL_TAGS: dict[str, str] = {
    ReferralStatus.SENT: "govuk-tag--blue",
    ReferralStatus.ACCEPTED: "govuk-tag--green",
    ReferralStatus.WAITING: "govuk-tag--yellow",
    ReferralStatus.DECLINED: "govuk-tag--orange",
    ReferralStatus.WITHDRAWN: "govuk-tag--grey",
}
REPORT_TAGS: dict[str, str] = {
    ReportStatus.DRAFT: "govuk-tag--grey",
    ReportStatus.SUBMITTED: "govuk-tag--blue",
    ReportStatus.VALIDATED: "govuk-tag--green",
    ReportStatus.RETURNED: "govuk-tag--orange",
}


def _day(day: dt.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def type_hint(measure_type: MeasureType) -> str:
    """Ages and maximum duration, as the choice of a type shows them."""
    parts = [_("Ages: %(range)s.") % {"range": checks.age_range_text(measure_type)}]
    if measure_type.max_duration_months:
        parts.append(_("At most %(months)d months.") % {"months": measure_type.max_duration_months})
    if not measure_rules().renewal(measure_type.code).allowed:
        parts.append(_("Cannot be renewed."))
    return " ".join(parts)


def capacity_text(capacity: ServiceCapacity | None, today: dt.date) -> str:
    if capacity is None:
        return _("The provider has not given its capacity.")
    parts = []
    if capacity.places is not None:
        parts.append(_("%(places)d places.") % {"places": capacity.places})
    if capacity.available_from is None:
        parts.append(_("No place announced as free."))
    elif capacity.available_from <= today:
        parts.append(_("Places available now."))
    else:
        parts.append(_("Places available from %(day)s.") % {"day": _day(capacity.available_from)})
    return " ".join(parts)


def placements(services: list[Service], today: dt.date) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """One choice per service site (or per service without sites), with its capacity as hint."""
    choices: list[tuple[str, str]] = []
    hints: dict[str, str] = {}
    for service in services:
        name = f"{pick(service.name)} – {service.provider.name}"
        locations = list(service.locations.all())
        if not locations:
            value = str(service.pk)
            choices.append((value, name))
            hints[value] = capacity_text(capacity_of(service, None), today)
        for location in locations:
            value = f"{service.pk}-{location.pk}"
            choices.append((value, f"{name} ({location})"))
            hints[value] = capacity_text(capacity_of(service, location), today)
    return choices, hints


@dataclass
class MeasureRow:
    measure: Measure
    tag: str
    provider: str
    ending_soon: bool
    report_overdue: bool
    extras: dict[str, Any] = field(default_factory=dict)


def measure_rows(measures: list[Measure], today: dt.date) -> list[MeasureRow]:
    rows = []
    for measure in measures:
        provider = measure.provider.name if measure.provider is not None else ""
        open_referrals = getattr(measure, "open_referrals", None)
        if not provider and open_referrals:
            provider = open_referrals[0].provider.name
        running = measure.status in (MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED)
        rows.append(
            MeasureRow(
                measure=measure,
                tag=MEASURE_TAGS.get(measure.status, ""),
                provider=provider,
                ending_soon=running and schedule.ending_soon(measure.ends_on, today),
                report_overdue=running and measure.next_report_on is not None and measure.next_report_on < today,
            )
        )
    return rows


def history(events: list[MeasureEvent]) -> list[HistoryItem]:
    items = []
    for event in events:
        details = []
        if event.on:
            details.append(_("Takes effect on %(day)s.") % {"day": _day(event.on)})
        items.append(
            HistoryItem(
                title=choice_label(MeasureEventKind, event.kind),
                actor=event.actor.full_name if event.actor is not None else _("the system"),
                at=event.at,
                reason=event.reason,
                details=details,
            )
        )
    return items
