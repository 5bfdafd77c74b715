"""How the providers' portal reads: rows of its lists as ready-made strings, tags for states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language_info, gettext, ngettext

from openaef.core.i18n import pick
from openaef.measures.models import Measure, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus

from .presentation_measures import MEASURE_TAGS, REFERRAL_TAGS


def child_label(first_names: str, surname: str) -> str:
    """First names and the initial of the surname: all a provider's list shows of a name."""
    initial = f"{surname.strip()[:1].upper()}." if surname.strip() else ""
    return f"{first_names} {initial}".strip()


def age_text(birth_date: dt.date | None, today: dt.date) -> str:
    if birth_date is None:
        return ""
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return ngettext("%(age)s year", "%(age)s years", age) % {"age": age}


def _short(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def referral_rows(referrals: Iterable[Referral], today: dt.date) -> list[dict[str, Any]]:
    statuses = dict(ReferralStatus.choices)
    rows = []
    for referral in referrals:
        child = referral.measure.case.child
        rows.append(
            {
                "href": reverse("backoffice:provider_referral_detail", args=[referral.pk]),
                "reference": referral.measure.case.reference,
                "child": child_label(child.first_names, child.surname),
                "age": age_text(child.birth_date, today),
                "measure": pick(referral.measure.measure_type.name),
                "service": pick(referral.service.name),
                "site": str(referral.location) if referral.location else "",
                "status": str(statuses.get(referral.status, referral.status)),
                "status_tag": REFERRAL_TAGS.get(referral.status, ""),
                "sent_iso": referral.sent_at.date().isoformat(),
                "sent": _short(referral.sent_at),
            }
        )
    return rows


def waiting_rows(referrals: Iterable[Referral], first_position: int, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for offset, referral in enumerate(referrals):
        child = referral.measure.case.child
        rows.append(
            {
                "pk": referral.pk,
                "version": referral.version,
                "position": first_position + offset,
                "href": reverse("backoffice:provider_referral_detail", args=[referral.pk]),
                "reference": referral.measure.case.reference,
                "child": child_label(child.first_names, child.surname),
                "age": age_text(child.birth_date, today),
                "measure": pick(referral.measure.measure_type.name),
                "since_iso": referral.waiting_since.date().isoformat() if referral.waiting_since else "",
                "since": _short(referral.waiting_since),
            }
        )
    return rows


def measure_rows(measures: Iterable[Measure], today: dt.date) -> list[dict[str, Any]]:
    statuses = dict(MeasureStatus.choices)
    rows = []
    for measure in measures:
        child = measure.case.child
        due = measure.next_report_on
        rows.append(
            {
                "href": reverse("backoffice:provider_measure_detail", args=[measure.pk]),
                "activity_href": reverse("backoffice:provider_activity", args=[measure.pk]),
                "reference": measure.case.reference,
                "child": child_label(child.first_names, child.surname),
                "measure": pick(measure.measure_type.name),
                "service": pick(measure.service.name) if measure.service else "",
                "status": str(statuses.get(measure.status, measure.status)),
                "status_tag": MEASURE_TAGS.get(measure.status, ""),
                "started": _short(measure.started_on),
                "report_due": _short(due),
                "report_overdue": bool(due and due < today),
                "ends": _short(measure.ends_on),
            }
        )
    return rows


def position_text(position: int | None) -> str:
    if position is None:
        return ""
    return gettext("Position %(position)s on the waiting list") % {"position": position}


def languages_text(codes: Iterable[str]) -> str:
    """'de', 'pt' -> 'German, Portuguese' in the reader's language (unknown codes as they are)."""
    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)
