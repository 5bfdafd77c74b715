"""Who is told when money waits: finance of a statement sent and of financial help proposed, the
provider's staff of a statement sent back. No names in what they are told."""

from __future__ import annotations

import datetime as dt

import pytest

from openaef.finance.models import Unit
from openaef.finance.services_billing import statement_prepare, statement_return, statement_submit
from openaef.notifications.models import Notification, NotificationKind
from tests.finance.factories_aid import *  # noqa: F403
from tests.finance.factories_aid import propose
from tests.finance.factories_billing import *  # noqa: F403
from tests.finance.factories_billing import make_activity, make_running_measure, make_tariff

pytestmark = pytest.mark.django_db
FEB = dt.date(2026, 2, 1)


def test_a_statement_sent_tells_finance_and_one_sent_back_tells_the_providers_staff(  # type: ignore[no-untyped-def]
    billing_service, coordinator, office, nadia, paul, finance_officer
):
    measure = make_running_measure(service=billing_service, coordinator=coordinator, office=office)
    make_tariff(billing_service.provider, "AMB-SAF", Unit.DAY, "95.55", dt.date(2026, 1, 1), by=finance_officer)
    make_activity(measure, FEB, days="10", by=nadia)
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)

    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    told = Notification.objects.get(kind=NotificationKind.STATEMENT_SUBMITTED)
    assert told.user == finance_officer
    assert told.params == {"reference": billing_service.provider.code, "month": "2026-02"}

    statement_return(actor=finance_officer, statement=statement, expected_version=statement.version, reason="Check the days.")
    returned = Notification.objects.filter(kind=NotificationKind.STATEMENT_RETURNED)
    assert [n.user for n in returned] == [nadia]  # not paul, of another provider


def test_financial_help_proposed_tells_finance(case_access, coordinator, mother, finance_officer):  # type: ignore[no-untyped-def]
    aid = propose(case_access, coordinator, mother)
    told = Notification.objects.get(kind=NotificationKind.AID_PROPOSED)
    assert told.user == finance_officer and told.params == {"reference": f"AID-{aid.pk}"}
    assert mother.surname not in str(told.params)
