"""The statement checks as a table, and which tariff is in force on a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openaef.finance import billing_checks as checks
from openaef.finance.billing_checks import Period
from openaef.finance.models import Unit
from openaef.finance.tariffs import TariffBook, tariff_in_force
from tests.finance.factories_billing import *  # noqa: F403

FEB = dt.date(2026, 2, 1)  # 28 days


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period(dt.date(2026, 1, 1), None), 28),
        (Period(dt.date(2026, 2, 10), None), 19),
        (Period(dt.date(2026, 1, 1), dt.date(2026, 2, 5)), 5),
        (Period(dt.date(2026, 2, 10), dt.date(2026, 2, 12)), 3),
        (Period(dt.date(2026, 3, 1), None), 0),
        (Period(dt.date(2025, 1, 1), dt.date(2026, 1, 31)), 0),
        (Period(None, None), 0),
        # Suspended from the 10th, resumed on the 20th: the 10th to the 19th are not counted.
        (Period(dt.date(2026, 1, 1), None, [(dt.date(2026, 2, 10), dt.date(2026, 2, 20))]), 18),
        # Suspended since January and not resumed: nothing in February.
        (Period(dt.date(2025, 6, 1), None, [(dt.date(2026, 1, 15), None)]), 0),
        # A suspension after the measure ended does not count twice.
        (Period(dt.date(2026, 2, 1), dt.date(2026, 2, 10), [(dt.date(2026, 2, 8), None)]), 7),
    ],
)
def test_the_days_under_way_in_a_month(period, expected):  # type: ignore[no-untyped-def]
    assert checks.active_days(period, FEB) == expected


def test_suspensions_are_read_from_the_measure_events_in_order():  # type: ignore[no-untyped-def]
    events = [
        ("started", dt.date(2026, 1, 1)),
        ("suspended", dt.date(2026, 2, 3)),
        ("resumed", dt.date(2026, 2, 5)),
        ("suspended", dt.date(2026, 2, 20)),
    ]
    assert checks.suspensions_from_events(events) == [(dt.date(2026, 2, 3), dt.date(2026, 2, 5)), (dt.date(2026, 2, 20), None)]


def test_the_tariff_is_read_on_the_first_day_the_measure_was_under_way():  # type: ignore[no-untyped-def]
    assert checks.first_active_day(Period(dt.date(2026, 2, 10), None), FEB) == dt.date(2026, 2, 10)
    assert checks.first_active_day(Period(dt.date(2025, 2, 10), None), FEB) == FEB


@pytest.mark.parametrize(
    ("unit", "quantity", "has_tariff", "days", "flags"),
    [
        (Unit.DAY, "20", True, 28, []),
        (Unit.DAY, "20", False, 28, [checks.NO_TARIFF]),
        (Unit.DAY, "20", True, 19, [checks.DAYS_ABOVE_ACTIVE]),
        (Unit.DAY, "19", True, 19, []),
        (Unit.HOUR, "300", True, 1, []),
        (Unit.HOUR, "3", True, 0, [checks.NOT_ACTIVE]),
        (Unit.DAY, "3", False, 0, [checks.NO_TARIFF, checks.NOT_ACTIVE]),
    ],
)
def test_the_checks_of_one_line(unit, quantity, has_tariff, days, flags):  # type: ignore[no-untyped-def]
    assert checks.line_flags(unit=unit, quantity=Decimal(quantity), has_tariff=has_tariff, days_active=days) == flags


def test_hours_over_a_capacity_are_found_and_no_capacity_means_no_limit():  # type: ignore[no-untyped-def]
    hours = {1: Decimal("120"), 2: Decimal("80"), 3: Decimal("1000")}
    assert checks.over_capacity(hours, {1: 100, 2: 100, 3: None}) == {1}


def test_every_flag_is_explained_in_words():  # type: ignore[no-untyped-def]
    codes = {checks.NO_TARIFF, checks.NOT_ACTIVE, checks.DAYS_ABOVE_ACTIVE, checks.HOURS_ABOVE_CAPACITY}
    assert set(checks.FLAG_TEXT) == codes


# ---------------------------------------------------------------- which tariff is in force


@pytest.mark.django_db
def test_the_tariff_in_force_is_the_latest_started_on_or_before_the_day(billing_service, finance_officer):  # type: ignore[no-untyped-def]
    provider = billing_service.provider
    make_tariff(provider, "AMB-SAF", Unit.HOUR, "80.00", dt.date(2025, 1, 1), by=finance_officer)  # noqa: F405
    make_tariff(provider, "AMB-SAF", Unit.HOUR, "85.00", dt.date(2026, 3, 1), by=finance_officer)  # noqa: F405
    type_id = billing_service.measure_types.get(code="AMB-SAF").pk

    def rate(day: dt.date) -> Decimal | None:
        found = tariff_in_force(
            provider_id=provider.pk, service_id=billing_service.pk, measure_type_id=type_id, unit="hour", on=day
        )
        booked = TariffBook([provider.pk]).find(
            provider_id=provider.pk, service_id=billing_service.pk, measure_type_id=type_id, unit="hour", on=day
        )
        assert (found and found.pk) == (booked and booked.pk)
        return found.amount if found else None

    assert rate(dt.date(2024, 12, 31)) is None
    assert rate(dt.date(2026, 2, 28)) == Decimal("80.00")
    assert rate(dt.date(2026, 3, 1)) == Decimal("85.00")


@pytest.mark.django_db
def test_a_service_tariff_wins_over_the_providers_tariff(billing_service, finance_officer):  # type: ignore[no-untyped-def]
    provider = billing_service.provider
    make_tariff(provider, "AMB-SAF", Unit.HOUR, "80.00", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405
    make_tariff(provider, "AMB-SAF", Unit.HOUR, "90.00", dt.date(2025, 1, 1), service=billing_service, by=finance_officer)  # noqa: F405
    type_id = billing_service.measure_types.get(code="AMB-SAF").pk
    book = TariffBook([provider.pk])
    on = dt.date(2026, 2, 1)
    assert book.find(
        provider_id=provider.pk, service_id=billing_service.pk, measure_type_id=type_id, unit="hour", on=on
    ).amount == Decimal("90.00")  # type: ignore[union-attr]
    # Another service of the provider has no tariff of its own: the provider's applies.
    assert book.find(provider_id=provider.pk, service_id=None, measure_type_id=type_id, unit="hour", on=on).amount == Decimal(
        "80.00"
    )  # type: ignore[union-attr]
