import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.hotline.models import FollowUpEntry, FollowUpStatus, MissingChildFollowUp
from tests.cases.factories import make_case
from tests.factories import UserFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db
URL = "backoffice:hotline_follow_ups"


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


def follow_up(agent, days_ago: int, *, status: str = FollowUpStatus.OPEN, calls: int = 1, **fields):  # type: ignore[no-untyped-def]
    item = MissingChildFollowUp.objects.create(
        opened_by=agent, opened_at=timezone.now() - dt.timedelta(days=days_ago), status=status, **fields
    )
    for _ in range(calls):
        CallFactory(recorded_by=agent, follow_up=item)
    return item


def test_it_sends_an_anonymous_visitor_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_refuses_a_coordinator_and_an_outsider(client, coordinator, outsider) -> None:  # type: ignore[no-untyped-def]
    for user in (coordinator, outsider):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403


def test_it_lists_open_follow_ups_first_with_calls_case_and_last_entry(client, agent, office) -> None:  # type: ignore[no-untyped-def]
    case = make_case(office=office)
    closed_recent = follow_up(agent, 1, status=FollowUpStatus.CLOSED)
    open_old = follow_up(agent, 20, calls=3, case=case)
    open_new = follow_up(agent, 2, calls=0)
    FollowUpEntry.objects.create(follow_up=open_old, kind="return", by=agent, at=timezone.now() - dt.timedelta(days=5))
    last = FollowUpEntry.objects.create(follow_up=open_old, kind="reconnection", by=agent)
    client.force_login(agent)
    response = client.get(reverse(URL))
    items = response.context["page"].items
    assert [f.pk for f in items] == [open_new.pk, open_old.pk, closed_recent.pk]
    assert [f.calls_count for f in items] == [0, 3, 1]
    assert items[1].last_entry_at == last.at and items[0].last_entry_at is None
    body = response.content.decode()
    assert case.reference in body
    assert reverse("backoffice:hotline_follow_up", args=[open_old.pk]) in body


def test_it_filters_by_status(client, agent) -> None:  # type: ignore[no-untyped-def]
    open_one = follow_up(agent, 3)
    closed = follow_up(agent, 1, status=FollowUpStatus.CLOSED)
    client.force_login(agent)
    assert [f.pk for f in client.get(reverse(URL), {"status": "closed"}).context["page"].items] == [closed.pk]
    assert [f.pk for f in client.get(reverse(URL), {"status": "open"}).context["page"].items] == [open_one.pk]


def test_it_pages_in_bounded_queries(client, agent, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    made = [follow_up(agent, i, status=FollowUpStatus.CLOSED if i % 2 else FollowUpStatus.OPEN, calls=2) for i in range(55)]
    expected = [f.pk for f in made if f.status == FollowUpStatus.OPEN] + [f.pk for f in made if f.status != FollowUpStatus.OPEN]
    client.force_login(agent)
    client.get(reverse(URL))
    # Session, user, roles, menu; one for the page with its counts and case references.
    with django_assert_num_queries(6):
        response = client.get(reverse(URL))
    first = response.context["page"]
    second = client.get(reverse(URL), {"cursor": first.next_cursor}).context["page"]
    assert [f.pk for f in first.items] + [f.pk for f in second.items] == expected
    assert second.next_cursor is None


def test_the_sub_navigation_leads_to_the_list(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    body = client.get(reverse("backoffice:hotline_calls")).content.decode()
    assert f'href="{reverse(URL)}"' in body
