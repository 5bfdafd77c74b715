from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent, EmergencyAccess
from openaef.audit.selectors import emergency_access_active
from openaef.audit.services import emergency_access_open

pytestmark = pytest.mark.django_db

REASON = "Police called at night: the child is at risk, the coordinator cannot be reached."


def form_url(subject_type: str = "request", subject_id: int = 42) -> str:
    return reverse("backoffice:emergency_access", args=[subject_type, subject_id])


def list_url() -> str:
    return reverse("backoffice:emergency_access_list")


def detail_url(access: EmergencyAccess) -> str:
    return reverse("backoffice:emergency_access_detail", args=[access.pk])


# The form a professional fills in


def test_it_shows_the_reason_field_to_a_coordinator(login, coordinator, request_subject):
    response = login(coordinator).get(form_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<textarea name="reason"' in html
    assert "60 minutes" in html


def test_it_refuses_an_outsider(login, outsider, request_subject):
    assert login(outsider).get(form_url()).status_code == 403
    assert login(outsider).post(form_url(), {"reason": REASON}).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_it_answers_not_found_for_a_record_type_nobody_registered(login, coordinator):
    assert login(coordinator).get(form_url("nothing")).status_code == 404


def test_it_opens_access_and_sends_the_user_to_the_record(login, office_head, request_subject):
    response = login(office_head).post(form_url(), {"reason": REASON})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:request_detail", args=[42])
    assert emergency_access_active(office_head, "request", 42)
    assert AuditEvent.objects.filter(action=AuditAction.EMERGENCY_ACCESS, emergency=True, actor=office_head).count() == 1


def test_a_short_reason_is_shown_next_to_the_field_and_kept(login, intake_officer, request_subject):
    response = login(intake_officer).post(form_url(), {"reason": "urgent case"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_reason"' in html
    assert 'id="id_reason-error"' in html
    assert "urgent case</textarea>" in html
    assert not EmergencyAccess.objects.exists()


# The data protection officer's pages


@pytest.fixture
def accesses(coordinator, office_head, request_subject):  # type: ignore[no-untyped-def]
    earlier = timezone.now() - dt.timedelta(days=2)
    reviewed = emergency_access_open(actor=coordinator, subject_type="request", subject_id=1, reason=REASON, now=earlier)
    EmergencyAccess.objects.filter(pk=reviewed.pk).update(reviewed_at=earlier, review_note="Justified.")
    old_pending = emergency_access_open(actor=office_head, subject_type="request", subject_id=2, reason=REASON, now=earlier)
    new_reviewed = emergency_access_open(actor=coordinator, subject_type="request", subject_id=3, reason=REASON)
    EmergencyAccess.objects.filter(pk=new_reviewed.pk).update(reviewed_at=timezone.now(), review_note="Fine.")
    new_pending = emergency_access_open(actor=coordinator, subject_type="request", subject_id=4, reason=REASON)
    return [new_pending, old_pending, new_reviewed, reviewed]


@pytest.mark.parametrize("who", ["coordinator", "outsider"])
def test_the_list_is_refused_to_anyone_but_the_data_protection_officer(login, request, who):
    assert login(request.getfixturevalue(who)).get(list_url()).status_code == 403


def test_the_list_shows_those_not_yet_reviewed_first(login, dpo, accesses):
    response = login(dpo).get(list_url())
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].items] == [a.pk for a in accesses]
    assert response.context["unreviewed"] == 2
    assert "To review" in response.content.decode()


def test_the_list_costs_the_same_whatever_its_length(login, dpo, accesses, coordinator, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(dpo)
    client.get(list_url())
    with CaptureQueriesContext(connection) as before:
        client.get(list_url())
    for n in range(10):
        emergency_access_open(actor=coordinator, subject_type="request", subject_id=100 + n, reason=REASON)
    with django_assert_num_queries(len(before)):
        client.get(list_url())


def test_the_data_protection_officer_reviews_an_access(login, dpo, accesses):
    access = accesses[0]
    client = login(dpo)
    assert client.get(detail_url(access)).status_code == 200
    response = client.post(detail_url(access), {"note": "Checked with the police: justified."})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.reviewed_by, access.review_note) == (dpo, "Checked with the police: justified.")


def test_a_review_without_a_note_is_refused_next_to_the_field(login, dpo, accesses):
    response = login(dpo).post(detail_url(accesses[0]), {"note": ""})
    assert response.status_code == 400
    assert 'id="id_note-error"' in response.content.decode()
    accesses[0].refresh_from_db()
    assert accesses[0].reviewed_at is None


@pytest.mark.parametrize("who", ["coordinator", "outsider"])
def test_a_review_is_refused_to_anyone_but_the_data_protection_officer(login, request, accesses, who):
    response = login(request.getfixturevalue(who)).post(detail_url(accesses[0]), {"note": "Looks fine to me."})
    assert response.status_code == 403
    accesses[0].refresh_from_db()
    assert accesses[0].reviewed_at is None


def test_a_reviewed_access_shows_its_review_without_a_form(login, dpo, accesses):
    response = login(dpo).get(detail_url(accesses[2]))
    html = response.content.decode()
    assert "Fine." in html
    assert 'name="note"' not in html
