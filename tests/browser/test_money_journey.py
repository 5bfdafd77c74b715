"""Issue 6's journey, clicked through the pages: a finance officer records a provider's tariff and
bank account, assesses the parents' contribution to a court placement and decides it; the
provider records last month's days of presence and sends its statement; finance validates it,
invoices the parent, records part of a payment, prepares the payment run that a second finance
officer approves, and the SEPA file and the ledger agree with the statement.

Only the starting data is written with factories; every step after that is a click. The amounts
expected are worked out here from the Luxembourg parameters (RGD of 17 August 2011), never
copied from the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.deadlines import next_business_day
from openaef.cases.models import Framework
from openaef.core.parameters import cents, parameters_at
from openaef.courts.models import JudicialDecision
from openaef.directory.models import MeasureType, Office
from openaef.finance.models import Assessment, Invoice, LedgerEntry, PayeeAccount, PaymentRun, Statement, Tariff
from openaef.finance.sepa import read_credit_transfer
from openaef.finance.states import AssessmentStatus, PaymentRunStatus, StatementStatus
from openaef.measures.models import ActivityRecord, Measure
from openaef.measures.states import MeasureStatus
from openaef.placements.models import LegalBasis, PlaceKind, Placement, PlacementStatus, PlacementStay
from tests.cases.factories import PersonFactory, make_case
from tests.consents.factories import add_parent
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import UserFactory
from tests.provider.factories import provider_staff_of

from .test_project_measure_journey import (
    assert_accessible,
    assert_no_errors,
    click_link,
    fill_date,
    main_text,
    sign_in,
    submit,
)

SURNAME = "Kremer"
TARIFF = Decimal("285.00")
IBAN = "LU120010001234567891"
BIC = "BCEELULL"
HOLDER = "Kannerheem Esch asbl"
SALARY = Decimal("4200.00")
RENT = Decimal("1100.00")
CHILDREN = 2
DAYS_PRESENT = 20  # the child spent some weekends at home: fewer days than the month has
PARTLY_PAID = Decimal("50.00")


def eur(amount: Decimal) -> str:
    """An amount as the English pages write it (grouped, two decimals)."""
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class Expected:
    income: Decimal
    rate: Decimal
    constant: Decimal
    share: Decimal
    monthly: Decimal
    daily: Decimal


def expected_contribution(on: dt.date) -> Expected:
    """RGD 17 Aug 2011 arts. 8-10 as the pack's parameters state them at ``on``: the semi-net
    income (deductible expenses off), the rate for the children still dependent, minus the
    constant, times the reduced share of a court placement, rounded once; the daily amount is
    the monthly one over the days of a month."""
    P = parameters_at("lu", on)
    assert "rent" in P.value("contribution.income.deductible_expenses")
    income = SALARY - RENT
    rate = [b.rate for b in P.scale("contribution.stationary.rate_by_children") if b.threshold <= CHILDREN][-1]
    constant = P.value("contribution.stationary.constant")
    assert P.value("contribution.stationary.constant_deducted_from") == "contribution"
    assert P.value("contribution.stationary.reduced_share_court_placements") is True
    share = P.value("contribution.stationary.reduced_share")
    assert rate is not None and share is not None
    monthly = cents((rate * income - constant) * share)
    daily = cents(monthly / P.value("contribution.stationary.days_per_month"))
    return Expected(income=income, rate=rate, constant=constant, share=share, monthly=monthly, daily=daily)


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def starting_data() -> dict[str, Any]:
    """Léa (10) lives in the Esch children's home under a youth judge's placement order since two
    months ago; her mother Sandra is in the case. Fiona and Frank are finance officers; Nadia
    works for the home's provider."""
    today = timezone.localdate()
    started_on = today - relativedelta(months=2)
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    carla = UserFactory(email="carla@example.test", full_name="Carla Coordinatrice", roles=[(Role.COORDINATOR, esch)])
    child = PersonFactory(surname=SURNAME, first_names="Léa", birth_date=dt.date(today.year - 10, 6, 1), languages=["fr"])
    case = make_case(office=esch, coordinator=carla, child=child, framework=Framework.JUDICIAL)
    mother = add_parent(case, "Sandra")
    # The name sorts first among the pack's providers: on the first page of the list.
    provider = ProviderFactory(name="Aalbach Kannerheem Esch")
    service = ServiceFactory(
        provider=provider,
        code="T-HOME",
        name={"en": "Children's home", "fr": "Foyer pour enfants"},
        measures=["STA-INST-BASE"],
        commune="esch-sur-alzette",
    )
    measure = Measure.objects.create(
        case=case,
        measure_type=MeasureType.objects.get(pack="lu", code="STA-INST-BASE"),
        status=MeasureStatus.ACTIVE,
        service=service,
        location=service.locations.first(),
        provider=provider,
        started_on=started_on,
        created_by=carla,
    )
    decision = JudicialDecision.objects.create(
        case=case, kind="provisional", authority="judge", court="Tribunal de la jeunesse", decided_on=started_on, created_by=carla
    )
    placement = Placement.objects.create(
        case=case,
        measure=measure,
        status=PlacementStatus.ACTIVE,
        legal_basis=LegalBasis.COURT,
        decision=decision,
        admitted_on=started_on,
        created_by=carla,
    )
    PlacementStay.objects.create(
        placement=placement,
        place_kind=PlaceKind.INSTITUTION,
        service=service,
        location=service.locations.first(),
        country="LU",
        from_on=started_on,
        created_by=carla,
    )
    return {
        "today": today,
        "last_month": (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
        "case": case,
        "mother": mother,
        "provider": provider,
        "measure": measure,
        "fiona": UserFactory(email="fiona@example.test", full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER]),
        "frank": UserFactory(email="frank@example.test", full_name="Frank Finance", roles=[Role.FINANCE_OFFICER]),
        "nadia": provider_staff_of(provider, email="nadia@example.test", full_name="Nadia Provider"),
    }


