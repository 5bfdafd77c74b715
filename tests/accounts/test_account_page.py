"""One's own account: e-mail, roles, second factor; changing how one signs in asks to re-authenticate."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.accounts.services import recovery_codes_replace
from openaef.accounts.sessions import REAUTHENTICATED_AT
from tests.factories import PASSWORD

from .factories import confirmed_authenticator, current_code

pytestmark = pytest.mark.django_db

ACCOUNT = "backoffice:account"
EMAIL = "backoffice:account_email"
RESET = "backoffice:account_reset_second_factor"
REAUTH = "backoffice:account_reauthenticate"


def reauthenticate(client, user, next_url: str):  # type: ignore[no-untyped-def]
    device = confirmed_authenticator(user)
    return client.post(reverse(REAUTH), {"password": PASSWORD, "code": current_code(device), "next": next_url})


def test_it_shows_the_email_roles_and_second_factor(client, office_head):
    confirmed_authenticator(office_head)
    recovery_codes_replace(office_head)
    client.force_login(office_head)
    response = client.get(reverse(ACCOUNT))
    assert response.status_code == 200
    html = response.content.decode()
    assert "bob@example.test" in html
    assert "Head of a regional office" in html
    assert "Esch" in html
    assert "Set up on" in html
    assert "10 unused codes left" in html


def test_it_refuses_an_anonymous_visitor(client):
    assert client.get(reverse(ACCOUNT)).url.startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("url_name", [EMAIL, RESET])
def test_changing_how_one_signs_in_asks_for_the_password_and_a_code(client, intake_officer, url_name):
    client.force_login(intake_officer)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(url_name), {"email": "new@example.test"})
        assert response.status_code == 302
        assert response.url == reverse(REAUTH) + "?next=" + reverse(url_name).replace("/", "%2F")
    intake_officer.refresh_from_db()
    assert intake_officer.email == "alice@example.test"
    assert TOTPDevice.objects.filter(user=intake_officer).exists()


def test_a_re_authentication_older_than_five_minutes_no_longer_counts(client, intake_officer):
    client.force_login(intake_officer)
    reauthenticate(client, intake_officer, reverse(EMAIL))
    assert client.get(reverse(EMAIL)).status_code == 200
    session = client.session
    session[REAUTHENTICATED_AT] -= 5 * 60
    session.save()
    assert client.get(reverse(EMAIL)).url.startswith(reverse(REAUTH))


def test_re_authentication_refuses_a_wrong_password_next_to_the_field(client, intake_officer):
    device = confirmed_authenticator(intake_officer)
    client.force_login(intake_officer)
    response = client.post(reverse(REAUTH), {"password": "wrong", "code": current_code(device)})
    html = response.content.decode()
    assert 'id="id_password-error"' in html
    assert "The password is not correct." in html
    assert REAUTHENTICATED_AT not in client.session


def test_re_authentication_refuses_a_wrong_code_and_keeps_it(client, intake_officer):
    device = confirmed_authenticator(intake_officer)
    client.force_login(intake_officer)
    typed = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse(REAUTH), {"password": PASSWORD, "code": typed})
    html = response.content.decode()
    assert 'id="id_code-error"' in html
    assert f'value="{typed}"' in html
    assert REAUTHENTICATED_AT not in client.session


def test_re_authentication_failures_count_towards_the_lockout(client, intake_officer):
    confirmed_authenticator(intake_officer)
    client.force_login(intake_officer)
    statuses = [client.post(reverse(REAUTH), {"password": "wrong", "code": "000000"}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert "_auth_user_id" not in client.session


def test_the_email_changes_after_re_authentication(client, intake_officer):
    client.force_login(intake_officer)
    assert reauthenticate(client, intake_officer, reverse(EMAIL)).url == reverse(EMAIL)
    response = client.post(reverse(EMAIL), {"email": "Alice.New@Example.test"})
    assert response.url == reverse(ACCOUNT)
    intake_officer.refresh_from_db()
    assert intake_officer.email == "alice.new@example.test"


def test_the_email_change_keeps_what_was_typed_with_the_error_next_to_the_field(client, intake_officer, office_head):
    client.force_login(intake_officer)
    reauthenticate(client, intake_officer, reverse(EMAIL))
    response = client.post(reverse(EMAIL), {"email": "not an address"})
    html = response.content.decode()
    assert 'id="id_email-error"' in html
    assert 'value="not an address"' in html
    taken = client.post(reverse(EMAIL), {"email": office_head.email})
    assert "Another account already uses this e-mail address." in taken.content.decode()
    intake_officer.refresh_from_db()
    assert intake_officer.email == "alice@example.test"


def test_the_second_factor_reset_leads_to_a_new_set_up(client, intake_officer):
    client.force_login(intake_officer)
    recovery_codes_replace(intake_officer)
    old = confirmed_authenticator(intake_officer)
    reauthenticate(client, intake_officer, reverse(RESET))
    assert client.get(reverse(RESET)).status_code == 200
    response = client.post(reverse(RESET))
    assert response.url.startswith(reverse("backoffice:account_enrol"))
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticDevice.objects.filter(user=intake_officer).exists()
    page = client.get(response.url)
    assert page.status_code == 200
    new = TOTPDevice.objects.get(user=intake_officer, confirmed=False)
    done = client.post(response.url, {"code": current_code(new), "next": reverse(ACCOUNT)})
    assert done.url.startswith(reverse("backoffice:account_recovery_codes"))
