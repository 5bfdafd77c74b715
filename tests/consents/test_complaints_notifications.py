"""A complaint assigned (or given to someone else) tells the coordinator it is assigned to: in
the application and by e-mail, with the case reference and the answer's due date, never a name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.consents import services
from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.texts import notification_text
from tests.factories import UserFactory

from .factories import make_complaint

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
KIND = NotificationKind.COMPLAINT_ASSIGNED


def told(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user, kind=KIND).order_by("id"))


def assign(case, access, complaint, assignee, version: int = 1, due: dt.date = TODAY):  # type: ignore[no-untyped-def]
    return services.complaint_assign(
        actor=case.coordinator,
        access=access,
        complaint=complaint,
        expected_version=version,
        assignee=assignee,
        answer_due_on=due,
    )


def test_the_assigned_coordinator_is_told_with_the_reference_and_the_due_date(
    case, access, parents, colleague, office_head, django_capture_on_commit_callbacks
):
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    due = TODAY + dt.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        assign(case, access, complaint, colleague, due=due)
    (notification,) = told(colleague)
    assert notification.params == {"reference": case.reference, "due_on": due.isoformat()}
    assert notification.url.endswith(f"/staff/cases/{case.pk}/consents/complaints/{complaint.pk}/")
    assert told(case.coordinator) == [] and told(office_head) == []
    assert [m.to for m in mail.outbox] == [[colleague.email]]


def test_the_notice_names_no_one(case, access, parents, colleague, django_capture_on_commit_callbacks):
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assign(case, access, complaint, colleague)
    (notification,) = told(colleague)
    text = notification_text(notification)
    assert case.reference in text
    for name in ("Marie", "Léa", "Schmit", "Erik"):
        assert name not in text and name not in str(notification.params)
        assert name not in mail.outbox[0].body and name not in mail.outbox[0].subject


def test_reassigning_tells_the_new_coordinator_only(case, access, parents, colleague, office):
    third = UserFactory(roles=[(Role.COORDINATOR, office)])
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    assign(case, access, complaint, colleague)
    assign(case, access, complaint, third, version=2)
    assert len(told(colleague)) == 1
    assert len(told(third)) == 1


def test_given_back_to_an_earlier_assignee_they_are_told_again(case, access, parents, colleague, office):
    third = UserFactory(roles=[(Role.COORDINATOR, office)])
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    assign(case, access, complaint, colleague)
    assign(case, access, complaint, third, version=2)
    assign(case, access, complaint, colleague, version=3, due=TODAY + dt.timedelta(days=5))
    assert [n.params["due_on"] for n in told(colleague)] == [TODAY.isoformat(), (TODAY + dt.timedelta(days=5)).isoformat()]


def test_no_one_is_told_of_assigning_a_complaint_to_themselves(case, access, parents):
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    assign(case, access, complaint, case.coordinator)
    assert Notification.objects.filter(kind=KIND).count() == 0


def test_a_refused_assignment_tells_no_one(case, access, parents, other_coordinator):
    complaint = make_complaint(case, parents[0], received_on=TODAY)
    with pytest.raises(ValidationError):
        assign(case, access, complaint, other_coordinator)
    assert Notification.objects.filter(kind=KIND).count() == 0
