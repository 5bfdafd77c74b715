from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent, EmergencyAccess
from openaef.audit.selectors import emergency_access_active, emergency_access_current
from openaef.audit.services import emergency_access_open, emergency_access_review
from openaef.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

REASON = "Police called at night: the child is at risk, the coordinator cannot be reached."


def open_access(user, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("reason", REASON)
    return emergency_access_open(actor=user, subject_type="request", subject_id=42, **kwargs)


def test_it_grants_access_to_one_record_for_the_configured_time(
    coordinator, request_subject, settings, django_capture_on_commit_callbacks
):
    settings.OPENAEF_EMERGENCY_ACCESS_MINUTES = 30
    with django_capture_on_commit_callbacks(execute=True):
        access = open_access(coordinator)
    assert access.expires_at - access.started_at == dt.timedelta(minutes=30)
    assert emergency_access_active(coordinator, "request", 42)
    assert not emergency_access_active(coordinator, "request", 43)
    assert not emergency_access_active(coordinator, "case", 42)


def test_it_refuses_a_reason_too_short_to_explain_anything(coordinator, request_subject):
    with pytest.raises(ValidationError) as error:
        open_access(coordinator, reason="urgent")
    assert "reason" in error.value.message_dict
    assert not EmergencyAccess.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_record_type_nobody_registered(coordinator):
    with pytest.raises(KeyError):
        emergency_access_open(actor=coordinator, subject_type="nothing", subject_id=1, reason=REASON)


def test_it_ends_when_its_time_is_up(coordinator, request_subject):
    access = open_access(coordinator)
    assert emergency_access_active(coordinator, "request", 42, now=access.expires_at - dt.timedelta(seconds=1))
    assert not emergency_access_active(coordinator, "request", 42, now=access.expires_at)
    EmergencyAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert not emergency_access_active(coordinator, "request", 42)


def test_it_belongs_to_the_user_who_opened_it(coordinator, office_head, request_subject):
    open_access(coordinator)
    assert not emergency_access_active(office_head, "request", 42)
    assert emergency_access_current(coordinator, "request", 42).reason == REASON


def test_it_is_logged_as_an_emergency_with_its_reason(coordinator, request_subject, rf):
    open_access(coordinator, request=rf.post("/", REMOTE_ADDR="10.1.2.3"))
    event = AuditEvent.objects.get(action=AuditAction.EMERGENCY_ACCESS)
    assert (event.emergency, event.reason, event.object_type, event.object_id) == (True, REASON, "request", "42")
    assert event.actor == coordinator
    assert event.ip_address == "10.1.2.3"
    assert verify_chain().broken is None


def test_it_tells_every_data_protection_officer_without_personal_data(
    coordinator, dpo, request_subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_access(coordinator)
    assert [m.to for m in mail.outbox] == [[dpo.email]]
    message = mail.outbox[0]
    assert "42" not in message.subject
    assert "/audit/emergency-accesses/" in message.body
    assert REASON not in message.body
    assert coordinator.email not in message.body


def test_the_data_protection_officer_reviews_it_once(coordinator, dpo, request_subject):
    access = open_access(coordinator)
    reviewed = emergency_access_review(actor=dpo, access=access, note="Called the police: confirmed.")
    assert reviewed.reviewed_by == dpo
    assert reviewed.reviewed_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.REVIEW, actor=dpo).count() == 1
    with pytest.raises(ValidationError):
        emergency_access_review(actor=dpo, access=access, note="Again.")


def test_a_review_needs_a_note(coordinator, dpo, request_subject):
    access = open_access(coordinator)
    with pytest.raises(ValidationError):
        emergency_access_review(actor=dpo, access=access, note="  ")
    access.refresh_from_db()
    assert access.reviewed_at is None
