"""The case page's read of a case's measures."""

from __future__ import annotations

import datetime as dt

import pytest

from openaef.measures.selectors import open_measures_of
from openaef.measures.states import MeasureStatus, ReferralStatus

from .factories import make_measure, make_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(case, service):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 1, 5), provider=service.provider)
    make_referral(measure, service, ReferralStatus.ACCEPTED)
    return measure


def test_the_open_measures_of_a_case_read_one_query_soonest_end_first(case, running, django_assert_num_queries):  # type: ignore[no-untyped-def]
    planned = make_measure(case)
    make_measure(case, status=MeasureStatus.ENDED)
    with django_assert_num_queries(1):
        rows = open_measures_of(case, limit=20)
        shown = [(m.pk, m.status, m.provider and m.provider.name, m.measure_type.name) for m in rows]
    assert shown == [
        (running.pk, "active", running.provider.name, running.measure_type.name),
        (planned.pk, "planned", None, planned.measure_type.name),
    ]
    assert len(open_measures_of(case, limit=1)) == 2  # one more than asked: "there are more"
