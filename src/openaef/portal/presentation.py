"""How a service reads in a list or on its own page: every string decided in Python, once.

The directory shows twenty services per page; resolving each fact through model attributes,
translation tags and nested includes in the template cost more than the page's SQL. The
template now only places ready-made strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext, pgettext

from openaef.core.i18n import pick
from openaef.directory.models import Cost
from openaef.directory.selectors import ServiceSummary


def ages_text(min_age: int | None, max_age: int | None) -> str:
    """The age range a service or a measure type is for, as a sentence."""
    if min_age is not None and max_age is not None:
        return gettext("%(min_age)s to %(max_age)s years") % {"min_age": min_age, "max_age": max_age}
    if min_age is not None:
        return gettext("From %(min_age)s years") % {"min_age": min_age}
    if max_age is not None:
        return gettext("Up to %(max_age)s years") % {"max_age": max_age}
    return gettext("Any age (0 to 27)")


def availability_text(places_from: dt.date | None, today: dt.date) -> str:
    """What the directory says of free places, from the provider's capacity: nothing when it
    publishes no date."""
    if places_from is None:
        return ""
    if places_from <= today:
        return gettext("Places available now")
    # A format per language ("1 December 2026", "1. Dezember 2026"): translators may change it.
    day = dateformat.format(places_from, pgettext("date format of places available", "j F Y"))
    return gettext("Places available from %(date)s") % {"date": day}


class _Links:
    """Reversing a URL costs tens of microseconds: each code's link is reversed once per page."""

    def __init__(self, url_name: str) -> None:
        self.url_name = url_name
        self.cache: dict[str, str] = {}

    def __call__(self, code: str) -> str:
        href = self.cache.get(code)
        if href is None:
            href = self.cache[code] = reverse(self.url_name, args=[code])
        return href


def service_cards(services: list[ServiceSummary], *, language_labels: dict[str, str]) -> list[dict[str, Any]]:
    """What the template shows of each service, in the reader's language."""
    costs = dict(Cost.choices)
    measure_link, service_link = _Links("portal:measure_detail"), _Links("portal:service_detail")
    ask = gettext("Ask the service")
    today = timezone.localdate()
    cards = []
    for service in services:
        phone = service.contact_phone
        cards.append(
            {
                "code": service.code,
                "href": service_link(service.code),
                "name": pick(service.name),
                "provider": service.provider_name,
                "measures": [{"href": measure_link(code), "name": pick(name)} for code, name in service.measures],
                "ages": ages_text(service.min_age, service.max_age),
                "cost": str(costs.get(service.cost, service.cost)) if service.cost else ask,
                "cost_note": pick(service.cost_note),
                "languages": ", ".join(language_labels.get(code, code) for code in service.language_codes) or ask,
                "phone": phone,
                "phone_href": "tel:" + phone.replace(" ", "").replace("-", "") if phone else "",
                "addresses": service.addresses,
                "availability": availability_text(service.places_from, today),
                "distance": (
                    gettext("%(km)s km") % {"km": floatformat(service.distance_km, 1)} if service.distance_km is not None else ""
                ),
            }
        )
    return cards


def fact_labels() -> dict[str, str]:
    """The headings of a service's facts, translated once per page rather than once per card."""
    return {
        "provider": gettext("Provided by"),
        "measures": gettext("Type of help"),
        "not_stated": gettext("Not stated"),
        "age": gettext("Age"),
        "cost": gettext("Cost"),
        "languages": gettext("Languages"),
        "phone": gettext("Phone"),
        "not_listed": gettext("Not listed"),
        "address": gettext("Address"),
        "no_address": gettext("No fixed address: contact the service"),
        "distance": gettext("Distance"),
        "availability": gettext("Places"),
    }
