"""Capacity kept by the provider, and what the public directory says of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from openaef.core.errors import StaleVersion
from openaef.directory.selectors import DirectoryFilters, directory_search
from openaef.measures.models import ServiceCapacity
from openaef.measures.services_provider import capacity_save
from openaef.measures.states import MeasureStatus, ReferralStatus
from tests.cases.factories import make_case

from .factories import make_referral

pytestmark = pytest.mark.django_db


def _portal(name: str, **kwargs: str) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _save(client, service, **data):  # type: ignore[no-untyped-def]
    url = reverse("backoffice:provider_capacity_site_edit", args=[service.pk, service.locations.first().pk])
    return client.post(url, data)


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_the_directory_shows_the_date_places_are_available_from(login, provider_staff, service, client):  # type: ignore[no-untyped-def]
    response = _save(
        login(provider_staff), service, places="6", hours_per_month="", **_date("available_from", dt.date(2026, 12, 1))
    )
    assert response.status_code == 302
    card = client.get(_portal("portal:directory"), {"q": "family help at home"}).content.decode()
    assert "Places available from 1 December 2026" in card
    page = client.get(_portal("portal:service_detail", code=service.code)).content.decode()
    assert "Places available from 1 December 2026" in page


def test_a_date_today_or_earlier_reads_available_now(provider_staff, service, client):  # type: ignore[no-untyped-def]
    capacity_save(
        actor=provider_staff,
        service=service,
        location=service.locations.first(),
        places=3,
        hours_per_month=None,
        available_from=dt.date(2020, 1, 1),
        expected_version=None,
    )
    html = client.get(_portal("portal:service_detail", code=service.code)).content.decode()
    assert "Places available now" in html


def test_nothing_is_shown_when_the_provider_publishes_no_date(provider_staff, service, client):  # type: ignore[no-untyped-def]
    capacity_save(
        actor=provider_staff,
        service=service,
        location=None,
        places=3,
        hours_per_month=40,
        available_from=None,
        expected_version=None,
    )
    html = client.get(_portal("portal:service_detail", code=service.code)).content.decode()
    assert "Places available" not in html


def test_the_earliest_site_date_is_the_services(provider_staff, service):  # type: ignore[no-untyped-def]
    other_site = service.locations.create(street="2, rue de l'Essai", locality="Esch")
    for location, day in ((service.locations.first(), dt.date(2027, 3, 1)), (other_site, dt.date(2026, 12, 1))):
        capacity_save(
            actor=provider_staff,
            service=service,
            location=location,
            places=2,
            hours_per_month=None,
            available_from=day,
            expected_version=None,
        )
    result = directory_search("lu", DirectoryFilters(query="family help at home"))
    assert [s.places_from for s in result.services] == [dt.date(2026, 12, 1)]


def test_the_directory_costs_no_more_queries_with_capacities(provider_staff, service, django_assert_num_queries):  # type: ignore[no-untyped-def]
    capacity_save(
        actor=provider_staff,
        service=service,
        location=None,
        places=2,
        hours_per_month=None,
        available_from=dt.date(2026, 12, 1),
        expected_version=None,
    )
    # count, page (with the places available as a subquery), measure types, languages, addresses
    with django_assert_num_queries(5):
        directory_search("lu", DirectoryFilters(query="family help at home"))


def test_capacity_is_saved_with_a_version_check(provider_staff, service):  # type: ignore[no-untyped-def]
    location = service.locations.first()
    first = capacity_save(
        actor=provider_staff,
        service=service,
        location=location,
        places=4,
        hours_per_month=None,
        available_from=None,
        expected_version=None,
    )
    with pytest.raises(StaleVersion):
        capacity_save(
            actor=provider_staff,
            service=service,
            location=location,
            places=5,
            hours_per_month=None,
            available_from=None,
            expected_version=None,
        )
    second = capacity_save(
        actor=provider_staff,
        service=service,
        location=location,
        places=5,
        hours_per_month=80,
        available_from=None,
        expected_version=first.version,
    )
    assert (second.places, second.hours_per_month, second.version) == (5, 80, first.version + 1)
    with pytest.raises(StaleVersion):
        capacity_save(
            actor=provider_staff,
            service=service,
            location=location,
            places=6,
            hours_per_month=None,
            available_from=None,
            expected_version=first.version,
        )


def test_a_stale_capacity_form_keeps_what_was_typed(login, provider_staff, service):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    _save(client, service, places="4")
    response = _save(client, service, places="9")  # no version: the page was read before the first save
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this record" in html and 'value="9"' in html
    assert ServiceCapacity.objects.get(service=service).places == 4


def test_the_capacity_page_counts_places_taken_by_running_measures(login, provider_staff, service, office, coordinator):  # type: ignore[no-untyped-def]
    capacity_save(
        actor=provider_staff,
        service=service,
        location=service.locations.first(),
        places=5,
        hours_per_month=None,
        available_from=None,
        expected_version=None,
    )
    for status in (MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED, MeasureStatus.ENDED):
        make_referral(
            case=make_case(office=office, coordinator=coordinator),
            service=service,
            status=ReferralStatus.ACCEPTED,
            measure_status=status,
        )
    html = login(provider_staff).get(reverse("backoffice:provider_capacity")).content.decode()
    # 5 places, 2 taken (under way and suspended; ended does not count), 3 free
    assert '<td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-size-16">2</td>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-size-16">3</td>' in html


def test_another_providers_service_cannot_be_changed(other_provider_staff, service):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        capacity_save(
            actor=other_provider_staff,
            service=service,
            location=None,
            places=1,
            hours_per_month=None,
            available_from=None,
            expected_version=None,
        )
