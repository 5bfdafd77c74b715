from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.audit.verify import verify_chain
from openaef.core.access import audit_refused

pytestmark = pytest.mark.django_db


def test_a_failed_login_is_logged_with_the_address_and_no_password(client, intake_officer):
    client.post(reverse("backoffice:login"), {"username": "Alice@Example.test", "password": "typed-secret"})
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.ip_address == "127.0.0.1"
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("accounts.user", str(intake_officer.pk))
    assert "typed-secret" not in f"{event.reason} {event.fields} {event.object_id}"
    assert verify_chain().broken is None


def test_a_page_refused_for_want_of_a_permission_is_logged(login, coordinator):
    response = login(coordinator).get(reverse("backoffice:audit_log"))
    assert response.status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert event.actor == coordinator
    assert (event.object_type, event.object_id) == ("permission", "audit.view_log")
    assert event.reason.endswith("/audit/log/")
    assert event.ip_address == "127.0.0.1"


def test_an_access_function_records_a_record_it_refused(coordinator, rf):
    audit_refused(actor=coordinator, object_type="cases.casefile", object_id=17, request=rf.get("/", REMOTE_ADDR="10.0.0.9"))
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id, event.ip_address) == (
        AuditAction.ACCESS_REFUSED,
        "cases.casefile",
        "17",
        "10.0.0.9",
    )