def click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def fiona_records_the_tariff_and_the_account(page: Any, data: dict[str, Any]) -> None:
    provider, measure = data["provider"], data["measure"]
    tariffs = reverse("backoffice:billing_tariffs", args=[provider.pk])
    page.goto(reverse("backoffice:finance_home"))
    assert_accessible(page)
    click_link(page, reverse("backoffice:billing_provider_list"))
    assert_accessible(page)
    click_link(page, tariffs)
    click_link(page, reverse("backoffice:billing_tariff_add", args=[provider.pk]))
    page.select_option("select[name=measure_type]", str(measure.measure_type_id))
    page.check("input[name=unit][value=day]")
    page.fill("input[name=amount]", str(TARIFF))
    fill_date(page, "valid_from", measure.started_on.replace(day=1))
    page.fill("input[name=reference]", "Convention 2026/7")
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    tariff = Tariff.objects.get(provider=provider)
    assert tariff.amount == TARIFF and tariff.unit == "day" and tariff.valid_from == measure.started_on.replace(day=1)
    assert page.url.endswith(tariffs) and "In force" in main_text(page)
    assert_accessible(page)

    click_link(page, reverse("backoffice:billing_payee_account", args=[provider.pk]))
    page.fill("input[name=holder]", HOLDER)
    page.fill("input[name=iban]", IBAN[:-1] + "2")  # one digit mistyped: the check digits fail
    page.fill("input[name=bic]", BIC)
    submit(page)
    assert page.locator(".govuk-error-summary").count() == 1
    error = page.locator(".govuk-form-group--error:has(input[name=iban]) .govuk-error-message")
    assert "check digits" in error.inner_text()
    assert page.locator("input[name=holder]").input_value() == HOLDER
    assert not PayeeAccount.objects.filter(provider=provider).exists()
    assert_accessible(page)
    page.fill("input[name=iban]", IBAN)
    submit(page)
    assert_no_errors(page)
    account = PayeeAccount.objects.get(provider=provider)
    assert (account.holder, account.iban, account.bic) == (HOLDER, IBAN, BIC)
    assert page.url.endswith(tariffs) and HOLDER in main_text(page)


def fiona_assesses_and_decides_the_contribution(page: Any, data: dict[str, Any], expected: Expected) -> Assessment:
    measure, mother = data["measure"], data["mother"]
    effective_from = measure.started_on.replace(day=1)
    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:assessment_worklist"))
    assert data["case"].reference in main_text(page)
    assert_accessible(page)
    click_link(page, reverse("backoffice:assessment_create", args=[measure.pk]))
    page.check(f"input[name=payer][value='{mother.pk}']")
    fill_date(page, "effective_from", effective_from)
    page.fill("input[name=dependent_children]", str(CHILDREN))
    page.select_option("select[name=income-0-category]", "salary")
    page.fill("input[name=income-0-monthly]", str(SALARY))
    page.select_option("select[name=expense-0-category]", "rent")
    page.fill("input[name=expense-0-monthly]", str(RENT))
    assert_accessible(page)
    click(page, "main form button[name=save]")
    assert_no_errors(page)
    assessment = Assessment.objects.get(measure=measure)
    assert page.url.endswith(reverse("backoffice:assessment_check", args=[assessment.pk]))

    rows = page.locator("main table tbody tr")
    lines = {
        rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())
    }
    assert lines["Monthly income taken into account"] == f"{eur(expected.income)} EUR"
    assert f"Share of the income for {CHILDREN} dependent children: {percent(expected.rate)}" in lines
    assert percent(expected.rate) == "14 %"
    assert lines["Constant deducted"] == f"{eur(expected.constant)} EUR"
    assert f"Share paid by the parents for this measure: {percent(expected.share)}" in lines
    assert percent(expected.share) == "60 %"
    assert lines["Contribution per month"] == f"{eur(expected.monthly)} EUR"
    assert_accessible(page)

    click(page, "main form[action$='/check/'] button[type=submit]")
    assert_no_errors(page)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DECIDED
    assert (assessment.monthly_amount, assessment.daily_amount) == (expected.monthly, expected.daily)
    assert page.url.endswith(reverse("backoffice:assessment_detail", args=[assessment.pk]))
    assert eur(expected.monthly) in main_text(page) and eur(expected.daily) in main_text(page)
    assert_accessible(page)

    letter = reverse("backoffice:assessment_letter", args=[assessment.pk])
    href = page.locator(f"main a[href='{letter}']").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    return assessment


