"""The daily reminders of file-access requests whose answer is due (GDPR art. 12(3))."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openaef.cases.deadlines import add_business_days
from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.tasks import notify_due
from openaef.rights.parameters import rights_rules
from openaef.rights.services import access_request_transition
from openaef.rights.states import AccessStatus
from openaef.rights.tasks import notify_access_requests_due, send_access_request_reminders

from .factories import make_access_request

pytestmark = pytest.mark.django_db


def _received_so_due_on(due: dt.date) -> dt.datetime:
    # Received one month before: the due date follows from the pack's rule.
    from dateutil.relativedelta import relativedelta

    return timezone.make_aware(dt.datetime.combine(due - relativedelta(months=1), dt.time(12)))


def test_the_pack_sets_five_working_days_with_its_assumption():
    rules = rights_rules()
    assert rules.reminder_business_days == 5
    assert "five working days" in rules.reminder_reference


def test_a_request_due_soon_is_reminded_once_then_again_when_overdue(dpo):
    today = timezone.localdate()
    request = make_access_request(received_at=_received_so_due_on(add_business_days(today, 3)))
    far = make_access_request(received_at=_received_so_due_on(add_business_days(today, 15)))

    assert notify_access_requests_due(today) == 1
    assert notify_access_requests_due(today) == 0
    overdue_day = add_business_days(request.due_on, 1)
    assert notify_access_requests_due(overdue_day) >= 1

    told = Notification.objects.filter(user=dpo, kind=NotificationKind.ACCESS_REQUEST_DUE)
    assert told.filter(params__reference=request.reference).count() == 2
    assert told.filter(params__reference=far.reference).count() <= 1
    assert told.first().params["due_on"] == request.due_on.isoformat()


def test_an_answered_request_is_not_reminded(dpo):
    today = timezone.localdate()
    request = make_access_request(received_at=_received_so_due_on(add_business_days(today, 2)))
    access_request_transition(actor=dpo, access_request=request, target=AccessStatus.REFUSED, expected_version=1, reason="x")

    assert notify_access_requests_due(today) == 0


def test_the_daily_jobs_include_the_reminders(dpo):
    today = timezone.localdate()
    make_access_request(received_at=_received_so_due_on(add_business_days(today, 1)))

    assert notify_due(today)[NotificationKind.ACCESS_REQUEST_DUE.value] == 1
    assert send_access_request_reminders.call() == 0
