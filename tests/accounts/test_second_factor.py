"""The second step of signing in: a code from the app or a recovery code, throttled and locked out."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from openaef.accounts.services import recovery_codes_replace
from openaef.audit.models import AuditAction, AuditEvent
from tests.factories import PASSWORD

from .factories import confirmed_authenticator, current_code

pytestmark = pytest.mark.django_db

VERIFY = "backoffice:account_verify"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def half_signed_in(client, intake_officer):  # type: ignore[no-untyped-def]
    """alice gave her password; her authenticator is set up."""
    device = confirmed_authenticator(intake_officer)
    client.post(reverse("backoffice:login"), {"username": intake_officer.email, "password": PASSWORD})
    client.device = device
    return client


def test_the_password_step_leads_to_the_code_with_the_page_asked_for(client, intake_officer):
    confirmed_authenticator(intake_officer)
    response = client.post(
        reverse("backoffice:login") + "?next=/fr/staff/requests/",
        {"username": intake_officer.email, "password": PASSWORD, "next": "/fr/staff/requests/"},
    )
    assert response.url == reverse(VERIFY) + "?next=%2Ffr%2Fstaff%2Frequests%2F"
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_current_code_completes_the_sign_in(half_signed_in):
    response = half_signed_in.post(reverse(VERIFY), {"code": current_code(half_signed_in.device), "next": "/fr/staff/requests/"})
    assert response.url == "/fr/staff/requests/"
    assert half_signed_in.get("/fr/staff/requests/").status_code == 200


def test_a_code_typed_with_spaces_is_accepted(half_signed_in):
    code = current_code(half_signed_in.device)
    response = half_signed_in.post(reverse(VERIFY), {"code": f" {code[:3]} {code[3:]} "})
    assert response.url == reverse("backoffice:home")


def test_it_never_follows_a_next_address_elsewhere(half_signed_in):
    response = half_signed_in.post(
        reverse(VERIFY), {"code": current_code(half_signed_in.device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("backoffice:home")


def test_a_wrong_code_is_refused_next_to_the_field_and_audited(half_signed_in, intake_officer):
    response = half_signed_in.post(reverse(VERIFY), {"code": wrong(current_code(half_signed_in.device))})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_code-error"' in html
    assert 'href="#id_code"' in html
    assert DEVICE_ID_SESSION_KEY not in half_signed_in.session
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).get()
    assert event.object_id == str(intake_officer.pk)


def test_the_same_code_cannot_be_used_twice(client, intake_officer):
    device = confirmed_authenticator(intake_officer)
    code = current_code(device)
    client.force_login(intake_officer, verified=False)
    assert client.post(reverse(VERIFY), {"code": code}).status_code == 302
    other = type(client)()
    other.force_login(intake_officer, verified=False)
    assert other.post(reverse(VERIFY), {"code": code}).status_code == 200


def test_a_recovery_code_works_once(client, intake_officer):
    confirmed_authenticator(intake_officer)
    codes = recovery_codes_replace(intake_officer)
    client.force_login(intake_officer, verified=False)
    assert client.post(reverse(VERIFY), {"code": codes[0].upper()}).url == reverse("backoffice:home")

    again = type(client)()
    again.force_login(intake_officer, verified=False)
    response = again.post(reverse(VERIFY), {"code": codes[0]})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert again.post(reverse(VERIFY), {"code": codes[1]}).status_code == 302


def test_wrong_codes_count_towards_the_lockout(half_signed_in, intake_officer):
    code = current_code(half_signed_in.device)
    statuses = [half_signed_in.post(reverse(VERIFY), {"code": wrong(code)}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # The half-open session ended; the password alone no longer opens a new one either.
    assert "_auth_user_id" not in half_signed_in.session
    response = half_signed_in.post(reverse("backoffice:login"), {"username": intake_officer.email, "password": PASSWORD})
    assert response.status_code == 429


def test_a_password_step_does_not_wipe_the_failed_codes(half_signed_in, intake_officer):
    code = current_code(half_signed_in.device)
    for _ in range(3):
        half_signed_in.post(reverse(VERIFY), {"code": wrong(code)})
    half_signed_in.post(reverse("backoffice:login"), {"username": intake_officer.email, "password": PASSWORD})
    statuses = [half_signed_in.post(reverse(VERIFY), {"code": wrong(code)}).status_code for _ in range(2)]
    assert statuses == [200, 429]


def test_a_complete_sign_in_forgets_earlier_failures(half_signed_in, intake_officer):
    from axes.models import AccessAttempt

    half_signed_in.post(reverse(VERIFY), {"code": wrong(current_code(half_signed_in.device))})
    assert AccessAttempt.objects.filter(username=intake_officer.email).exists()
    half_signed_in.post(reverse(VERIFY), {"code": current_code(half_signed_in.device)})
    assert not AccessAttempt.objects.filter(username=intake_officer.email).exists()


def test_axes_never_keeps_the_code_typed(half_signed_in):
    from axes.models import AccessAttempt

    typed = wrong(current_code(half_signed_in.device))
    half_signed_in.post(reverse(VERIFY), {"code": typed})
    assert typed not in AccessAttempt.objects.get().post_data


def test_django_otp_throttles_codes_after_a_failure(half_signed_in, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    code = current_code(half_signed_in.device)
    half_signed_in.post(reverse(VERIFY), {"code": wrong(code)})
    response = half_signed_in.post(reverse(VERIFY), {"code": code})
    assert response.status_code == 200
    assert "Too many wrong codes. Wait" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in half_signed_in.session


def test_a_verified_user_visiting_the_code_page_goes_on(client, intake_officer):
    client.force_login(intake_officer)
    assert client.get(reverse(VERIFY) + "?next=/fr/staff/requests/").url == "/fr/staff/requests/"


def test_a_half_signed_in_user_may_sign_out(half_signed_in):
    response = half_signed_in.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in half_signed_in.session


def test_the_api_treats_a_half_signed_in_user_as_anonymous(rf, intake_officer):
    from django.http import HttpResponse

    from openaef.accounts.middleware import SecondFactorRequiredMiddleware
    from openaef.core.access import api_view

    seen = []

    @api_view
    def operation(request):  # type: ignore[no-untyped-def]
        seen.append(request.user.is_authenticated)
        return HttpResponse()

    request = rf.get("/api/something")
    request.user = intake_officer
    intake_officer.is_verified = lambda: False
    middleware = SecondFactorRequiredMiddleware(lambda r: HttpResponse())
    assert middleware.process_view(request, operation, (), {}) is None
    operation(request)
    assert seen == [False]
