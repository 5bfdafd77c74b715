"""The finance officer's invoice pages: access, lists with bounded queries, payment and
cancellation forms, PDFs, arrears and their export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.finance.invoices_reminders import send_reminders
from openaef.finance.models import Invoice, InvoiceRun
from openaef.finance.services_invoices import invoicing_run
from openaef.finance.states import InvoiceStatus
from tests.finance.factories_invoices import MARCH, billable, finance_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return finance_officer("fiona@example.test")


@pytest.fixture
def invoice(officer):  # type: ignore[no-untyped-def]
    billable(officer, days="10")
    invoicing_run(actor=officer, month=MARCH, today=dt.date(2026, 4, 2))
    return Invoice.objects.get()


PAGES = [
    ("backoffice:invoice_list", False),
    ("backoffice:invoice_runs", False),
    ("backoffice:invoice_arrears", False),
    ("backoffice:invoice_detail", True),
    ("backoffice:invoice_payment", True),
    ("backoffice:invoice_cancel", True),
]


@pytest.mark.parametrize(("name", "with_pk"), PAGES)
def test_it_refuses_everyone_but_finance(client, coordinator, office_head, outsider, invoice, name, with_pk):  # type: ignore[no-untyped-def]
    url = reverse(name, args=[invoice.pk] if with_pk else [])
    for user in (coordinator, office_head, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(("name", "with_pk"), PAGES)
def test_a_finance_officer_sees_each_page(client, officer, invoice, name, with_pk):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    assert client.get(reverse(name, args=[invoice.pk] if with_pk else [])).status_code == 200


def test_a_missing_invoice_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("backoffice:invoice_detail", args=[999999])).status_code == 404


def test_the_list_costs_the_same_queries_for_many_invoices(client, officer, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for _ in range(12):
        billable(officer)
    invoicing_run(actor=officer, month=MARCH, today=dt.date(2026, 4, 2))
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:invoice_list"), {"month": "2026-03", "overdue": "on"})
    assert response.content.count(b"2026-0000") == 12


def test_the_list_finds_an_invoice_by_its_number(client, officer, invoice):
    billable(officer)
    invoicing_run(actor=officer, month=MARCH, today=dt.date(2026, 4, 2))
    client.force_login(officer)
    response = client.get(reverse("backoffice:invoice_list"), {"number": invoice.number})
    assert invoice.number.encode() in response.content
    assert b"2026-000002" not in response.content


def test_the_invoice_page_explains_the_amount_and_is_logged(client, officer, invoice, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:invoice_detail", args=[invoice.pk]))
    assert b"147.60" in response.content and b"14.76" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(invoice.pk), object_type="finance.invoice").exists()


def test_recording_more_than_owed_shows_the_error_next_to_the_amount(client, officer, invoice):
    client.force_login(officer)
    data = {
        "amount": "500",
        "received_on_day": "3",
        "received_on_month": "4",
        "received_on_year": "2026",
        "method": "transfer",
        "version": invoice.version,
    }
    response = client.post(reverse("backoffice:invoice_payment", args=[invoice.pk]), data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content and b"147.60" in response.content
    assert b'value="500"' in response.content


def test_recording_the_full_amount_marks_the_invoice_paid(client, officer, invoice):
    client.force_login(officer)
    data = {
        "amount": "147.60",
        "received_on_day": "3",
        "received_on_month": "4",
        "received_on_year": "2026",
        "method": "cash",
        "version": invoice.version,
    }
    response = client.post(reverse("backoffice:invoice_payment", args=[invoice.pk]), data)
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_a_payment_form_sent_twice_records_the_money_once(client, officer, invoice):
    client.force_login(officer)
    data = {
        "amount": "50.00",
        "received_on_day": "3",
        "received_on_month": "4",
        "received_on_year": "2026",
        "method": "transfer",
        "version": invoice.version,
    }
    url = reverse("backoffice:invoice_payment", args=[invoice.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200 and b"govuk-error-summary" in again.content
    invoice.refresh_from_db()
    assert invoice.payments.count() == 1 and invoice.paid == Decimal("50.00")


def test_a_payment_of_one_cent_is_taken(client, officer, invoice):
    client.force_login(officer)
    data = {
        "amount": "0.01",
        "received_on_day": "3",
        "received_on_month": "4",
        "received_on_year": "2026",
        "method": "transfer",
        "version": invoice.version,
    }
    assert client.post(reverse("backoffice:invoice_payment", args=[invoice.pk]), data).status_code == 302
    invoice.refresh_from_db()
    assert invoice.paid == Decimal("0.01")


def test_cancelling_needs_a_reason(client, officer, invoice):
    client.force_login(officer)
    url = reverse("backoffice:invoice_cancel", args=[invoice.pk])
    assert b"govuk-error-summary" in client.post(url, {"version": invoice.version, "reason": ""}).content
    response = client.post(url, {"version": invoice.version, "reason": "Days reported twice by the provider"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED


def test_the_pdfs_carry_no_name_in_their_file_name(client, officer, invoice):
    send_reminders(today=dt.date(2026, 5, 19))
    client.force_login(officer)
    response = client.get(reverse("backoffice:invoice_pdf", args=[invoice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{invoice.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    reminder = client.get(reverse("backoffice:invoice_reminder_pdf", args=[invoice.pk, 1]))
    assert reminder["Content-Disposition"] == f'attachment; filename="reminder-{invoice.number}-1.pdf"'


def test_the_arrears_list_and_its_export_are_logged(client, officer, invoice):
    client.force_login(officer)
    response = client.get(reverse("backoffice:invoice_arrears"), {"sort": "age"})
    assert b"147.60" in response.content
    export = client.get(reverse("backoffice:invoice_arrears_export"))
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0].startswith("payer,surname")
    assert "147.60" in body
    logged = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="finance.arrears")
    assert invoice.payer_id in set(logged.person_links.values_list("person_id", flat=True))


def test_a_finance_officer_starts_a_run_from_the_page(client, officer, invoice, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:invoice_run_start"), {"month": "2026-03"})
    assert response.status_code == 302
    # Tasks run at once in the tests: the run is done, with nothing new to invoice.
    run = InvoiceRun.objects.latest("id")
    assert (run.status, run.created, run.started_by) == ("done", 0, officer)
    assert b"Finished" in client.get(reverse("backoffice:invoice_runs")).content


def test_a_mistyped_month_is_shown_as_an_error(client, officer):
    client.force_login(officer)
    response = client.post(reverse("backoffice:invoice_run_start"), {"month": "March"})
    assert b"govuk-error-summary" in response.content
