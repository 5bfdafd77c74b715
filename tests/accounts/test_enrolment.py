"""Setting up the authenticator app: QR code, a code to confirm, recovery codes shown once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.accounts.twofactor import manual_secret
from tests.factories import PASSWORD

from .factories import current_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user) -> str:  # type: ignore[no-untyped-def]
    response = client.post(reverse("backoffice:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.url


def test_a_professional_without_an_authenticator_is_taken_to_the_set_up(client, coordinator):
    url = sign_in_with_password(client, coordinator)
    assert url.startswith(reverse("backoffice:account_enrol"))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert manual_secret(device) in html
    assert 'autocomplete="one-time-code"' in html


def test_the_qr_code_stays_the_same_until_confirmed(client, coordinator):
    client.force_login(coordinator, verified=False)
    first = client.get(reverse("backoffice:account_enrol")).context["secret"]
    second = client.get(reverse("backoffice:account_enrol")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_a_wrong_code_is_shown_next_to_the_field_and_kept(client, coordinator):
    client.force_login(coordinator, verified=False)
    client.get(reverse("backoffice:account_enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("backoffice:account_enrol"), {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_code"' in html
    assert 'id="id_code-error"' in html
    assert f'value="{wrong}"' in html
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_that_is_not_six_digits_is_refused(client, coordinator):
    client.force_login(coordinator, verified=False)
    response = client.post(reverse("backoffice:account_enrol"), {"code": "12ab"})
    assert "Enter the 6-digit code the app shows." in response.content.decode()


def test_the_right_code_confirms_the_app_and_shows_ten_recovery_codes_once(client, coordinator):
    client.force_login(coordinator, verified=False)
    client.get(reverse("backoffice:account_enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(reverse("backoffice:account_enrol"), {"code": current_code(device), "next": "/fr/staff/"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:account_recovery_codes"))
    device.refresh_from_db()
    assert device.confirmed

    page = client.get(response.url)
    codes = page.context["codes"]
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert all(code in page.content.decode() for code in codes)

    unchecked = client.post(reverse("backoffice:account_recovery_codes"), {"next": "/fr/staff/"})
    assert "Confirm that you have saved the recovery codes." in unchecked.content.decode()

    done = client.post(reverse("backoffice:account_recovery_codes"), {"saved": "on", "next": "/fr/staff/"})
    assert done.url == "/fr/staff/"
    # Shown once: the page is gone, and the codes are no longer anywhere but in the database.
    assert client.get(reverse("backoffice:account_recovery_codes")).url == reverse("backoffice:account")
    assert not any(re.search(code, str(dict(client.session.items()))) for code in codes)


def test_the_set_up_verifies_the_session(client, coordinator):
    client.force_login(coordinator, verified=False)
    client.get(reverse("backoffice:account_enrol"))
    device = TOTPDevice.objects.get(user=coordinator)
    client.post(reverse("backoffice:account_enrol"), {"code": current_code(device)})
    assert client.get(reverse("backoffice:home")).url == reverse("backoffice:dashboard")


def test_a_user_with_an_app_cannot_set_up_another_without_the_reset(client, coordinator):
    from .factories import confirmed_authenticator

    confirmed_authenticator(coordinator)
    client.force_login(coordinator, verified=False)
    response = client.get(reverse("backoffice:account_enrol"))
    assert response.url.startswith(reverse("backoffice:account_verify"))
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_the_set_up_refuses_an_anonymous_visitor(client):
    response = client.get(reverse("backoffice:account_enrol"))
    assert response.url.startswith(reverse("backoffice:login"))