def nadia_records_the_month_and_sends_the_statement(page: Any, data: dict[str, Any]) -> Statement:
    measure, month = data["measure"], data["last_month"]
    page.goto(reverse("backoffice:provider_measure_list"))
    click_link(page, reverse("backoffice:provider_measure_detail", args=[measure.pk]))
    click_link(page, reverse("backoffice:provider_activity", args=[measure.pk]))
    page.fill("input[name=month_month]", str(month.month))
    page.fill("input[name=month_year]", str(month.year))
    page.fill("input[name=days]", str(DAYS_PRESENT))
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    assert ActivityRecord.objects.get(measure=measure, month=month).days == DAYS_PRESENT

    page.goto(reverse("backoffice:provider_measure_list"))
    click_link(page, reverse("backoffice:billing_portal_statements"))
    assert_accessible(page)
    submit(page, f"form[action='{reverse('backoffice:billing_portal_prepare')}']")
    assert_no_errors(page)
    statement = Statement.objects.get(provider=data["provider"], month=month)
    total = cents(DAYS_PRESENT * TARIFF)
    assert statement.status == StatementStatus.DRAFT and statement.total == total
    assert f"{eur(total)} EUR" in main_text(page)
    assert_accessible(page)
    click_link(page, reverse("backoffice:billing_portal_submit", args=[statement.pk]))
    assert f"Total: {eur(total)} EUR" in main_text(page)
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED
    assert page.url.endswith(reverse("backoffice:billing_portal_statement", args=[statement.pk]))
    assert "Statement sent to finance." in page.content()
    return statement


def fiona_validates_invoices_and_records_a_payment(
    page: Any, data: dict[str, Any], statement: Statement, expected: Expected
) -> Invoice:
    month = data["last_month"]
    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:billing_statement_list"))
    assert_accessible(page)
    click_link(page, reverse("backoffice:billing_statement_detail", args=[statement.pk]))
    flagged = statement.lines.exclude(flags=[]).count()
    # The days recorded are fewer than the days the measure was under way: no line is flagged.
    assert flagged == 0 and "No problem found" in main_text(page)
    assert_accessible(page)
    submit(page, f"form[action='{reverse('backoffice:billing_statement_validate', args=[statement.pk])}']")
    assert_no_errors(page)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.VALIDATED

    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:invoice_runs"))
    page.fill("input[name=month]", month.strftime("%Y-%m"))
    assert_accessible(page)
    submit(page, f"form[action='{reverse('backoffice:invoice_run_start')}']")
    assert_no_errors(page)
    invoice = Invoice.objects.get(assessment__measure=data["measure"], month=month)
    amount = cents(DAYS_PRESENT * expected.daily)
    assert amount < expected.monthly and amount < statement.total  # neither cap applies
    assert invoice.amount == amount and invoice.payer == data["mother"]
    assert "1 invoice" in main_text(page)
    assert_accessible(page)

    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:invoice_list"))
    assert_accessible(page)
    click_link(page, reverse("backoffice:invoice_detail", args=[invoice.pk]))
    rows = page.locator("main table").first.locator("tbody tr")
    explanation = {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text() for i in range(rows.count())}
    assert Decimal(explanation["Days of presence reported by the provider"]) == DAYS_PRESENT
    assert explanation["Contribution per day"] == f"{expected.daily} EUR"
    assert explanation["Quantity times rate"] == explanation["Invoiced"] == f"{amount} EUR"
    assert_accessible(page)
    click_link(page, reverse("backoffice:invoice_payment", args=[invoice.pk]))
    page.fill("input[name=amount]", str(PARTLY_PAID))
    fill_date(page, "received_on", data["today"])
    page.check("input[name=method][value=transfer]")
    page.fill("input[name=reference]", "VIR 0042")
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    invoice.refresh_from_db()
    assert invoice.paid == PARTLY_PAID
    still_owed = page.locator(".govuk-summary-list__row:has(dt:text-is('Still owed')) dd").inner_text()
    assert still_owed == f"{amount - PARTLY_PAID} EUR"
    assert_accessible(page)
    return invoice


