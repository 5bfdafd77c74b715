"""The payment-run pages and the ledger pages: who reaches them, what they show, what they do."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.finance.ledger import book, transfer
from openaef.finance.models import Account, LedgerEntry, PaymentRun
from openaef.finance.services_payments import payment_run_approve, payment_run_prepare
from openaef.finance.states import PaymentRunStatus, StatementStatus
from tests.directory.factories import ProviderFactory

from .factories_payments import finance_officer, granted_aid, validated_statement
from .test_payments_prepare import execution_day

pytestmark = pytest.mark.django_db

PAGES = [
    ("backoffice:payment_run_list", False),
    ("backoffice:payment_run_prepare", False),
    ("backoffice:payment_run_detail", True),
    ("backoffice:payment_run_file", True),
    ("backoffice:ledger_journal", False),
    ("backoffice:ledger_balances", False),
    ("backoffice:ledger_export", False),
]


@pytest.fixture
def fiona(db):
    return finance_officer(full_name="Fiona Finance")


@pytest.fixture
def gaston(db):
    return finance_officer(full_name="Gaston Approver")


@pytest.fixture
def run(fiona):
    validated_statement(provider=ProviderFactory(code="LU-CARE", name="Care asbl"), month=dt.date(2026, 9, 1))
    granted_aid(instalments=[(timezone.localdate(), "150.00")])
    return payment_run_prepare(actor=fiona, execution_date=execution_day()).run


def _url(name: str, needs_pk: bool, run: PaymentRun) -> str:
    return reverse(name, args=[run.pk]) if needs_pk else reverse(name)


@pytest.mark.parametrize(("name", "needs_pk"), PAGES)
def test_it_refuses_everyone_but_finance_officers(
    client, run, intake_officer, office_head, coordinator, outsider, name, needs_pk
):
    for user in (intake_officer, office_head, coordinator, outsider):
        client.force_login(user)
        assert client.get(_url(name, needs_pk, run)).status_code == 403


@pytest.mark.parametrize("name", ["backoffice:payment_run_approve", "backoffice:payment_run_cancel"])
def test_it_refuses_the_actions_to_everyone_but_finance_officers(client, run, coordinator, name):
    client.force_login(coordinator)
    response = client.post(reverse(name, args=[run.pk]), {"version": run.version, "reason": "x"})
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.DRAFT


def test_the_list_shows_runs_newest_first_in_a_bounded_number_of_queries(client, fiona, django_assert_max_num_queries):
    for _ in range(3):
        validated_statement()
        payment_run_prepare(actor=fiona, execution_date=execution_day())
    client.force_login(fiona)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("backoffice:payment_run_list"))
    assert response.status_code == 200
    shown = [r.pk for r in response.context["page"].items]
    assert shown == sorted(shown, reverse=True) and len(shown) == 3


def test_the_prepare_page_lists_what_cannot_be_paid(client, fiona):
    validated_statement(provider=ProviderFactory(code="LU-NOACC"), with_account=False)
    client.force_login(fiona)

    response = client.get(reverse("backoffice:payment_run_prepare"))

    assert response.status_code == 200
    assert "LU-NOACC" in response.content.decode()
    assert "Cannot be paid: no bank account" in response.content.decode()


def test_preparing_from_the_page_opens_the_run(client, fiona):
    validated_statement()
    client.force_login(fiona)
    day = execution_day()

    response = client.post(
        reverse("backoffice:payment_run_prepare"),
        {"execution_date_day": day.day, "execution_date_month": day.month, "execution_date_year": day.year},
    )

    run = PaymentRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:payment_run_detail", args=[run.pk])


def test_a_double_submit_prepares_one_run(client, fiona):
    validated_statement()
    client.force_login(fiona)
    day = execution_day()
    data = {"execution_date_day": day.day, "execution_date_month": day.month, "execution_date_year": day.year}

    client.post(reverse("backoffice:payment_run_prepare"), data)
    second = client.post(reverse("backoffice:payment_run_prepare"), data)

    assert PaymentRun.objects.count() == 1
    assert second.status_code == 200
    assert "There is nothing to pay" in second.content.decode()


def test_the_prepare_page_refuses_a_past_date_next_to_the_field(client, fiona):
    validated_statement()
    client.force_login(fiona)
    day = timezone.localdate() - dt.timedelta(days=1)

    response = client.post(
        reverse("backoffice:payment_run_prepare"),
        {"execution_date_day": day.day, "execution_date_month": day.month, "execution_date_year": day.year},
    )

    assert response.status_code == 400
    assert "today or in the future" in response.content.decode()
    assert not PaymentRun.objects.exists()


def test_the_run_page_shows_masked_accounts_and_what_each_transfer_pays(client, run, gaston, django_assert_max_num_queries):
    client.force_login(gaston)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("backoffice:payment_run_detail", args=[run.pk]))
    page = response.content.decode()
    assert "DE89 … 3000" in page and "DE89370400440532013000" not in page
    assert "Activity statement LU-CARE 2026-09" in page
    assert "Approve and send" in page
    read = AuditEvent.objects.filter(action=AuditAction.READ, object_type="finance.paymentrun").get()
    assert read.person_links.count() == 1


def test_the_run_page_tells_the_preparer_someone_else_must_approve(client, run, fiona):
    client.force_login(fiona)
    page = client.get(reverse("backoffice:payment_run_detail", args=[run.pk])).content.decode()
    assert "another finance officer must approve it" in page
    assert reverse("backoffice:payment_run_approve", args=[run.pk]) not in page


def test_the_file_downloads_as_an_attachment_named_by_the_message_id_and_is_audited(client, run, gaston):
    client.force_login(gaston)

    response = client.get(reverse("backoffice:payment_run_file", args=[run.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{run.message_id}.xml"'
    assert response.content == bytes(PaymentRun.objects.get(pk=run.pk).file)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(run.pk)).exists()


def test_approving_from_the_page(client, run, gaston):
    client.force_login(gaston)

    response = client.post(reverse("backoffice:payment_run_approve", args=[run.pk]), {"version": run.version})

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.APPROVED
    assert run.payments.filter(statement__status=StatementStatus.PAID).count() == 1


def test_the_preparer_approving_from_the_page_is_refused(client, run, fiona):
    client.force_login(fiona)

    response = client.post(reverse("backoffice:payment_run_approve", args=[run.pk]), {"version": run.version})

    assert response.status_code == 400
    assert "another finance officer must approve it" in response.content.decode()
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.DRAFT


def test_approving_a_stale_page_is_refused(client, run, gaston):
    client.force_login(gaston)
    response = client.post(reverse("backoffice:payment_run_approve", args=[run.pk]), {"version": run.version + 3})
    assert response.status_code == 409
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.DRAFT


def test_cancelling_from_the_page_needs_a_reason(client, run, fiona):
    client.force_login(fiona)
    url = reverse("backoffice:payment_run_cancel", args=[run.pk])

    refused = client.post(url, {"version": run.version, "reason": ""})
    done = client.post(url, {"version": run.version, "reason": "The date was wrong"})

    assert refused.status_code == 400 and "Say why the run is cancelled." in refused.content.decode()
    assert done.status_code == 302
    page = client.get(reverse("backoffice:payment_run_detail", args=[run.pk])).content.decode()
    assert "The date was wrong" in page and "LU-CARE 2026-09" in page


# The ledger -----------------------------------------------------------------------------------


@pytest.fixture
def ledger(run, gaston):
    payment_run_approve(actor=gaston, run=run, version=run.version)
    book(
        prefix="INV",
        on=dt.date(2026, 1, 10),
        text="Invoice F-2026-0001",
        moves=transfer(Account.PARENTS_RECEIVABLE, Account.CONTRIBUTIONS, Decimal("42.00")),
    )
    return run


def test_the_journal_groups_each_bookings_lines_and_links_the_run(client, ledger, gaston, django_assert_max_num_queries):
    client.force_login(gaston)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("backoffice:ledger_journal"))
    bookings = response.context["bookings"]
    assert len(bookings) == 3
    assert all(len(b.lines) == 2 for b in bookings)
    assert reverse("backoffice:payment_run_detail", args=[ledger.pk]) in response.content.decode()


def test_the_journal_filters_by_account_and_dates(client, ledger, gaston):
    client.force_login(gaston)
    url = reverse("backoffice:ledger_journal")

    by_account = client.get(url, {"account": Account.PARENTS_RECEIVABLE}).context["bookings"]
    by_dates = client.get(
        url,
        {"start_day": 1, "start_month": 1, "start_year": 2026, "end_day": 31, "end_month": 1, "end_year": 2026},
    ).context["bookings"]
    after = client.get(url, {"start_day": 1, "start_month": 2, "start_year": 2026}).context["bookings"]

    assert [b.text for b in by_account] == ["Invoice F-2026-0001"]
    assert [b.text for b in by_dates] == ["Invoice F-2026-0001"]
    assert len(after) == 2 and all(b.text.startswith("Payment run") for b in after)


def test_the_journal_pages_never_split_a_booking(client, gaston):
    for day in range(1, 29):
        book(
            prefix="T",
            on=dt.date(2026, 2, day),
            text=f"Test {day}",
            moves=transfer(Account.BANK, Account.CONTRIBUTIONS, Decimal("1.00")),
        )
    for day in range(1, 29):
        book(
            prefix="T",
            on=dt.date(2026, 3, day),
            text=f"Test {day}",
            moves=transfer(Account.BANK, Account.CONTRIBUTIONS, Decimal("1.00")),
        )
    client.force_login(gaston)

    first = client.get(reverse("backoffice:ledger_journal"))
    second = client.get(reverse("backoffice:ledger_journal"), {"cursor": first.context["page"].next_cursor})

    seen = [b.key for b in first.context["bookings"]] + [b.key for b in second.context["bookings"]]
    assert len(seen) == len(set(seen)) == 56
    assert all(len(b.lines) == 2 for b in first.context["bookings"] + second.context["bookings"])


def test_the_trial_balance_shows_equal_totals(client, ledger, gaston, django_assert_max_num_queries):
    client.force_login(gaston)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("backoffice:ledger_balances"))
    balance = response.context["balance"]
    assert balance.debit == balance.credit == Decimal("1234.56") + Decimal("150.00") + Decimal("42.00")
    rows = {row.account: row for row in balance.rows}
    assert rows[Account.BANK].credit == Decimal("1384.56") and rows[Account.BANK].side == "credit"
    assert "Total debit equals total credit" in response.content.decode()


def test_the_trial_balance_over_a_period(client, ledger, gaston):
    client.force_login(gaston)
    response = client.get(
        reverse("backoffice:ledger_balances"),
        {"start_day": 1, "start_month": 1, "start_year": 2026, "end_day": 31, "end_month": 1, "end_year": 2026},
    )
    assert [(r.account, r.debit, r.credit) for r in response.context["balance"].rows] == [
        (Account.PARENTS_RECEIVABLE.value, Decimal("42.00"), Decimal("0.00")),
        (Account.CONTRIBUTIONS.value, Decimal("0.00"), Decimal("42.00")),
    ]


def test_the_csv_export_holds_the_periods_lines_and_is_audited(client, ledger, gaston):
    client.force_login(gaston)

    response = client.get(reverse("backoffice:ledger_export"), {"start_day": 1, "start_month": 2, "start_year": 2026})

    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4 == LedgerEntry.objects.filter(payment__run=ledger).count()
    assert sum(Decimal(r["debit"]) for r in rows) == sum(Decimal(r["credit"]) for r in rows)
    assert all(ledger.message_id in r["concerns"] for r in rows)
    assert "Marie" not in "".join(str(r) for r in rows)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="finance.ledgerentry").exists()
