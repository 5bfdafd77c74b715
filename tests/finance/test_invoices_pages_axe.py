"""axe-core (WCAG 2.1 A and AA) on the parents' invoices pages, in every state an invoice can be
in, with the forms' errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from openaef.finance.invoices_reminders import send_reminders
from openaef.finance.models import Invoice, PaymentMethod
from openaef.finance.services_invoices import invoice_cancel, invoice_payment_record, invoicing_run
from openaef.finance.states import InvoiceStatus
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.cases.test_case_pages_axe import audit_log_flushable, session_cookie  # noqa: F401
from tests.finance.factories_invoices import MARCH, billable, finance_officer

pytestmark = pytest.mark.browser
ISSUED = dt.date(2026, 4, 2)
FIRST_REMINDER_DAY = dt.date(2026, 5, 19)  # due 4 May + 15 days (see test_invoices_reminders)


def invoices_in_every_state(officer) -> dict[str, Invoice]:  # type: ignore[no-untyped-def]
    """Four invoices of March, reminded once; then a fifth, issued later, still simply open."""
    for _ in range(4):
        billable(officer, days="10")
    invoicing_run(actor=officer, month=MARCH, today=ISSUED)
    part, paid, cancelled, reminded = Invoice.objects.order_by("number")
    received = dt.date(2026, 4, 10)
    invoice_payment_record(
        actor=officer, invoice=part, amount=Decimal("50.00"), received_on=received, method=PaymentMethod.choices[0][0]
    )
    invoice_payment_record(
        actor=officer, invoice=paid, amount=paid.amount, received_on=received, method=PaymentMethod.choices[0][0]
    )
    invoice_cancel(actor=officer, invoice=cancelled, reason="Presence days were reported for the wrong child.")
    send_reminders(actor=officer, today=FIRST_REMINDER_DAY)
    _measure, fifth = billable(officer, days="10")
    # A second run invoices what is new: the new measure (and the cancelled invoice's replacement).
    invoicing_run(actor=officer, month=MARCH, today=FIRST_REMINDER_DAY)
    opened = Invoice.objects.get(assessment=fifth)
    found = {"open": opened, "part": part, "paid": paid, "cancelled": cancelled, "reminded": reminded}
    for invoice in found.values():
        invoice.refresh_from_db()
    return found


def browse(base_url: str, cookie: str, visits: list[tuple[str, list[str], str]]) -> dict[str, Any]:
    """Visits each (path, actions, selector) and returns axe's violations by page; the selector
    must be on the page axe looks at, so a form that failed to show its errors is not taken for
    a page without violations."""
    from playwright.sync_api import sync_playwright

    failures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
        page = context.new_page()
        for path, actions, expected in visits:
            response = page.goto(path)
            key = f"{path} {actions}"
            if response is None or response.status != 200:
                failures[key] = f"status {response and response.status}"
                continue
            for action in actions:
                kind, _, target = action.partition(":")
                if kind == "fill":
                    selector, _, value = target.partition("=")
                    page.fill(selector, value)
                else:
                    with page.expect_navigation():
                        page.locator(target).first.click()
            if expected and page.locator(expected).count() == 0:
                failures[key] = f"{expected} is not on the page"
            elif violations := axe_violations(page):
                failures[key] = violations
        browser.close()
    return failures


def test_the_invoice_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    officer = finance_officer()
    invoices = invoices_in_every_state(officer)
    assert invoices["part"].status == InvoiceStatus.OPEN and invoices["part"].paid == Decimal("50.00")
    assert invoices["paid"].status == InvoiceStatus.PAID
    assert invoices["cancelled"].status == InvoiceStatus.CANCELLED
    assert invoices["reminded"].reminders.exists() and not invoices["open"].reminders.exists()
    submit = "click:main form button[type=submit]"
    errors = ".govuk-error-summary"
    listing = reverse("backoffice:invoice_list")
    arrears = reverse("backoffice:invoice_arrears")

    def url(name: str, key: str) -> str:
        return reverse(f"backoffice:invoice_{name}", args=[invoices[key].pk])

    visits = [
        (listing, [], "main table caption"),
        (f"{listing}?month=2026-03&status=open&overdue=on", [], "main a:has-text('Clear filters')"),
        (f"{listing}?overdue=on&payer={invoices['reminded'].payer_id}", [], "main table caption"),
        (f"{listing}?number=1999-999999", [], "main p:has-text('No invoice matches')"),
        (f"{listing}?month=March&status=nonsense", [], errors),
        (url("detail", "open"), [], "main a[href$='/cancel/']"),
        (url("detail", "part"), [], "main a[href$='/payment/']"),
        (url("detail", "paid"), [], "main caption:has-text('Payments')"),
        (url("detail", "cancelled"), [], "main dd .govuk-hint"),
        (url("detail", "reminded"), [], "main a[href*='/reminders/1/pdf/']"),
        (url("payment", "open"), [], "main form"),
        (url("payment", "open"), [submit], errors),
        (url("payment", "part"), ["fill:#id_amount=999999", "fill:#id_received_on_day=31", submit], errors),
        (url("cancel", "open"), [], "main form"),
        (url("cancel", "open"), ["fill:#id_reason=No", submit], errors),
        (arrears, [], "main table caption"),
        (f"{arrears}?sort=age", [], "main table caption"),
        (reverse("backoffice:invoice_runs"), [], "main table caption"),
        (reverse("backoffice:invoice_runs"), ["fill:#id_month=2026-13", submit], errors),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, session_cookie(officer), visits).result()
    assert not failures, failures
