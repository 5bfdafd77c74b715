import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.hotline.models import Call, CallStatus, ProtocolStep, Responder, Urgency
from tests.factories import UserFactory

from .factories import CallFactory

LUX = ZoneInfo("Europe/Luxembourg")
pytestmark = pytest.mark.django_db

PAGES = ["backoffice:hotline_console", "backoffice:hotline_calls", "backoffice:hotline_figures"]


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


@pytest.fixture
def urgent_call(agent):  # type: ignore[no-untyped-def]
    call = CallFactory(urgency=Urgency.URGENT, recorded_by=agent)
    ProtocolStep.objects.create(call=call, code="specialist", position=0)
    ProtocolStep.objects.create(call=call, code="police_testimony", position=1)
    return call


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_an_anonymous_visitor_to_sign_in(client, name) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_it_refuses_a_coordinator(client, coordinator, name) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code == 403


def test_it_refuses_a_coordinator_a_call(client, coordinator, urgent_call) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    assert client.get(reverse("backoffice:hotline_call", args=[urgent_call.pk])).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_it_shows_the_pages_to_a_hotline_agent_and_an_intake_officer(client, agent, intake_officer, name) -> None:  # type: ignore[no-untyped-def]
    for user in (agent, intake_officer):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_the_console_records_a_call_with_the_few_required_answers(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:hotline_console"),
        {"time": "02:10", "caller_type": "parent", "language": "lb", "category": "runaway", "urgency": "urgent"},
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:hotline_call", args=[call.pk])
    assert call.responder == Responder.POLICE  # two in the morning
    assert timezone.localtime(call.received_at).time() == dt.time(2, 10)
    assert call.protocol_steps.count() == 2


def test_the_console_keeps_what_was_typed_when_an_answer_is_missing(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    response = client.post(reverse("backoffice:hotline_console"), {"time": "10:00", "summary": "Worried mother"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose who is calling." in body and "Worried mother" in body
    assert not Call.objects.exists()


def test_an_agent_marks_a_step_done_and_it_shows_when_and_by_whom(client, agent, urgent_call) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    url = reverse("backoffice:hotline_step_done", args=[urgent_call.pk, "specialist"])
    assert client.post(url, {"version": urgent_call.version}).status_code == 302
    page = client.get(reverse("backoffice:hotline_call", args=[urgent_call.pk])).content.decode()
    assert "by Hana Hotline" in page
    # The same form sent again, with the old version: refused, nothing changes.
    assert client.post(url, {"version": urgent_call.version}).status_code == 409


def test_a_call_cannot_close_while_the_protocol_is_unfinished(client, agent, urgent_call) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:hotline_close", args=[urgent_call.pk]), {"version": urgent_call.version, "outcome": "specialist"}
    )
    assert response.status_code == 400
    assert "Every step of the urgent-case protocol must be done first." in response.content.decode()
    urgent_call.refresh_from_db()
    assert urgent_call.status == CallStatus.OPEN


def test_a_night_call_is_handed_over_then_closed(client, agent) -> None:  # type: ignore[no-untyped-def]
    call = CallFactory(responder=Responder.POLICE, recorded_by=agent)
    client.force_login(agent)
    page = client.get(reverse("backoffice:hotline_call", args=[call.pk])).content.decode()
    assert "Record the handover" in page
    client.post(reverse("backoffice:hotline_handover", args=[call.pk]), {"version": 1, "police_reference": "PGD-7"})
    response = client.post(reverse("backoffice:hotline_close", args=[call.pk]), {"version": 2, "outcome": "police"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED and call.police_reference == "PGD-7"


def test_the_list_filters_by_category_and_urgency(client, agent, urgent_call) -> None:  # type: ignore[no-untyped-def]
    CallFactory(category="information", recorded_by=agent)
    client.force_login(agent)
    url = reverse("backoffice:hotline_calls")
    page = client.get(url, {"category": "runaway", "urgency": "urgent"}).content.decode()
    assert f"Call {urgent_call.pk}" in page
    assert page.count('govuk-tag govuk-tag--red">Urgent') == 1
    assert "No call matches" in client.get(url, {"category": "distress"}).content.decode()


def test_the_list_pages_newest_first_in_bounded_queries(client, agent, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    calls = [CallFactory(received_at=now - dt.timedelta(hours=i), recorded_by=agent) for i in range(55)]
    client.force_login(agent)
    url = reverse("backoffice:hotline_calls")
    client.get(url)  # warm the session
    with django_assert_num_queries(6):
        response = client.get(url)
    items = response.context["page"].items
    assert items[0] == calls[0] and len(items) == 50
    second = client.get(url, {"cursor": response.context["page"].next_cursor}).context["page"].items
    assert [c.pk for c in second] == [c.pk for c in calls[50:]]


def test_the_call_page_costs_a_bounded_number_of_queries(client, agent, urgent_call, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    url = reverse("backoffice:hotline_call", args=[urgent_call.pk])
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_figures_count_per_category_hour_and_outcome(client, agent, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    CallFactory(received_at=dt.datetime(2026, 3, 10, 2, 15, tzinfo=LUX), category="runaway", recorded_by=agent)
    CallFactory(received_at=dt.datetime(2026, 3, 10, 2, 40, tzinfo=LUX), category="runaway", recorded_by=agent)
    CallFactory(
        received_at=dt.datetime(2026, 3, 11, 14, 0, tzinfo=LUX),
        category="distress",
        status="closed",
        outcome="listened",
        recorded_by=agent,
    )
    CallFactory(received_at=dt.datetime(2026, 4, 1, 9, 0, tzinfo=LUX), category="runaway", recorded_by=agent)
    client.force_login(agent)
    url = reverse("backoffice:hotline_figures")
    query = {"start_day": "1", "start_month": "3", "start_year": "2026", "end_day": "31", "end_month": "3", "end_year": "2026"}
    client.get(url, query)
    # Five for the session, the user and the menu; one aggregate each for the three tables.
    with django_assert_num_queries(8):
        response = client.get(url, query)
    figures = response.context["figures"]
    as_dict = {key: {row.label: row.count for row in rows} for key, rows in figures.items()}
    assert as_dict["category"]["Runaway"] == 2
    assert as_dict["category"]["Child or young person in distress"] == 1
    assert as_dict["hour"]["02:00"] == 2 and as_dict["hour"]["14:00"] == 1
    assert as_dict["outcome"]["Listened to and supported"] == 1
    assert as_dict["outcome"]["Not closed yet"] == 2


def test_the_figures_refuse_a_period_that_ends_before_it_starts(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    query = {"start_day": "2", "start_month": "3", "start_year": "2026", "end_day": "1", "end_month": "3", "end_year": "2026"}
    response = client.get(reverse("backoffice:hotline_figures"), query)
    assert response.status_code == 400
    assert "The end of the period must be on or after its start." in response.content.decode()


def test_the_console_says_who_answers_the_line_now(client, agent, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    night = dt.datetime(2026, 3, 10, 23, 0, tzinfo=LUX)
    monkeypatch.setattr("django.utils.timezone.now", lambda: night)
    client.force_login(agent)
    body = client.get(reverse("backoffice:hotline_console")).content.decode()
    assert "Who answers the line now: The Grand Ducal Police." in body
    assert 'value="23:00"' in body
