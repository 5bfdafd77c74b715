"""The payment-run and ledger pages pass axe (WCAG 2.1 A and AA) and work without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.finance.services_payments import payment_run_prepare
from tests.browser.conftest import axe_violations
from tests.browser.test_project_measure_journey import sign_in

from .factories_payments import finance_officer, granted_aid, validated_statement
from .test_payments_prepare import execution_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_payment_pages_pass_axe(browser, live_server, lu_pack):
    preparer, approver = finance_officer(), finance_officer()
    validated_statement()
    validated_statement(with_account=False)
    granted_aid(instalments=[(timezone.localdate(), "150.00")])
    run = payment_run_prepare(actor=preparer, execution_date=execution_day()).run
    page = sign_in(browser, live_server, approver)
    failures = {}
    for name, args in [
        ("backoffice:payment_run_list", []),
        ("backoffice:payment_run_prepare", []),
        ("backoffice:payment_run_detail", [run.pk]),
        ("backoffice:ledger_journal", []),
        ("backoffice:ledger_balances", []),
    ]:
        page.goto(reverse(name, args=args))
        failures[name] = axe_violations(page)
    page.goto(reverse("backoffice:payment_run_prepare"))
    page.fill("input[name=execution_date_day]", "1")
    page.fill("input[name=execution_date_month]", "1")
    page.fill("input[name=execution_date_year]", "2020")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator(".govuk-error-summary").count() == 1
    failures["prepare with errors"] = axe_violations(page)
    with page.expect_navigation():
        page.goto(reverse("backoffice:payment_run_detail", args=[run.pk]))
    with page.expect_navigation():
        page.locator("main form[action$='/approve/'] button[type=submit]").click()
    failures["approved"] = axe_violations(page)
    page.goto(reverse("backoffice:ledger_journal"))
    failures["journal with bookings"] = axe_violations(page)
    page.goto(reverse("backoffice:ledger_balances"))
    failures["balances with bookings"] = axe_violations(page)
    assert {k: v for k, v in failures.items() if v} == {}
    assert "Approved and sent" in page.goto(reverse("backoffice:payment_run_list")).text()
