"""Breaking the glass for a case one cannot see: the reference says nothing until a reason is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent, EmergencyAccess
from openaef.cases.reference import new_case_reference

pytestmark = pytest.mark.django_db

LOOKUP = reverse("backoffice:case_emergency_lookup")
REASON = "The police called about this child tonight and the coordinator cannot be reached."


def test_a_reason_opens_the_case_read_only_for_a_while(login, other_coordinator, case):
    client = login(other_coordinator)
    assert client.get(reverse("backoffice:case_detail", args=[case.pk])).status_code == 404
    response = client.post(LOOKUP, {"reference": case.reference, "reason": REASON})
    assert response.url == reverse("backoffice:case_detail", args=[case.pk])
    access = EmergencyAccess.objects.get(user=other_coordinator)
    assert (access.subject_type, access.subject_id, access.reason) == ("case", case.pk, REASON)
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["access"].emergency
    assert not page.context["access"].can_edit
    assert "Emergency access" in page.content.decode()
    read = AuditEvent.objects.filter(action=AuditAction.READ, actor=other_coordinator, object_id=str(case.pk)).get()
    assert read.emergency


def test_without_a_reason_nothing_is_said_about_the_reference(login, other_coordinator, case):
    client = login(other_coordinator)
    existing = client.post(LOOKUP, {"reference": case.reference, "reason": ""})
    missing = client.post(LOOKUP, {"reference": new_case_reference(2026), "reason": ""})
    assert existing.status_code == missing.status_code == 200
    assert existing.context["error_summary"] == missing.context["error_summary"]
    assert list(existing.context["form"].errors) == ["reason"]
    assert not EmergencyAccess.objects.exists()


def test_a_reference_nobody_has_is_said_only_after_the_reason_and_is_recorded(login, other_coordinator):
    reference = new_case_reference(2026)
    response = login(other_coordinator).post(LOOKUP, {"reference": reference, "reason": REASON})
    assert "reference" in response.context["form"].errors
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=other_coordinator, object_id=reference).exists()
    assert not EmergencyAccess.objects.exists()


def test_a_case_one_already_sees_is_opened_without_breaking_the_glass(login, colleague, case):
    response = login(colleague).post(LOOKUP, {"reference": case.reference, "reason": REASON})
    assert response.url == reverse("backoffice:case_detail", args=[case.pk])
    assert not EmergencyAccess.objects.exists()


def test_the_lookup_refuses_those_who_may_not_break_the_glass(login, outsider, case):
    assert login(outsider).post(LOOKUP, {"reference": case.reference, "reason": REASON}).status_code == 403
    assert not EmergencyAccess.objects.exists()
