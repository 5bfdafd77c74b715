from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openaef.core.pagination import SortKey, keyset_page
from openaef.intake.models import HelpRequest
from tests.factories import HelpRequestFactory

KEYS = [SortKey("priority", False), SortKey("received_at", True), SortKey("id", True)]


@pytest.fixture
def requests(db):
    start = timezone.now() - dt.timedelta(days=10)
    # Ties on both priority and date make the id decide: the hardest case for a cursor.
    return [HelpRequestFactory(priority=1 + i % 3, received_at=start + dt.timedelta(hours=i // 2)) for i in range(23)]


def _walk_forward(size):
    seen, cursor = [], None
    while True:
        page = keyset_page(HelpRequest.objects.all(), KEYS, cursor, size)
        seen.append([r.pk for r in page.items])
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


def test_walking_forward_shows_every_row_once_in_order(requests):
    pages = _walk_forward(5)
    flat = [pk for page in pages for pk in page]
    expected = list(HelpRequest.objects.order_by("priority", "-received_at", "-id").values_list("pk", flat=True))
    assert flat == expected
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]


def test_walking_back_returns_the_same_pages(requests):
    forward, cursor = [], None
    pages = []
    for _ in range(5):
        page = keyset_page(HelpRequest.objects.all(), KEYS, cursor, 5)
        pages.append(page)
        forward.append([r.pk for r in page.items])
        cursor = page.next_cursor
    back = []
    cursor = pages[-1].previous_cursor
    while cursor:
        page = keyset_page(HelpRequest.objects.all(), KEYS, cursor, 5)
        back.insert(0, [r.pk for r in page.items])
        cursor = page.previous_cursor
    assert back == forward[:-1]
    assert pages[0].previous_cursor is None


def test_a_tampered_cursor_starts_from_the_first_page(requests):
    first = keyset_page(HelpRequest.objects.all(), KEYS, None, 5)
    again = keyset_page(HelpRequest.objects.all(), KEYS, first.next_cursor + "x", 5)
    assert [r.pk for r in again.items] == [r.pk for r in first.items]


def test_each_page_costs_one_query(requests, django_assert_num_queries):
    first = keyset_page(HelpRequest.objects.all(), KEYS, None, 5)
    with django_assert_num_queries(1):
        keyset_page(HelpRequest.objects.all(), KEYS, first.next_cursor, 5)
