"""One referral as a provider sees it: the minimum, and the answer forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent, AuditEventPerson
from openaef.measures.models import Referral
from openaef.measures.states import MeasureStatus, ReferralStatus
from openaef.notifications.models import Notification, NotificationKind

from .conftest import CASE_SUMMARY, CHILD_ADDRESS, JOURNAL_TEXT
from .factories import make_measure

pytestmark = pytest.mark.django_db


def _page(client, referral):  # type: ignore[no-untyped-def]
    return client.get(reverse("backoffice:provider_referral_detail", args=[referral.pk]))


def test_it_shows_the_minimum_the_provider_needs(login, provider_staff, referral, coordinator, office):  # type: ignore[no-untyped-def]
    html = _page(login(provider_staff), referral).content.decode()
    assert referral.shared_summary in html
    assert "Léa S." in html and "2015" in html
    assert "Portuguese" in html or "portugais" in html
    assert coordinator.full_name in html
    assert office.phone in html if office.phone else True
    # The consent: who by their part in the case (the mother is a parent), how and when.
    assert "Parent" in html


def test_it_shows_nothing_else_of_the_case(login, provider_staff, referral, case):  # type: ignore[no-untyped-def]
    make_measure(case=case, code="AMB-PSY", status=MeasureStatus.PLANNED)  # another measure of the case
    html = _page(login(provider_staff), referral).content.decode()
    assert CASE_SUMMARY not in html
    assert JOURNAL_TEXT not in html
    assert "Schmit" not in html  # the surname: its initial only
    assert CHILD_ADDRESS not in html
    assert "Ana" not in html  # the mother's name: her part in the case only
    assert "17/05/2015" not in html and "17 mai 2015" not in html and "May 17, 2015" not in html
    assert "Psycho" not in html  # the other measure


def test_the_read_is_logged_naming_the_child(login, provider_staff, referral, case):  # type: ignore[no-untyped-def]
    _page(login(provider_staff), referral)
    event = AuditEvent.objects.filter(actor=provider_staff, action=AuditAction.READ, object_type="measures.referral").get()
    assert list(AuditEventPerson.objects.filter(event=event).values_list("person_id", flat=True)) == [case.child_id]


def test_the_page_costs_a_fixed_number_of_queries(login, provider_staff, referral, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    with django_assert_max_num_queries(14):
        assert _page(client, referral).status_code == 200


def test_accepting_says_so_and_tells_the_coordinator(login, provider_staff, referral, coordinator):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_referral_accept", args=[referral.pk])
    response = client.post(
        url,
        {
            "accept-version": referral.version,
            "accept-expected_start_day": "1",
            "accept-expected_start_month": "12",
            "accept-expected_start_year": "2026",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.expected_start.isoformat() == "2026-12-01"
    notification = Notification.objects.get(user=coordinator)
    assert notification.kind == NotificationKind.REFERRAL_ACCEPTED
    assert notification.params["reference"] == referral.measure.case.reference
    assert "Léa" not in str(notification.params)


def test_declining_needs_a_reason(login, provider_staff, referral):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_referral_decline", args=[referral.pk])
    response = client.post(url, {"decline-version": referral.version, "decline-reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Say why you decline the referral." in html
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_declining_with_a_reason_plans_the_measure_again(login, provider_staff, referral):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_referral_decline", args=[referral.pk])
    response = client.post(url, {"decline-version": referral.version, "decline-reason": "No place before summer."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "No place before summer."
    assert referral.measure.status == MeasureStatus.PLANNED


def test_a_stale_answer_is_refused_and_shown_again(login, provider_staff, referral):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_referral_waitlist", args=[referral.pk])
    Referral.objects.filter(pk=referral.pk).update(version=5)
    response = client.post(url, {"waitlist-version": 1})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_waiting_list_answer_shows_the_position(login, provider_staff, referral):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    url = reverse("backoffice:provider_referral_waitlist", args=[referral.pk])
    html = client.post(url, {"waitlist-version": referral.version}, follow=True).content.decode()
    assert "position 1" in html
    assert "Position 1 on the waiting list" in html
