"""The finance home page: what waits for finance, counted in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from openaef.finance.models import Statement
from openaef.finance.states import StatementStatus
from tests.finance.factories_payments import finance_officer, validated_statement

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:finance_home")


def test_it_counts_what_waits_in_the_same_queries_however_much_there_is(client, django_assert_max_num_queries):
    officer = finance_officer()
    client.force_login(officer)
    with django_assert_max_num_queries(14) as few:
        client.get(URL)
    validated_statement(month=dt.date(2026, 1, 1))
    validated_statement(month=dt.date(2026, 2, 1))
    submitted = validated_statement(month=dt.date(2026, 3, 1))
    Statement.objects.filter(pk=submitted.pk).update(status=StatementStatus.SUBMITTED)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    text = response.content.decode()
    assert "1 provider&#x27;s statement to validate" in text or "1 provider's statement to validate" in text
    assert "2 validated statements to pay" in text
    assert reverse("backoffice:assessment_worklist") in text
    # Luxembourg offers no financial help: no link to it.
    assert reverse("backoffice:aid_worklist") not in text


def test_coordinators_and_providers_do_not_reach_it(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 403
