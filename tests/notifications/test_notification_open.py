from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import make_notification

pytestmark = pytest.mark.django_db


def url(notification) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:notification_open", args=[notification.pk])


def test_opening_marks_it_read_and_goes_to_its_page(login, coordinator, case):
    target = reverse("backoffice:case_detail", args=[case.pk])
    notification = make_notification(coordinator, url=target)
    response = login(coordinator).post(url(notification))
    assert response.status_code == 302
    assert response.url == target
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_goes_to_the_page_in_the_readers_language(login, coordinator, case):
    notification = make_notification(coordinator, url=f"/fr/staff/cases/{case.pk}/")
    response = login(coordinator).post(url(notification))
    assert response.url == f"/en/staff/cases/{case.pk}/"


@pytest.mark.parametrize(
    "stored",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "/\t/evil.example/phish",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_it_never_follows_anything_but_a_local_path(login, coordinator, stored):
    notification = make_notification(coordinator, url=stored)
    response = login(coordinator).post(url(notification))
    assert response.status_code == 302
    assert response.url == reverse("backoffice:notification_list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_not_found(login, coordinator, office_head):
    notification = make_notification(office_head)
    response = login(coordinator).post(url(notification))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_missing_notification_is_not_found(login, coordinator):
    assert login(coordinator).post(reverse("backoffice:notification_open", args=[999999])).status_code == 404


def test_opening_needs_a_post(login, coordinator):
    notification = make_notification(coordinator)
    assert login(coordinator).get(url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None
