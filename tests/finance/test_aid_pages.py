"""The financial help pages: the case's list and proposal form, an aid's page with the finance
officers' actions, the worklists, the decision letter; none of them in Luxembourg."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.core.pdf import document_text
from openaef.finance import aid_pdf
from openaef.finance.models import AidKind, FinancialAid
from openaef.finance.states import AidStatus
from tests.factories import UserFactory
from tests.finance.factories_aid import *  # noqa: F403
from tests.finance.factories_aid import grant, propose

pytestmark = pytest.mark.django_db


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def _form(**changes):  # type: ignore[no-untyped-def]
    data = {
        "kind": "allowance",
        "amount": "120,50",
        "months": "3",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2026",
        "purpose": "Rent.",
        "repayable": "yes",
        "repayment_months": "6",
        "repayment_starts_on_day": "1",
        "repayment_starts_on_month": "9",
        "repayment_starts_on_year": "2026",
        "holder": "Marie DUPRE",
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "",
        "own_account_confirmed": "on",
    }
    data.update(changes)
    return data


# The case's list and the proposal ------------------------------------------------------------


def test_the_coordinator_sees_the_cases_financial_help(
    client, aid_case, case_access, coordinator, mother, django_assert_num_queries
):
    propose(case_access, coordinator, mother)
    _login(client, coordinator)
    url = reverse("backoffice:aid_case_list", args=[aid_case.pk])
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "Marie Dupré" in response.content.decode()
    assert reverse("backoffice:aid_propose", args=[aid_case.pk]) in response.content.decode()


def test_a_coordinator_of_another_office_does_not_find_the_case(client, aid_case, other_office):
    dora = UserFactory(roles=[(Role.COORDINATOR, other_office)])
    _login(client, dora)
    assert client.get(reverse("backoffice:aid_case_list", args=[aid_case.pk])).status_code == 404
    assert client.get(reverse("backoffice:aid_propose", args=[aid_case.pk])).status_code == 404


def test_an_outsider_is_refused(client, aid_case, outsider):
    _login(client, outsider)
    assert client.get(reverse("backoffice:aid_case_list", args=[aid_case.pk])).status_code == 403
    assert client.get(reverse("backoffice:aid_propose", args=[aid_case.pk])).status_code == 403


def test_it_refuses_an_anonymous_visitor(client, aid_case):
    response = client.get(reverse("backoffice:aid_case_list", args=[aid_case.pk]))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_the_proposal_form_works_without_javascript_and_proposes_the_help(client, aid_case, coordinator, mother):
    _login(client, coordinator)
    url = reverse("backoffice:aid_propose", args=[aid_case.pk])
    page = client.get(url).content.decode()
    assert "Number of months" in page and "Number of monthly repayments" in page  # every field shown, with hints
    response = client.post(url, _form(beneficiary=str(mother.pk)))
    aid = FinancialAid.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:aid_detail", args=[aid.pk])
    assert (aid.kind, aid.amount, aid.months, aid.repayment_months) == (AidKind.ALLOWANCE, Decimal("120.50"), 3, 6)


def test_the_proposal_form_explains_what_is_wrong_and_keeps_what_was_typed(client, aid_case, coordinator, mother):
    _login(client, coordinator)
    response = client.post(
        reverse("backoffice:aid_propose", args=[aid_case.pk]),
        _form(beneficiary=str(mother.pk), holder="Jean Martin", months="", own_account_confirmed=""),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "cannot be assigned" in page
    assert "Enter for how many months the allowance is paid." in page
    assert "Confirm that the account is the beneficiary" in page
    assert 'value="Jean Martin"' in page and 'value="120,50"' in page
    assert not FinancialAid.objects.exists()


# An aid's page and the finance actions --------------------------------------------------------


def test_the_aid_page_shows_the_schedule_without_actions_to_the_coordinator(
    client, case_access, coordinator, mother, finance_officer, django_assert_num_queries
):
    aid = propose(case_access, coordinator, mother, repayable=True, repayment_months=3, repayment_starts_on=dt.date(2026, 5, 1))
    grant(aid, finance_officer)
    _login(client, coordinator)
    url = reverse("backoffice:aid_detail", args=[aid.pk])
    client.get(url)
    with django_assert_num_queries(13):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Repayment schedule" in page and "Finance actions" not in page
    assert reverse("backoffice:aid_decision_pdf", args=[aid.pk]) in page


def test_a_finance_officer_decides_from_the_aid_page(
    client, case_access, coordinator, mother, finance_officer, django_assert_num_queries
):
    aid = propose(case_access, coordinator, mother)
    _login(client, finance_officer)
    url = reverse("backoffice:aid_detail", args=[aid.pk])
    client.get(url)
    with django_assert_num_queries(11):
        page = client.get(url).content.decode()
    assert "Decide: grant or refuse" in page
    response = client.post(
        reverse("backoffice:aid_action", args=[aid.pk, "decide"]), {"decide-version": aid.version, "decide-decision": "grant"}
    )
    assert response.status_code == 302
    assert FinancialAid.objects.get(pk=aid.pk).status == AidStatus.GRANTED


def test_a_refusal_without_a_reason_is_explained(client, case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother)
    _login(client, finance_officer)
    response = client.post(
        reverse("backoffice:aid_action", args=[aid.pk, "decide"]), {"decide-version": aid.version, "decide-decision": "refuse"}
    )
    assert response.status_code == 400 and "Give the reason." in response.content.decode()


def test_a_stale_decision_is_refused(client, case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother)
    _login(client, finance_officer)
    response = client.post(
        reverse("backoffice:aid_action", args=[aid.pk, "decide"]), {"decide-version": aid.version + 3, "decide-decision": "grant"}
    )
    assert response.status_code == 409
    assert FinancialAid.objects.get(pk=aid.pk).status == AidStatus.PROPOSED


def test_a_coordinator_cannot_decide(client, case_access, coordinator, mother):
    aid = propose(case_access, coordinator, mother)
    _login(client, coordinator)
    response = client.post(
        reverse("backoffice:aid_action", args=[aid.pk, "decide"]), {"decide-version": aid.version, "decide-decision": "grant"}
    )
    assert response.status_code == 403


def test_a_finance_officer_records_a_repayment(client, case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother, repayable=True, repayment_months=3, repayment_starts_on=dt.date(2026, 5, 1))
    aid = grant(aid, finance_officer)
    line = aid.repayments.first()
    _login(client, finance_officer)
    response = client.post(
        reverse("backoffice:aid_action", args=[aid.pk, "repayment"]),
        {
            "repayment-version": aid.version,
            "repayment-repayment": str(line.pk),
            "repayment-amount": "40",
            "repayment-received_on_day": "2",
            "repayment-received_on_month": "5",
            "repayment-received_on_year": "2026",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.received == Decimal("40.00")


# Finance worklists ---------------------------------------------------------------------------


def test_the_finance_worklist_lists_help_to_decide(
    client, fr_deployment, case_access, coordinator, mother, finance_officer, django_assert_num_queries
):
    for _ in range(3):
        propose(case_access, coordinator, mother)
    _login(client, finance_officer)
    url = reverse("backoffice:aid_worklist")
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert all(reverse("backoffice:aid_detail", args=[aid.pk]) in page for aid in FinancialAid.objects.all())


def test_the_repayments_due_list_marks_overdue_lines(
    client, fr_deployment, case_access, coordinator, mother, finance_officer, django_assert_num_queries
):
    aid = propose(
        case_access,
        coordinator,
        mother,
        starts_on=dt.date(2025, 1, 1),
        repayable=True,
        repayment_months=2,
        repayment_starts_on=dt.date(2025, 2, 1),
    )
    grant(aid, finance_officer)
    _login(client, finance_officer)
    url = reverse("backoffice:aid_repayments_due")
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and page.count("Overdue") == 2 and "Marie Dupré" in page


def test_the_worklists_are_for_finance_officers(client, fr_deployment, coordinator):
    _login(client, coordinator)
    assert client.get(reverse("backoffice:aid_worklist")).status_code == 403
    assert client.get(reverse("backoffice:aid_repayments_due")).status_code == 403


# Luxembourg has no financial help ------------------------------------------------------------


def test_luxembourg_offers_no_financial_help_pages(client, aid_case, coordinator, finance_officer, mother):
    aid_case.pack = "lu"
    aid_case.save(update_fields=["pack"])
    aid = FinancialAid.objects.create(
        case=aid_case,
        beneficiary=mother,
        pack="lu",
        kind=AidKind.GRANT,
        amount=Decimal("10.00"),
        starts_on=dt.date(2026, 4, 1),
        purpose="x",
        proposed_by=coordinator,
    )
    _login(client, coordinator)
    assert client.get(reverse("backoffice:aid_case_list", args=[aid_case.pk])).status_code == 404
    assert client.get(reverse("backoffice:aid_propose", args=[aid_case.pk])).status_code == 404
    assert client.get(reverse("backoffice:aid_detail", args=[aid.pk])).status_code == 404
    _login(client, finance_officer)
    assert client.get(reverse("backoffice:aid_worklist")).status_code == 404
    assert client.get(reverse("backoffice:aid_repayments_due")).status_code == 404
    assert client.get(reverse("backoffice:aid_detail", args=[aid.pk])).status_code == 404


# The decision letter ---------------------------------------------------------------------------


def test_the_decision_letter_states_the_amount_the_schedule_and_that_it_cannot_be_seized(
    client, case_access, coordinator, mother, finance_officer
):
    aid = propose(
        case_access,
        coordinator,
        mother,
        amount=Decimal("100.00"),
        repayable=True,
        repayment_months=3,
        repayment_starts_on=dt.date(2026, 5, 1),
    )
    aid = grant(aid, finance_officer)
    text = document_text(aid_pdf.decision_pdf_document(aid))
    assert "100,00" in text and "33,33" in text and "33,34" in text  # in French
    assert "L222-4" in text
    _login(client, coordinator)
    response = client.get(reverse("backoffice:aid_decision_pdf", args=[aid.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Dupr" not in response["Content-Disposition"]


def test_there_is_no_letter_before_the_decision(client, case_access, coordinator, mother):
    aid = propose(case_access, coordinator, mother)
    _login(client, coordinator)
    assert client.get(reverse("backoffice:aid_decision_pdf", args=[aid.pk])).status_code == 404


# Who finds an aid ------------------------------------------------------------------------------


def test_an_aid_is_not_found_by_a_coordinator_of_another_office_and_refused_to_an_outsider(
    client, case_access, coordinator, mother, other_office, outsider
):
    aid = propose(case_access, coordinator, mother)
    url = reverse("backoffice:aid_detail", args=[aid.pk])
    _login(client, UserFactory(roles=[(Role.COORDINATOR, other_office)]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("backoffice:aid_detail", args=[aid.pk + 1000])).status_code == 404
    _login(client, outsider)
    assert client.get(url).status_code == 403


def test_the_office_head_reads_the_aid_and_every_read_is_logged(client, case_access, coordinator, mother, office_head):
    from openaef.audit.models import AuditEvent

    aid = propose(case_access, coordinator, mother)
    _login(client, office_head)
    assert client.get(reverse("backoffice:aid_detail", args=[aid.pk])).status_code == 200
    read = AuditEvent.objects.filter(action="read", object_type="finance.financialaid", object_id=str(aid.pk)).get()
    assert read.actor == office_head
