from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.notifications.models import NotificationKind, NotificationSetting
from openaef.notifications.selectors import email_kinds

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:notification_settings")


def test_every_kind_is_ticked_by_default(login, coordinator):
    response = login(coordinator).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Also send me an e-mail" in html
    assert html.count('type="checkbox"') == len(NotificationKind.values)
    assert html.count("checked") == len(NotificationKind.values)


def test_unticking_a_kind_turns_its_emails_off(login, coordinator):
    keep = [k for k in NotificationKind.values if k != NotificationKind.REPORT_DUE]
    response = login(coordinator).post(URL, {"by_email": keep})
    assert response.status_code == 302
    assert email_kinds(coordinator) == set(keep)
    assert NotificationSetting.objects.get(user=coordinator, kind=NotificationKind.REPORT_DUE).by_email is False


def test_unticking_everything_turns_every_email_off(login, coordinator):
    login(coordinator).post(URL, {})
    assert email_kinds(coordinator) == set()


def test_the_page_shows_the_saved_choice(login, coordinator):
    client = login(coordinator)
    client.post(URL, {"by_email": [NotificationKind.EVALUATION_DUE]})
    html = client.get(URL).content.decode()
    assert html.count("checked") == 1


def test_an_unknown_kind_is_an_error_next_to_the_field(login, coordinator):
    response = login(coordinator).post(URL, {"by_email": ["no_such_kind"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_by_email_0"' in html
    assert not NotificationSetting.objects.filter(user=coordinator).exists()


def test_a_users_settings_are_their_own(login, coordinator, office_head):
    login(coordinator).post(URL, {})
    assert email_kinds(office_head) == set(NotificationKind.values)


def test_the_list_links_to_the_settings(login, coordinator):
    assert URL in login(coordinator).get(reverse("backoffice:notification_list")).content.decode()


def test_it_refuses_an_anonymous_visitor(client):
    assert client.post(URL, {}).status_code == 302
