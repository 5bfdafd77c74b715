"""The daily job tells of foster families' approvals ending: those who keep the register
(coordinators and office heads, foster/rules.py) and the staff of the family's support service,
once per approval period; the pack's ``approval.ending_soon_days`` (90 in Luxembourg) is the
window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from openaef.accounts.models import Role
from openaef.foster.models import FosterFamilyStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.selectors import holders_of, roles_granting
from openaef.notifications.tasks import notify_due
from openaef.notifications.texts import notification_text
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory
from tests.foster.factories import approved_family, make_family

from .factories import provider_with_staff

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
IN_90_DAYS = TODAY + dt.timedelta(days=90)
KIND = NotificationKind.FOSTER_APPROVAL_ENDING


def told(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user, kind=KIND).order_by("id"))


def test_the_register_is_kept_by_coordinators_and_office_heads():
    assert sorted(roles_granting("foster.change_family")) == sorted([Role.COORDINATOR, Role.OFFICE_HEAD])


def test_holders_are_the_active_users_with_a_granting_role(coordinator, office_head, intake_officer, outsider, office):
    gone = UserFactory(roles=[(Role.COORDINATOR, office)], is_active=False)
    holders = holders_of("foster.change_family")
    assert coordinator in holders and office_head in holders
    assert intake_officer not in holders and outsider not in holders and gone not in holders


def test_it_tells_the_register_keepers_of_an_approval_ending_within_the_window(coordinator, office_head, intake_officer):
    family = approved_family(approved_until=IN_90_DAYS)
    approved_family("Later household", approved_until=IN_90_DAYS + dt.timedelta(days=1))
    counts = notify_due(TODAY)
    assert counts[KIND] == 2
    for keeper in (coordinator, office_head):
        (notification,) = told(keeper)
        assert notification.params == {"reference": family.reference, "ends_on": IN_90_DAYS.isoformat()}
        assert notification.dedupe_key == f"foster_approval:{family.pk}:{IN_90_DAYS.isoformat()}"
        assert notification.url.endswith(f"/staff/foster-families/{family.pk}/")
    assert told(intake_officer) == []


def test_the_notice_names_no_one(coordinator, django_capture_on_commit_callbacks):
    family = approved_family("Weber household", approved_until=IN_90_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        notify_due(TODAY)
    assert len(mail.outbox) == 1
    (notification,) = told(coordinator)
    text = notification_text(notification)
    assert family.reference in text and "Weber" not in text
    assert "Weber" not in str(notification.params)
    assert all("Weber" not in message.body and "Weber" not in message.subject for message in mail.outbox)


def test_it_tells_once_per_approval_period_and_again_after_a_renewal(coordinator):
    family = approved_family(approved_until=TODAY + dt.timedelta(days=30))
    assert notify_due(TODAY)[KIND] == 1
    assert notify_due(TODAY)[KIND] == 0
    assert notify_due(TODAY + dt.timedelta(days=1))[KIND] == 0
    renewed = TODAY + dt.timedelta(days=60)
    family.approved_until = renewed
    family.save(update_fields=["approved_until"])
    assert notify_due(TODAY)[KIND] == 1
    assert [n.params["ends_on"] for n in told(coordinator)] == [(TODAY + dt.timedelta(days=30)).isoformat(), renewed.isoformat()]


def test_it_tells_the_staff_of_the_support_service_without_a_link(coordinator):
    service = ServiceFactory(measures=["STA-FOSTER"])
    staff = provider_with_staff(service.provider)
    other_provider_staff = provider_with_staff(ServiceFactory(measures=["STA-FOSTER"]).provider)
    family = approved_family(approved_until=IN_90_DAYS, support_service=service)
    assert notify_due(TODAY)[KIND] == 2
    (notification,) = told(staff)
    assert notification.params["reference"] == family.reference
    assert notification.url == ""
    assert told(other_provider_staff) == []


def test_it_does_not_tell_of_families_not_approved_or_long_lapsed(coordinator):
    make_family(status=FosterFamilyStatus.ENDED, approved_until=IN_90_DAYS)
    approved_family("Lapsed household", approved_until=TODAY - dt.timedelta(days=30))
    approved_family("No date household", approved_until=None)
    assert notify_due(TODAY)[KIND] == 0
    assert told(coordinator) == []


def test_a_suspended_familys_approval_ending_is_told(coordinator):
    make_family(status=FosterFamilyStatus.SUSPENDED, approved_until=TODAY)
    assert notify_due(TODAY)[KIND] == 1


def test_it_is_e_mailed_to_a_keeper_who_wants_it(coordinator, django_capture_on_commit_callbacks):
    approved_family(approved_until=IN_90_DAYS)
    with django_capture_on_commit_callbacks(execute=True):
        notify_due(TODAY)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
