from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.notifications.models import Notification, NotificationKind

from .factories import make_notification

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:notification_list")


def test_it_lists_the_users_notifications_newest_first_with_the_unread_marked_new(login, coordinator):
    old = make_notification(coordinator, params={"reference": "C-OLD"}, read_at=timezone.now())
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    make_notification(coordinator, kind=NotificationKind.PROJECT_TO_VALIDATE, params={"reference": "C-NEW"})
    response = login(coordinator).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("C-NEW") < html.index("C-OLD")
    assert "The intervention project of case C-NEW waits for validation." in html
    assert html.count(">New<") == 1
    new = Notification.objects.get(params__reference="C-NEW")
    assert reverse("backoffice:notification_open", args=[new.pk]) in html
    assert "You have 1 unread notification." in html


def test_it_shows_dates_in_the_readers_format(login, coordinator):
    make_notification(coordinator, kind=NotificationKind.EVALUATION_DUE, params={"reference": "C-1", "due_on": "2026-12-01"})
    html = login(coordinator).get(URL).content.decode()
    assert "due on Dec. 1, 2026" in html


def test_it_never_shows_another_users_notifications(login, coordinator, office_head):
    make_notification(office_head, params={"reference": "C-BOBS"})
    html = login(coordinator).get(URL).content.decode()
    assert "C-BOBS" not in html
    assert "You have no notifications." in html


def test_it_pages_with_a_cursor_and_a_bounded_number_of_queries(login, coordinator, django_assert_num_queries):
    for n in range(30):
        make_notification(coordinator, params={"reference": f"C-{n:03d}"})
    client = login(coordinator)
    client.get(URL)
    with django_assert_num_queries(QUERIES):
        first = client.get(URL)
    assert len(first.context["rows"]) == 25
    cursor = first.context["page"].next_cursor
    with django_assert_num_queries(QUERIES):
        second = client.get(URL, {"cursor": cursor})
    html = second.content.decode()
    assert "C-000" in html and "C-029" not in html


# Session, user, second factor, roles, the page and the unread count (shared with the header).
QUERIES = 6


def test_mark_all_as_read_marks_only_the_users_own(login, coordinator, office_head):
    mine = make_notification(coordinator)
    theirs = make_notification(office_head)
    response = login(coordinator).post(reverse("backoffice:notification_mark_all_read"))
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_mark_all_as_read_refuses_a_get(login, coordinator):
    assert login(coordinator).get(reverse("backoffice:notification_mark_all_read")).status_code == 405


def test_it_refuses_an_anonymous_visitor(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_every_professional_has_a_list_provider_staff_included(login, outsider, intake_officer):
    assert login(outsider).get(URL).status_code == 200
    assert login(intake_officer).get(URL).status_code == 200


def test_the_header_shows_the_unread_count(login, coordinator):
    make_notification(coordinator)
    make_notification(coordinator)
    make_notification(coordinator, read_at=timezone.now())
    html = login(coordinator).get(reverse("backoffice:account")).content.decode()
    assert 'Notifications (2<span class="govuk-visually-hidden"> unread</span>)' in html


def test_the_header_shows_no_count_when_all_is_read(login, coordinator):
    make_notification(coordinator, read_at=timezone.now())
    html = login(coordinator).get(reverse("backoffice:account")).content.decode()
    assert ">Notifications</a>" in html
