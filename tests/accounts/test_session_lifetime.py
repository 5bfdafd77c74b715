"""Sessions end after 30 minutes without activity and 10 hours after signing in, server-side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.accounts.sessions import LAST_SEEN, LAST_SEEN_RESOLUTION_SECONDS, LOGIN_AT

pytestmark = pytest.mark.django_db


def shift(client, key: str, seconds: int) -> None:  # type: ignore[no-untyped-def]
    """Moves a time kept in the session into the past."""
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_the_defaults_are_thirty_minutes_and_ten_hours(settings):
    assert settings.OPENAEF_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.OPENAEF_SESSION_MAX_AGE_SECONDS == 10 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.OPENAEF_SESSION_MAX_AGE_SECONDS


def test_an_active_session_goes_on(client, outsider):
    client.force_login(outsider)
    shift(client, LAST_SEEN, 29 * 60)
    assert client.get(reverse("backoffice:account")).status_code == 200


def test_an_idle_session_ends_with_a_message_on_the_login_page(client, outsider):
    client.force_login(outsider)
    shift(client, LAST_SEEN, 30 * 60)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "You have been signed out because you did nothing for 30 minutes." in page
    # The message is shown once.
    assert "signed out because" not in client.get(reverse("backoffice:login")).content.decode()


def test_a_session_ends_ten_hours_after_signing_in_even_when_active(client, outsider):
    client.force_login(outsider)
    shift(client, LOGIN_AT, 10 * 3600)
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:login"))
    assert "_auth_user_id" not in client.session
    assert "signed in more than 10.0 hours ago" in client.get(response.url).content.decode()


def test_the_idle_timeout_follows_the_setting(client, outsider, settings):
    settings.OPENAEF_SESSION_IDLE_SECONDS = 5 * 60
    client.force_login(outsider)
    shift(client, LAST_SEEN, 5 * 60)
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_activity_moves_the_idle_deadline(client, outsider):
    client.force_login(outsider)
    shift(client, LAST_SEEN, 20 * 60)
    before = client.session[LAST_SEEN]
    client.get(reverse("backoffice:home"))
    assert client.session[LAST_SEEN] >= before + 20 * 60


def test_activity_is_written_at_most_once_a_minute(client, outsider):
    client.force_login(outsider)
    shift(client, LAST_SEEN, LAST_SEEN_RESOLUTION_SECONDS - 5)
    before = client.session[LAST_SEEN]
    client.get(reverse("backoffice:home"))
    assert client.session[LAST_SEEN] == before


def test_a_signed_in_session_without_its_times_is_not_trusted(client, outsider):
    client.force_login(outsider)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_the_lifetime_applies_to_a_half_signed_in_session_too(client, outsider):
    client.force_login(outsider, verified=False)
    shift(client, LAST_SEEN, 31 * 60)
    response = client.get(reverse("backoffice:account_enrol"))
    assert response.url.startswith(reverse("backoffice:login"))
