import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from tests.factories import UserFactory

from .factories import CallFactory

LUX = ZoneInfo("Europe/Luxembourg")
pytestmark = pytest.mark.django_db
MARCH = {"start_day": "1", "start_month": "3", "start_year": "2026", "end_day": "31", "end_month": "3", "end_year": "2026"}


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_it_refuses_a_coordinator(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    assert client.get(reverse("backoffice:hotline_figures_csv"), MARCH).status_code == 403


def test_the_csv_has_the_period_s_figures_per_category_hour_and_outcome(client, agent) -> None:  # type: ignore[no-untyped-def]
    CallFactory(received_at=dt.datetime(2026, 3, 10, 23, 40, tzinfo=LUX), category="disappearance", recorded_by=agent)
    CallFactory(
        received_at=dt.datetime(2026, 3, 11, 23, 5, tzinfo=LUX),
        category="disappearance",
        status="closed",
        outcome="follow_up",
        recorded_by=agent,
    )
    CallFactory(received_at=dt.datetime(2026, 4, 1, 23, 0, tzinfo=LUX), category="disappearance", recorded_by=agent)
    client.force_login(agent)
    response = client.get(reverse("backoffice:hotline_figures_csv"), MARCH)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="116000-2026-03-01-2026-03-31.csv"' in response["Content-Disposition"]
    table = {(r[0], r[1]): int(r[2]) for r in rows(response)[1:]}
    assert table[("Per category", "Worrying disappearance")] == 2
    assert table[("Per category", "Runaway")] == 0
    assert table[("Per hour of the day", "23:00")] == 2
    assert table[("Per outcome", "Family followed up")] == 1
    assert table[("Per outcome", "Not closed yet")] == 1


def test_the_figures_page_links_to_the_csv_of_its_period(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    body = client.get(reverse("backoffice:hotline_figures"), MARCH).content.decode()
    assert "start_day=1&amp;start_month=3&amp;start_year=2026&amp;end_day=31" in body


def test_a_wrong_period_sends_back_to_the_page_with_its_errors(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    wrong = {**MARCH, "end_year": "2025"}
    response = client.get(reverse("backoffice:hotline_figures_csv"), wrong)
    assert response.status_code == 302 and response["Location"].startswith(reverse("backoffice:hotline_figures"))
