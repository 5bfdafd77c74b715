"""The billing pages: finance's tariffs, accounts and statements, the providers' statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openaef.finance.models import PayeeAccount, Statement, StatementLine, Tariff, Unit
from openaef.finance.services_billing import statement_prepare, statement_submit
from openaef.finance.states import StatementStatus
from tests.directory.factories import ProviderFactory
from tests.finance.factories_billing import *  # noqa: F403

pytestmark = pytest.mark.django_db

FEB = dt.date(2026, 2, 1)
IBAN = "LU28 0019 4006 4475 0000"


@pytest.fixture
def measure(billing_service, coordinator, office):  # type: ignore[no-untyped-def]
    return make_running_measure(service=billing_service, coordinator=coordinator, office=office)  # noqa: F405


@pytest.fixture
def day_tariff(billing_service, finance_officer):  # type: ignore[no-untyped-def]
    return make_tariff(billing_service.provider, "AMB-SAF", Unit.DAY, "100.00", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405


@pytest.fixture
def submitted(measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    return statement_submit(actor=nadia, statement=statement, expected_version=statement.version)


def _queries(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


# ---------------------------------------------------------------- who reaches what


FINANCE_PAGES = [
    ("backoffice:billing_provider_list", False),
    ("backoffice:billing_statement_list", False),
    ("backoffice:billing_tariffs", True),
    ("backoffice:billing_tariff_add", True),
    ("backoffice:billing_payee_account", True),
]


@pytest.mark.parametrize(("name", "with_provider"), FINANCE_PAGES)
def test_finance_pages_are_for_finance_only(login, name, with_provider, billing_provider, finance_officer, coordinator, nadia):  # type: ignore[no-untyped-def]
    url = reverse(name, args=[billing_provider.pk] if with_provider else [])
    assert login(finance_officer).get(url).status_code == 200
    assert login(coordinator).get(url).status_code == 403
    assert login(nadia).get(url).status_code == 403


def test_a_statement_page_is_finances_and_its_providers_only(login, submitted, finance_officer, coordinator, nadia, paul):  # type: ignore[no-untyped-def]
    finance_url = reverse("backoffice:billing_statement_detail", args=[submitted.pk])
    portal_url = reverse("backoffice:billing_portal_statement", args=[submitted.pk])
    assert login(finance_officer).get(finance_url).status_code == 200
    assert login(coordinator).get(finance_url).status_code == 403
    assert login(nadia).get(portal_url).status_code == 200
    assert login(paul).get(portal_url).status_code == 404
    assert login(paul).get(reverse("backoffice:billing_portal_submit", args=[submitted.pk])).status_code == 404
    assert login(coordinator).get(portal_url).status_code == 403


def test_a_statement_shows_initials_and_the_reference_never_the_name(login, submitted, measure, finance_officer):  # type: ignore[no-untyped-def]
    html = login(finance_officer).get(reverse("backoffice:billing_statement_detail", args=[submitted.pk])).content.decode()
    assert measure.case.reference in html
    assert "L. S." in html
    assert "Léa" not in html and "Schmit" not in html


# ---------------------------------------------------------------- tariffs and accounts


def test_finance_adds_a_tariff_and_a_new_date_starts_a_new_value(login, billing_service, finance_officer):  # type: ignore[no-untyped-def]
    client = login(finance_officer)
    url = reverse("backoffice:billing_tariff_add", args=[billing_service.provider_id])
    amb = billing_service.measure_types.get(code="AMB-SAF")
    data = {
        "service": "",
        "measure_type": str(amb.pk),
        "unit": "day",
        "amount": "120.50",
        "valid_from_day": "1",
        "valid_from_month": "1",
        "valid_from_year": "2026",
        "reference": "Convention 2026",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200 and "already starts on this day" in response.content.decode()
    assert client.post(url, {**data, "valid_from_month": "7", "amount": "125.00"}).status_code == 302
    assert list(
        Tariff.objects.filter(provider=billing_service.provider).order_by("valid_from").values_list("amount", flat=True)
    ) == [
        Decimal("120.50"),
        Decimal("125.00"),
    ]
    html = client.get(reverse("backoffice:billing_tariffs", args=[billing_service.provider_id])).content.decode()
    assert "In force" in html and "Replaced" in html


@pytest.mark.parametrize(("field", "value"), [("amount", "0"), ("amount", "12.345"), ("amount", "abc"), ("reference", "")])
def test_a_tariff_with_a_wrong_value_is_refused_by_the_field(login, billing_service, finance_officer, field, value):  # type: ignore[no-untyped-def]
    data = {
        "measure_type": str(billing_service.measure_types.get(code="AMB-SAF").pk),
        "unit": "day",
        "amount": "10",
        "valid_from_day": "1",
        "valid_from_month": "1",
        "valid_from_year": "2026",
        "reference": "Convention",
        field: value,
    }
    response = login(finance_officer).post(reverse("backoffice:billing_tariff_add", args=[billing_service.provider_id]), data)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not Tariff.objects.exists()


def test_a_tariff_used_by_a_statement_cannot_be_removed(login, submitted, day_tariff, finance_officer, billing_service):  # type: ignore[no-untyped-def]
    client = login(finance_officer)
    assert client.post(reverse("backoffice:billing_tariff_remove", args=[day_tariff.pk])).status_code == 409
    assert Tariff.objects.filter(pk=day_tariff.pk).exists()
    unused = make_tariff(billing_service.provider, "AMB-SAF", Unit.DAY, "110.00", dt.date(2026, 6, 1), by=finance_officer)  # noqa: F405
    assert client.post(reverse("backoffice:billing_tariff_remove", args=[unused.pk])).status_code == 302
    assert not Tariff.objects.filter(pk=unused.pk).exists()


def test_the_payee_account_is_checked_and_versioned(login, billing_provider, finance_officer):  # type: ignore[no-untyped-def]
    client = login(finance_officer)
    url = reverse("backoffice:billing_payee_account", args=[billing_provider.pk])
    response = client.post(url, {"holder": "Familljenhëllef asbl", "iban": "LU28 0019 4006 4475 0001", "bic": ""})
    assert 'id="id_iban-error"' in response.content.decode()
    assert client.post(url, {"holder": "Familljenhëllef asbl", "iban": IBAN, "bic": "BCEELULL"}).status_code == 302
    account = PayeeAccount.objects.get(provider=billing_provider)
    assert (account.iban, account.version) == ("LU280019400644750000", 1)
    stale = client.post(url, {"holder": "Someone else", "iban": IBAN, "bic": "", "version": "7"})
    assert stale.status_code == 409 and "Someone else" in stale.content.decode()
    assert PayeeAccount.objects.get(provider=billing_provider).holder == "Familljenhëllef asbl"


def test_the_provider_list_shows_missing_tariffs_in_a_constant_number_of_queries(
    login, billing_service, day_tariff, finance_officer
):  # type: ignore[no-untyped-def]
    client = login(finance_officer)
    url = reverse("backoffice:billing_provider_list")
    html = client.get(url).content.decode()
    assert "1 of 2 missing" in html  # AMB-SAF priced, STA-INST-BASE not
    before = _queries(client, url)
    for _n in range(5):
        ProviderFactory()
    assert _queries(client, url) == before


# ---------------------------------------------------------------- statements, finance side


def test_the_statement_list_filters_and_costs_the_same_queries(
    login, submitted, finance_officer, billing_service, coordinator, office, nadia
):  # type: ignore[no-untyped-def]
    client = login(finance_officer)
    url = reverse("backoffice:billing_statement_list")
    href = reverse("backoffice:billing_statement_detail", args=[submitted.pk])
    assert href in client.get(url).content.decode()
    assert href not in client.get(url + "?status=validated").content.decode()
    assert href not in client.get(url + "?month_month=3&month_year=2026").content.decode()
    assert href in client.get(url + f"?month_month=2&month_year=2026&provider={billing_service.provider_id}").content.decode()
    before = _queries(client, url)
    for month in (3, 4, 5):
        m = make_running_measure(service=billing_service, coordinator=coordinator, office=office, surname=f"C{month}")  # noqa: F405
        make_activity(m, dt.date(2026, month, 1), days="2", by=nadia)  # noqa: F405
        statement, _ = statement_prepare(actor=nadia, provider_id=billing_service.provider_id, month=dt.date(2026, month, 1))
        statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    assert _queries(client, url) == before


def test_finance_validates_with_a_note_per_flagged_line(
    login, billing_service, coordinator, office, day_tariff, nadia, finance_officer
):  # type: ignore[no-untyped-def]
    late = make_running_measure(service=billing_service, coordinator=coordinator, office=office, started_on=dt.date(2026, 2, 25))  # noqa: F405
    make_activity(late, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=late.provider_id, month=FEB)
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    line = StatementLine.objects.get(statement=statement)
    client = login(finance_officer)
    url = reverse("backoffice:billing_statement_validate", args=[statement.pk])
    page = client.get(reverse("backoffice:billing_statement_detail", args=[statement.pk])).content.decode()
    assert "More days are billed than the measure was under way" in page
    response = client.post(url, {"validate-version": statement.version})
    assert response.status_code == 400 and f'id="id_validate-note_{line.pk}-error"' in response.content.decode()
    response = client.post(url, {"validate-version": statement.version, f"validate-note_{line.pk}": "Start date corrected."})
    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).status == StatementStatus.VALIDATED


def test_finance_returns_a_statement_with_a_reason_and_the_provider_sees_it(login, submitted, finance_officer, nadia):  # type: ignore[no-untyped-def]
    url = reverse("backoffice:billing_statement_return", args=[submitted.pk])
    client = login(finance_officer)
    assert client.post(url, {"return-version": submitted.version, "return-reason": ""}).status_code == 400
    assert client.post(url, {"return-version": submitted.version, "return-reason": "Ten days is too many."}).status_code == 302
    html = login(nadia).get(reverse("backoffice:billing_portal_statement", args=[submitted.pk])).content.decode()
    assert "Ten days is too many." in html and "Prepare it again" in html


def test_a_stale_validation_is_refused_with_the_current_statement(login, submitted, finance_officer):  # type: ignore[no-untyped-def]
    url = reverse("backoffice:billing_statement_validate", args=[submitted.pk])
    response = login(finance_officer).post(url, {"validate-version": submitted.version + 5})
    assert response.status_code == 409
    assert Statement.objects.get(pk=submitted.pk).status == StatementStatus.SUBMITTED


# ---------------------------------------------------------------- the providers' portal


def test_the_provider_prepares_checks_and_sends_a_month(login, measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    client = login(nadia)
    assert client.get(reverse("backoffice:billing_portal_statements")).status_code == 200
    response = client.post(
        reverse("backoffice:billing_portal_prepare"),
        {"provider": measure.provider_id, "month_month": "2", "month_year": "2026"},
    )
    statement = Statement.objects.get(provider=measure.provider, month=FEB)
    assert response["Location"] == reverse("backoffice:billing_portal_statement", args=[statement.pk])
    confirm = client.get(reverse("backoffice:billing_portal_submit", args=[statement.pk])).content.decode()
    assert "Send the statement to finance?" in confirm and "1,000.00" in confirm
    sent = client.post(reverse("backoffice:billing_portal_submit", args=[statement.pk]), {"version": statement.version})
    assert sent.status_code == 302
    assert Statement.objects.get(pk=statement.pk).status == StatementStatus.SUBMITTED


def test_a_provider_cannot_prepare_for_another_provider(login, measure, paul):  # type: ignore[no-untyped-def]
    response = login(paul).post(
        reverse("backoffice:billing_portal_prepare"), {"provider": measure.provider_id, "month_month": "2", "month_year": "2026"}
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_the_portal_list_costs_the_same_queries_whatever_its_length(login, measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    client = login(nadia)
    url = reverse("backoffice:billing_portal_statements")
    statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    before = _queries(client, url)
    for month in (3, 4, 5):
        statement_prepare(actor=nadia, provider_id=measure.provider_id, month=dt.date(2026, month, 1))
    assert _queries(client, url) == before
