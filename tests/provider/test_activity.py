"""Days or hours delivered each month of a running measure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.measures.models import ActivityRecord, Measure
from openaef.measures.services_provider import activity_record
from openaef.measures.states import MeasureStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(running_referral):  # type: ignore[no-untyped-def]
    return running_referral.measure  # started 1 February 2026


def _record(actor, measure, month, days=None, hours=None, version=None):  # type: ignore[no-untyped-def]
    return activity_record(actor=actor, measure=measure, month=month, days=days, hours=hours, expected_version=version)


def _errors(actor, measure, month, **values):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        _record(actor, measure, month, **values)
    return error.value.message_dict


def test_a_month_is_recorded_once_and_then_changed(provider_staff, measure):  # type: ignore[no-untyped-def]
    first = _record(provider_staff, measure, dt.date(2026, 2, 14), days=Decimal("4"))
    assert first.month == dt.date(2026, 2, 1)
    changed = _record(provider_staff, measure, dt.date(2026, 2, 1), days=Decimal("5"), hours=Decimal("20"), version=first.version)
    assert ActivityRecord.objects.filter(measure=measure).count() == 1
    assert (changed.days, changed.hours) == (Decimal("5"), Decimal("20"))
    with pytest.raises(StaleVersion):
        _record(provider_staff, measure, dt.date(2026, 2, 1), days=Decimal("6"), version=first.version)


def test_it_refuses_a_month_in_the_future(provider_staff, measure):  # type: ignore[no-untyped-def]
    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    assert "month" in _errors(provider_staff, measure, next_month, days=Decimal("1"))


def test_it_refuses_a_month_before_the_start(provider_staff, measure):  # type: ignore[no-untyped-def]
    assert "month" in _errors(provider_staff, measure, dt.date(2026, 1, 1), days=Decimal("1"))


def test_it_needs_days_or_hours(provider_staff, measure):  # type: ignore[no-untyped-def]
    assert "days" in _errors(provider_staff, measure, dt.date(2026, 2, 1))


@pytest.mark.parametrize(
    ("days", "hours", "field"),
    [("29", None, "days"), ("-1", None, "days"), (None, "700", "hours"), ("2", "49", "hours")],
)
def test_it_refuses_more_than_the_month_holds(provider_staff, measure, days, hours, field):  # type: ignore[no-untyped-def]
    # February 2026 has 28 days: 672 hours at most, and 2 days cannot hold 49 hours.
    values = {"days": Decimal(days) if days else None, "hours": Decimal(hours) if hours else None}
    assert field in _errors(provider_staff, measure, dt.date(2026, 2, 1), **values)


def test_only_a_running_measure_takes_activity(provider_staff, measure):  # type: ignore[no-untyped-def]
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.ENDED)
    measure.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        _record(provider_staff, measure, dt.date(2026, 2, 1), days=Decimal("1"))


def test_the_page_records_a_month_and_shows_errors_by_the_field(login, provider_staff, measure):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_activity", args=[measure.pk])
    response = client.post(url, {"month_month": "2", "month_year": "2026", "days": "", "hours": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and 'href="#id_days"' in html
    response = client.post(url, {"month_month": "13", "month_year": "2026", "days": "2"})
    assert 'href="#id_month_month"' in response.content.decode()
    response = client.post(url, {"month_month": "2", "month_year": "2026", "days": "3.5"})
    assert response.status_code == 302
    assert ActivityRecord.objects.get(measure=measure).days == Decimal("3.5")
    # Changing the month: the form comes back filled in, with its version.
    html = client.get(url, {"month": "2026-02"}).content.decode()
    assert 'value="3.5"' in html and 'name="version" value="1"' in html
