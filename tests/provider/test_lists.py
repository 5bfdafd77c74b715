"""The inbox, the waiting lists and the measures under way: what they list, and at what cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.measures.states import MeasureStatus, ReferralStatus
from tests.cases.factories import PersonFactory, make_case

from .factories import make_referral

pytestmark = pytest.mark.django_db


def _referrals(n, *, office, coordinator, service, status=ReferralStatus.SENT, **fields):  # type: ignore[no-untyped-def]
    return [
        make_referral(
            case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names=f"Kid{i:02d}")),
            service=service,
            status=status,
            sent_at=timezone.now() - dt.timedelta(hours=i),
            **fields,
        )
        for i in range(n)
    ]


def _queries(client, url, params=None):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def test_the_inbox_lists_open_referrals_newest_first(login, provider_staff, office, coordinator, service, other_service):  # type: ignore[no-untyped-def]
    sent = _referrals(2, office=office, coordinator=coordinator, service=service)
    make_referral(
        case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names="Dorothea")),
        service=service,
        status=ReferralStatus.DECLINED,
    )
    make_referral(
        case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names="Elsbeth")),
        service=other_service,
    )
    html = login(provider_staff).get(reverse("backoffice:provider_inbox")).content.decode()
    assert html.index("Kid00") < html.index("Kid01")
    assert "Dorothea" not in html and "Elsbeth" not in html
    assert sent[0].measure.case.reference in html


def test_the_inbox_filters_by_status_and_service(login, provider_staff, office, coordinator, service, provider):  # type: ignore[no-untyped-def]
    from tests.directory.factories import ServiceFactory

    second = ServiceFactory(provider=provider, code="T-SECOND", measures=["AMB-SAF"])
    make_referral(
        case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names="Dorothea")),
        service=service,
        status=ReferralStatus.DECLINED,
    )
    make_referral(
        case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names="Sekunda")), service=second
    )
    client = login(provider_staff)
    html = client.get(reverse("backoffice:provider_inbox"), {"status": "declined"}).content.decode()
    assert "Dorothea" in html and "Sekunda" not in html
    html = client.get(reverse("backoffice:provider_inbox"), {"service": second.pk}).content.decode()
    assert "Sekunda" in html and "Dorothea" not in html


def test_the_inbox_is_paged(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    _referrals(27, office=office, coordinator=coordinator, service=service)
    client = login(provider_staff)
    html = client.get(reverse("backoffice:provider_inbox")).content.decode()
    assert "Kid24" in html and "Kid25" not in html and 'rel="next"' in html


def test_the_inbox_costs_the_same_with_5_or_30_referrals(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_inbox")
    _referrals(5, office=office, coordinator=coordinator, service=service)
    few = _queries(client, url)
    _referrals(25, office=office, coordinator=coordinator, service=service, status=ReferralStatus.WAITING)
    many = _queries(client, url)
    assert few == many
    assert many <= 14


def test_the_waiting_list_shows_positions_in_order(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    base = timezone.now() - dt.timedelta(days=10)
    for name in ["Third", "First", "Second"]:
        make_referral(
            case=make_case(office=office, coordinator=coordinator, child=PersonFactory(first_names=name)),
            service=service,
            status=ReferralStatus.WAITING,
            waiting_since=base + dt.timedelta(days={"First": 1, "Second": 2, "Third": 3}[name]),
        )
    html = login(provider_staff).get(reverse("backoffice:provider_waiting_lists")).content.decode()
    assert html.index("First") < html.index("Second") < html.index("Third")
    assert "3 waiting" in html


def test_accepting_from_the_waiting_list_goes_back_to_it(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    (waiting,) = _referrals(1, office=office, coordinator=coordinator, service=service, status=ReferralStatus.WAITING)
    slug = f"{service.pk}-{service.locations.first().pk}"
    response = login(provider_staff).post(
        reverse("backoffice:provider_referral_accept", args=[waiting.pk]), {"accept-version": waiting.version, "from_list": slug}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?list={slug}")
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.ACCEPTED


def test_the_waiting_list_costs_the_same_with_few_or_many(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_waiting_lists")
    _referrals(3, office=office, coordinator=coordinator, service=service, status=ReferralStatus.WAITING)
    few = _queries(client, url)
    _referrals(20, office=office, coordinator=coordinator, service=service, status=ReferralStatus.WAITING)
    assert _queries(client, url) == few


def test_the_measures_under_way_show_the_reports_due(login, provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    (running,) = _referrals(
        1,
        office=office,
        coordinator=coordinator,
        service=service,
        status=ReferralStatus.ACCEPTED,
        measure_status=MeasureStatus.ACTIVE,
    )
    _referrals(1, office=office, coordinator=coordinator, service=service, status=ReferralStatus.ACCEPTED)  # not started
    measure = running.measure
    measure.next_report_on = dt.date(2026, 3, 1)
    measure.save(update_fields=["next_report_on"])
    client = login(provider_staff)
    url = reverse("backoffice:provider_measure_list")
    html = client.get(url).content.decode()
    assert measure.case.reference in html and "Kid00" in html
    assert reverse("backoffice:provider_activity", args=[measure.pk]) in html
    assert "Overdue" in html or "01/03/2026" in html
    few = _queries(client, url)
    _referrals(
        10,
        office=office,
        coordinator=coordinator,
        service=service,
        status=ReferralStatus.ACCEPTED,
        measure_status=MeasureStatus.ACTIVE,
    )
    assert _queries(client, url) == few
