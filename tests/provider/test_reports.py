"""Reports: drafted by the provider, sent to the agency, changed again only when sent back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openaef.cases.models import CaseEvent, CaseEventKind
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.measures.models import ProviderReport
from openaef.measures.services_provider import report_save_draft, report_submit
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.notifications.models import Notification, NotificationKind

from .factories import make_referral

pytestmark = pytest.mark.django_db

FULL = {"situation": "Léa goes to school.", "needs": "Evenings.", "objectives": "Homework alone.", "progress": ""}


@pytest.fixture
def measure(running_referral):  # type: ignore[no-untyped-def]
    return running_referral.measure


def test_the_first_report_is_the_initial_one_then_progress(provider_staff, measure):  # type: ignore[no-untyped-def]
    first = report_save_draft(actor=provider_staff, measure=measure, drafted_with_family=True, **FULL)
    assert first.kind == ReportKind.INITIAL and first.status == ReportStatus.DRAFT
    second = report_save_draft(actor=provider_staff, measure=measure, progress="Going well.", situation="Fine.")
    assert second.kind == ReportKind.PROGRESS


def test_the_initial_report_of_such_a_measure_must_be_drafted_with_the_family(provider_staff, measure):  # type: ignore[no-untyped-def]
    assert measure.measure_type.initial_report_with_family
    draft = report_save_draft(actor=provider_staff, measure=measure, **FULL)
    with pytest.raises(ValidationError) as error:
        report_submit(actor=provider_staff, report=draft, expected_version=draft.version)
    assert "drafted with the family" in str(error.value.message_dict["drafted_with_family"])
    assert ProviderReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_another_measure_types_initial_report_needs_no_family(provider_staff, case, service):  # type: ignore[no-untyped-def]
    measure = make_referral(
        case=case, service=service, code="AMB-PSY", status=ReferralStatus.ACCEPTED, measure_status=MeasureStatus.ACTIVE
    ).measure
    draft = report_save_draft(actor=provider_staff, measure=measure, **FULL)
    assert report_submit(actor=provider_staff, report=draft, expected_version=draft.version).status == ReportStatus.SUBMITTED


def test_an_empty_report_cannot_be_sent(provider_staff, measure):  # type: ignore[no-untyped-def]
    draft = report_save_draft(actor=provider_staff, measure=measure, drafted_with_family=True)
    with pytest.raises(ValidationError) as error:
        report_submit(actor=provider_staff, report=draft, expected_version=draft.version)
    assert set(error.value.message_dict) == {"situation", "needs", "objectives"}


def test_sending_records_it_and_tells_the_coordinator(provider_staff, measure, coordinator):  # type: ignore[no-untyped-def]
    draft = report_save_draft(actor=provider_staff, measure=measure, drafted_with_family=True, **FULL)
    sent = report_submit(actor=provider_staff, report=draft, expected_version=draft.version)
    assert sent.status == ReportStatus.SUBMITTED and sent.submitted_at
    event = CaseEvent.objects.get(case=measure.case, kind=CaseEventKind.REPORT)
    assert event.data["to"] == ReportStatus.SUBMITTED and event.summary == ReportKind.INITIAL
    notification = Notification.objects.get(user=coordinator, kind=NotificationKind.REPORT_RECEIVED)
    assert notification.params == {"reference": measure.case.reference}


def test_a_sent_report_cannot_be_changed_until_sent_back(provider_staff, measure):  # type: ignore[no-untyped-def]
    draft = report_save_draft(actor=provider_staff, measure=measure, drafted_with_family=True, **FULL)
    sent = report_submit(actor=provider_staff, report=draft, expected_version=draft.version)
    with pytest.raises(TransitionNotAllowed):
        report_save_draft(actor=provider_staff, measure=measure, report=sent, expected_version=sent.version, **FULL)
    with pytest.raises(TransitionNotAllowed):
        report_submit(actor=provider_staff, report=sent, expected_version=sent.version)
    ProviderReport.objects.filter(pk=sent.pk).update(status=ReportStatus.RETURNED, return_reason="Add the school's view.")
    returned = ProviderReport.objects.get(pk=sent.pk)
    changed = report_save_draft(
        actor=provider_staff,
        measure=measure,
        report=returned,
        expected_version=returned.version,
        drafted_with_family=True,
        **FULL,
    )
    assert report_submit(actor=provider_staff, report=changed, expected_version=changed.version).status == ReportStatus.SUBMITTED


def test_a_stale_draft_is_refused(provider_staff, measure):  # type: ignore[no-untyped-def]
    draft = report_save_draft(actor=provider_staff, measure=measure, **FULL)
    report_save_draft(actor=provider_staff, measure=measure, report=draft, expected_version=draft.version, **FULL)
    with pytest.raises(StaleVersion):
        report_save_draft(actor=provider_staff, measure=measure, report=draft, expected_version=draft.version, **FULL)


def test_the_pages_write_save_and_send_a_report(login, provider_staff, measure, coordinator):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    response = client.post(reverse("backoffice:provider_report_new", args=[measure.pk]), FULL)
    report = ProviderReport.objects.get(measure=measure)
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:provider_report_edit", args=[report.pk])
    send = reverse("backoffice:provider_report_submit", args=[report.pk])
    assert "Send the report to the agency?" in client.get(send).content.decode()
    # Not drafted with the family: refused, the reason linked to the box on the report.
    response = client.post(send, {"version": report.version})
    assert response.status_code == 400 and "drafted with the family" in response.content.decode()
    client.post(
        reverse("backoffice:provider_report_edit", args=[report.pk]),
        {**FULL, "drafted_with_family": "on", "version": report.version},
    )
    report.refresh_from_db()
    response = client.post(send, {"version": report.version}, follow=True)
    assert "govuk-notification-banner--success" in response.content.decode()
    assert ProviderReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_a_returned_report_shows_why(login, provider_staff, measure):  # type: ignore[no-untyped-def]
    report = ProviderReport.objects.create(
        measure=measure, kind=ReportKind.INITIAL, status=ReportStatus.RETURNED, return_reason="Add the school's view."
    )
    html = login(provider_staff).get(reverse("backoffice:provider_report_edit", args=[report.pk])).content.decode()
    assert "Add the school&#x27;s view." in html