def fiona_prepares_the_payment_run(page: Any, data: dict[str, Any], statement: Statement) -> PaymentRun:
    execution = next_business_day(data["today"] + dt.timedelta(days=1))
    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:payment_run_prepare"))
    fill_date(page, "execution_date", execution)
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    run = PaymentRun.objects.get()
    assert run.status == PaymentRunStatus.DRAFT and run.execution_date == execution and run.total == statement.total
    assert page.url.endswith(reverse("backoffice:payment_run_detail", args=[run.pk]))
    assert HOLDER in main_text(page) and eur(statement.total) in main_text(page)  # paid to the account holder
    # The preparer is not offered the approval, and the service refuses it if asked all the same.
    assert page.locator(f"form[action='{reverse('backoffice:payment_run_approve', args=[run.pk])}']").count() == 0
    assert "You prepared this run: another finance officer must approve it." in main_text(page)
    assert_accessible(page)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = page.request.post(
        reverse("backoffice:payment_run_approve", args=[run.pk]),
        form={"csrfmiddlewaretoken": token, "version": str(run.version)},
    )
    assert refused.status == 400 and "another finance officer must approve it" in refused.text()
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.DRAFT
    return run


def frank_approves_and_downloads_the_file(page: Any, data: dict[str, Any], run: PaymentRun, statement: Statement) -> None:
    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:payment_run_list"))
    assert_accessible(page)
    click_link(page, reverse("backoffice:payment_run_detail", args=[run.pk]))
    submit(page, f"form[action='{reverse('backoffice:payment_run_approve', args=[run.pk])}']")
    assert_no_errors(page)
    run.refresh_from_db()
    statement.refresh_from_db()
    assert run.status == PaymentRunStatus.APPROVED and run.approved_by == data["frank"]
    assert "Approved" in page.locator("main .govuk-tag").first.inner_text()
    assert_accessible(page)

    with page.expect_download() as info:
        page.locator(f"main a[href='{reverse('backoffice:payment_run_file', args=[run.pk])}']").click()
    sepa = read_credit_transfer(Path(info.value.path()).read_bytes())
    assert sepa.number_of_transactions == 1 and sepa.control_sum == statement.total
    (transfer,) = sepa.transfers
    assert transfer.amount == statement.total and transfer.iban == IBAN and transfer.bic == BIC
    assert sepa.execution_date == run.execution_date


def frank_reads_the_trial_balance(page: Any, statement: Statement, invoice: Invoice) -> None:
    page.goto(reverse("backoffice:finance_home"))
    click_link(page, reverse("backoffice:ledger_journal"))
    assert_accessible(page)
    click_link(page, reverse("backoffice:ledger_balances"))
    # Statement validated, run approved (the statement's total twice), invoice issued, payment.
    total = statement.total * 2 + invoice.amount + PARTLY_PAID
    assert sum(e.debit for e in LedgerEntry.objects.all()) == total == sum(e.credit for e in LedgerEntry.objects.all())
    cells = page.locator("main table tfoot td")
    assert cells.nth(0).inner_text() == eur(total) == cells.nth(1).inner_text()
    assert "Total debit equals total credit: the ledger balances." in main_text(page)
    assert_accessible(page)


def test_a_contribution_is_decided_a_statement_paid_and_the_parent_invoiced(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    data = starting_data()
    expected = expected_contribution(data["measure"].started_on.replace(day=1))

    fiona = sign_in(browser, live_server, data["fiona"])
    fiona_records_the_tariff_and_the_account(fiona, data)
    fiona_assesses_and_decides_the_contribution(fiona, data, expected)

    nadia = sign_in(browser, live_server, data["nadia"])
    statement = nadia_records_the_month_and_sends_the_statement(nadia, data)
    nadia.context.close()

    invoice = fiona_validates_invoices_and_records_a_payment(fiona, data, statement, expected)
    run = fiona_prepares_the_payment_run(fiona, data, statement)
    fiona.context.close()

    frank = sign_in(browser, live_server, data["frank"])
    frank_approves_and_downloads_the_file(frank, data, run, statement)
    frank_reads_the_trial_balance(frank, statement, invoice)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    frank.context.close()
