"""The second-factor pages and the account page pass axe, and work without JavaScript."""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.accounts.models import Role
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.factories import PASSWORD, UserFactory

from .conftest import axe_violations


def sign_in_with_password(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/en/staff/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_setting_up_the_app_and_the_account_page_pass_axe(page):
    user = UserFactory(email="new@example.test", full_name="Nora New", roles=[Role.INTAKE_OFFICER])
    sign_in_with_password(page, user.email)
    page.wait_for_url(re.compile(r"/en/staff/account/set-up/"))
    failures = {"set-up": axe_violations(page)}

    page.fill("input[name=code]", "000000" if current_code(TOTPDevice.objects.get(user=user)) != "000000" else "111111")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".govuk-error-summary").count() == 1
    failures["set-up with an error"] = axe_violations(page)

    page.fill("input[name=code]", current_code(TOTPDevice.objects.get(user=user)))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/en/staff/account/recovery-codes/"))
    assert page.locator("main code").count() == 10
    failures["recovery codes"] = axe_violations(page)
    page.check("input[name=saved]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/en/staff/requests/" in page.url, (page.url, page.locator("main").inner_text()[:500])

    page.goto("/en/staff/account/")
    assert page.locator("main h1").count() == 1
    failures["account"] = axe_violations(page)
    # Signing in a moment ago counts as re-authenticating: the form shows straight away.
    page.goto("/en/staff/account/email/")
    failures["change e-mail"] = axe_violations(page)
    page.goto("/en/staff/account/confirm/")
    failures["re-authentication"] = axe_violations(page)
    page.goto("/en/staff/account/second-factor/reset/")
    failures["new app"] = axe_violations(page)
    assert {name: v for name, v in failures.items() if v} == {}


def test_the_code_page_passes_axe(page):
    user = UserFactory(email="known@example.test", full_name="Kim Known", roles=[Role.INTAKE_OFFICER])
    device = confirmed_authenticator(user)
    sign_in_with_password(page, user.email)
    page.wait_for_url(re.compile(r"/en/staff/account/verify/"))
    assert axe_violations(page) == []
    page.fill("input[name=code]", current_code(device))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/en/staff/requests/"))


def test_the_whole_sign_in_works_without_javascript(page_without_js):
    page = page_without_js
    user = UserFactory(email="nojs@example.test", full_name="Noah No-Script", roles=[Role.INTAKE_OFFICER])
    sign_in_with_password(page, user.email)
    page.wait_for_url(re.compile(r"/en/staff/account/set-up/"))
    page.fill("input[name=code]", current_code(TOTPDevice.objects.get(user=user)))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/en/staff/account/recovery-codes/"))
    page.check("input[name=saved]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/en/staff/requests/"))
