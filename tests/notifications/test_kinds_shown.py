"""Every kind reads as a sentence in the list and the e-mail, and can be chosen on the settings
page: a kind added without its text would show an empty row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.texts import notification_text

from .factories import make_notification

pytestmark = pytest.mark.django_db

PARAMS = {
    "reference": "REF-1",
    "service": "S-1",
    "position": 2,
    "due_on": "2026-12-01",
    "ends_on": "2026-12-01",
    "month": "2026-02",
    "as_of": "2026-12-01",
}


@pytest.mark.parametrize("kind", NotificationKind.values)
def test_every_kind_has_a_text_with_its_reference(kind):
    text = notification_text(Notification(kind=kind, params=PARAMS))
    assert "REF-1" in text and "…" not in text


def test_the_list_shows_a_complaint_assigned_and_a_foster_approval_ending(login, coordinator):
    make_notification(coordinator, kind=NotificationKind.COMPLAINT_ASSIGNED, params={"reference": "C-7", "due_on": "2026-12-01"})
    make_notification(
        coordinator,
        kind=NotificationKind.FOSTER_APPROVAL_ENDING,
        params={"reference": "FAM-26-K7P4-Q9X", "ends_on": "2026-12-01", "month": "2026-02"},
    )
    html = login(coordinator).get(reverse("backoffice:notification_list")).content.decode()
    assert "A complaint in case C-7 was assigned to you: the answer is due on Dec. 1, 2026." in html
    assert "The approval of foster family FAM-26-K7P4-Q9X ends on Dec. 1, 2026." in html


def test_the_settings_page_offers_the_new_kinds(login, coordinator):
    html = login(coordinator).get(reverse("backoffice:notification_settings")).content.decode()
    assert f'value="{NotificationKind.COMPLAINT_ASSIGNED}"' in html
    assert f'value="{NotificationKind.FOSTER_APPROVAL_ENDING}"' in html
    assert "A complaint was assigned to you" in html
    assert "A foster family&#x27;s approval is nearing its end" in html
