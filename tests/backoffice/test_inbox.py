from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.intake.models import Channel, Priority
from openaef.intake.states import RequestStatus

pytestmark = pytest.mark.django_db


def inbox_url(query: str = "") -> str:
    return reverse("backoffice:inbox") + query


def references(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["reference"] for row in response.context["rows"]]


def test_it_shows_every_request_to_the_intake_officer(login, intake_officer, make_request, office, other_office):
    mine = make_request(office=office)
    theirs = make_request(office=other_office)
    response = login(intake_officer).get(inbox_url())
    assert response.status_code == 200
    assert set(references(response)) == {mine.reference, theirs.reference}
    assert "<caption" in response.content.decode()


def test_it_shows_an_office_head_only_their_office(login, office_head, make_request, office, other_office):
    mine = make_request(office=office, assigned=True)
    make_request(office=other_office, assigned=True)
    response = login(office_head).get(inbox_url())
    assert references(response) == [mine.reference]


def test_it_refuses_the_inbox_to_an_outsider(login, outsider):
    assert login(outsider).get(inbox_url()).status_code == 403


def test_it_sends_an_anonymous_visitor_to_login(client):
    response = client.get(inbox_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_it_filters_by_status_priority_and_channel(login, intake_officer, make_request):
    wanted = make_request(status=RequestStatus.IN_TRIAGE, priority=Priority.URGENT, channel=Channel.PHONE)
    make_request(status=RequestStatus.IN_TRIAGE, priority=Priority.NORMAL, channel=Channel.PHONE)
    make_request(status=RequestStatus.RECEIVED, priority=Priority.URGENT, channel=Channel.PHONE)
    make_request(status=RequestStatus.IN_TRIAGE, priority=Priority.URGENT, channel=Channel.WEB)
    response = login(intake_officer).get(inbox_url("?status=in_triage&priority=1&channel=phone"))
    assert references(response) == [wanted.reference]


def test_it_filters_by_office_age_band_and_dates(login, intake_officer, make_request, office, other_office):
    today = timezone.localdate()
    teen = make_request(office=office, child_birth_date=today.replace(year=today.year - 14), received_at=timezone.now())
    make_request(office=office, child_birth_date=today.replace(year=today.year - 4))
    make_request(office=other_office, child_birth_date=today.replace(year=today.year - 14))
    make_request(
        office=office, child_birth_date=today.replace(year=today.year - 14), received_at=timezone.now() - dt.timedelta(days=30)
    )
    since = today - dt.timedelta(days=2)
    query = f"?office={office.pk}&age=12-17&received_from_day={since.day}&received_from_month={since.month}&received_from_year={since.year}"
    response = login(intake_officer).get(inbox_url(query))
    assert references(response) == [teen.reference]


def test_it_finds_a_child_by_name_ignoring_accents_and_case(login, intake_officer, make_request):
    zoe = make_request(child_first_names="Zoé", child_surname="Müller")
    make_request(child_first_names="Paul", child_surname="Weber")
    response = login(intake_officer).get(inbox_url("?q=MULLER"))
    assert references(response) == [zoe.reference]
    assert references(login(intake_officer).get(inbox_url(f"?q={zoe.reference.lower()}"))) == [zoe.reference]


def test_it_ignores_a_mistyped_filter_and_says_so(login, intake_officer, make_request):
    request = make_request()
    response = login(intake_officer).get(inbox_url("?received_from_day=40&received_from_month=2&received_from_year=2026"))
    assert response.status_code == 200
    assert references(response) == [request.reference]
    assert "govuk-error-summary" in response.content.decode()


def test_it_sorts_by_priority_then_oldest(login, intake_officer, make_request):
    now = timezone.now()
    normal = make_request(priority=Priority.NORMAL, received_at=now - dt.timedelta(days=3))
    urgent_new = make_request(priority=Priority.URGENT, received_at=now)
    urgent_old = make_request(priority=Priority.URGENT, received_at=now - dt.timedelta(days=1))
    response = login(intake_officer).get(inbox_url("?sort=priority"))
    assert references(response) == [urgent_old.reference, urgent_new.reference, normal.reference]
    oldest = login(intake_officer).get(inbox_url("?sort=oldest"))
    assert references(oldest) == [normal.reference, urgent_old.reference, urgent_new.reference]


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority"])
def test_it_walks_every_request_once_forwards_and_backwards(login, intake_officer, make_request, sort):
    start = timezone.now() - dt.timedelta(days=5)
    # Ties on the date received and on the priority: the id breaks them.
    made = [
        make_request(received_at=start + dt.timedelta(hours=i // 3), priority=Priority.values[i % 3]).reference for i in range(60)
    ]
    client = login(intake_officer)
    pages, cursor = [], None
    while True:
        response = client.get(inbox_url(f"?sort={sort}" + (f"&cursor={cursor}" if cursor else "")))
        pages.append(references(response))
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
    forwards = [reference for page in pages for reference in page]
    assert [len(page) for page in pages] == [25, 25, 10]
    assert sorted(forwards) == sorted(made)
    assert len(set(forwards)) == 60

    backwards_pages = []
    cursor = response.context["page"].previous_cursor
    while cursor:
        response = client.get(inbox_url(f"?sort={sort}&cursor={cursor}"))
        backwards_pages.insert(0, references(response))
        cursor = response.context["page"].previous_cursor
    assert [reference for page in backwards_pages for reference in page] + pages[-1] == forwards


def test_it_ignores_a_tampered_cursor(login, intake_officer, make_request):
    request = make_request()
    response = login(intake_officer).get(inbox_url("?cursor=not-a-signed-cursor"))
    assert references(response) == [request.reference]


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("user_fixture", ["intake_officer", "office_head"])
def test_it_takes_the_same_number_of_queries_for_5_or_25_rows(request, login, make_request, office, user_fixture):
    client = login(request.getfixturevalue(user_fixture))
    for _ in range(5):
        make_request(office=office, assigned=True)
    small = count_queries(client, inbox_url())
    for _ in range(20):
        make_request(office=office, assigned=True)
    large = count_queries(client, inbox_url())
    assert small == large
    assert large <= 8


def test_the_next_and_previous_links_lead_to_the_neighbouring_pages(login, intake_officer, make_request):
    import html
    import re

    for _ in range(30):
        make_request()
    client = login(intake_officer)
    first = client.get(inbox_url("?status=received"))
    next_href = html.unescape(re.search(r'href="([^"]+)" rel="next"', first.content.decode()).group(1))
    assert "status=received" in next_href and "cursor=" in next_href
    second = client.get(inbox_url(next_href))
    assert len(references(second)) == 5
    previous_href = html.unescape(re.search(r'href="([^"]+)" rel="prev"', second.content.decode()).group(1))
    assert references(client.get(inbox_url(previous_href))) == references(first)
