"""The agency's measure pages: who gets in, what they show, the actions, and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.measures.models import ActivityRecord, Measure, MeasureEvent, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.notifications.models import Notification
from tests.cases.factories import make_case

from .factories import accepted_measure, make_measure, make_referral, submitted_report

pytestmark = pytest.mark.django_db


def _list(case):  # type: ignore[no-untyped-def]
    return reverse("backoffice:measure_list", args=[case.pk])


def _detail(measure):  # type: ignore[no-untyped-def]
    return reverse("backoffice:measure_detail", args=[measure.case_id, measure.pk])


def _action(measure, name):  # type: ignore[no-untyped-def]
    return reverse("backoffice:measure_action", args=[measure.case_id, measure.pk, name])


def _date(prefix, day):  # type: ignore[no-untyped-def]
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


# Who gets in ---------------------------------------------------------------------------------------


def test_the_coordinator_and_the_office_head_see_the_measures(login, coordinator, office_head, case, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(case, service)
    for user in (coordinator, office_head):
        response = login(user).get(_list(case))
        assert response.status_code == 200
        assert measure.measure_type.code in response.content.decode()
        assert login(user).get(_detail(measure)).status_code == 200


def test_a_colleague_reads_but_may_not_act(login, colleague, case):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACCEPTED)
    client = login(colleague)
    page = client.get(_detail(measure))
    assert page.status_code == 200 and "Record the start" not in page.content.decode()
    assert client.get(reverse("backoffice:measure_create", args=[case.pk])).status_code == 403
    response = client.post(
        _action(measure, "start"), {"start-version": measure.version, **_date("start-started_on", dt.date(2026, 3, 2))}
    )
    assert response.status_code == 403


def test_another_offices_coordinator_gets_not_found(login, other_coordinator, case):  # type: ignore[no-untyped-def]
    measure = make_measure(case)
    client = login(other_coordinator)
    assert client.get(_list(case)).status_code == 404
    assert client.get(_detail(measure)).status_code == 404


def test_a_providers_staff_member_is_refused(login, outsider, case):  # type: ignore[no-untyped-def]
    measure = make_measure(case)
    assert login(outsider).get(_detail(measure)).status_code == 403


def test_a_measure_of_another_case_is_not_found(login, coordinator, office, case):  # type: ignore[no-untyped-def]
    other = make_case(office=office, coordinator=coordinator)
    measure = make_measure(other)
    url = reverse("backoffice:measure_detail", args=[case.pk, measure.pk])
    assert login(coordinator).get(url).status_code == 404


# Create and refer ---------------------------------------------------------------------------------


def test_the_type_list_shows_ages_and_maximum_duration(login, coordinator, case):  # type: ignore[no-untyped-def]
    page = login(coordinator).get(reverse("backoffice:measure_create", args=[case.pk])).content.decode()
    assert "At most 3 months." in page and "from 0 to 8 years" in page


def test_creating_a_measure_outside_the_age_range_keeps_the_choice_and_explains(login, coordinator, case):  # type: ignore[no-untyped-def]
    from .factories import measure_type

    early = measure_type("AMB-EARLY")
    response = login(coordinator).post(
        reverse("backoffice:measure_create", args=[case.pk]),
        {"choice": f"t{early.pk}", **_date("planned_start", dt.date(2026, 3, 1))},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "from 0 to 8 years" in page and "govuk-error-summary" in page
    assert f'value="t{early.pk}" checked' in page
    assert not Measure.objects.exists()


def test_creating_then_referring_a_measure(login, coordinator, case, service, staff, parent):  # type: ignore[no-untyped-def]
    from .factories import measure_type

    client = login(coordinator)
    response = client.post(reverse("backoffice:measure_create", args=[case.pk]), {"choice": f"t{measure_type('AMB-PSY').pk}"})
    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(measure)
    refer = reverse("backoffice:measure_refer", args=[case.pk, measure.pk])
    form = client.get(refer).content.decode()
    assert "Harbour help" in form and "The provider has not given its capacity." in form
    location = service.locations.get()
    data = {
        "version": measure.version,
        "placement": f"{service.pk}-{location.pk}",
        "shared_summary": "Weekly sessions.",
        "consent_by": parent.pk,
        "consent_method": "oral",
        **_date("consent_on", timezone.localdate()),
    }
    assert client.post(refer, data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.location, referral.consent_by) == (location, parent)
    assert Notification.objects.filter(user=staff, kind="referral_received").exists()


def test_a_future_consent_date_keeps_what_was_typed(login, coordinator, case, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(case)
    data = {
        "version": measure.version,
        "placement": str(service.pk),
        "shared_summary": "Weekly sessions after school.",
        "consent_by": parent.pk,
        "consent_method": "oral",
        **_date("consent_on", timezone.localdate() + dt.timedelta(days=2)),
    }
    response = login(coordinator).post(reverse("backoffice:measure_refer", args=[case.pk, measure.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be today or in the past" in page and "Weekly sessions after school." in page
    assert not Referral.objects.exists()


def test_a_stale_referral_says_so_and_keeps_the_input(login, coordinator, case, service, parent):  # type: ignore[no-untyped-def]
    measure = make_measure(case)
    Measure.objects.filter(pk=measure.pk).update(version=measure.version + 1)
    data = {
        "version": measure.version,
        "placement": f"{service.pk}-{service.locations.get().pk}",
        "shared_summary": "Typed before the change.",
        "consent_by": parent.pk,
        "consent_method": "oral",
        **_date("consent_on", timezone.localdate()),
    }
    response = login(coordinator).post(reverse("backoffice:measure_refer", args=[case.pk, measure.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page and "Typed before the change." in page


# Actions ---------------------------------------------------------------------------------------------


def test_recording_the_start_from_the_measure_page(login, coordinator, case, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(case, service, "STA-PRIO")
    client = login(coordinator)
    response = client.post(
        _action(measure, "start"), {"start-version": measure.version, **_date("start-started_on", dt.date(2026, 3, 1))}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.ends_on) == (MeasureStatus.ACTIVE, dt.date(2026, 6, 1))
    page = client.get(_detail(measure)).content.decode()
    assert "This measure cannot be renewed" in page and "Renew the measure" not in page


def test_a_stale_action_is_refused_with_a_message(login, coordinator, case, service):  # type: ignore[no-untyped-def]
    measure = accepted_measure(case, service)
    response = login(coordinator).post(
        _action(measure, "start"), {"start-version": measure.version - 1, **_date("start-started_on", dt.date(2026, 3, 1))}
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()


def test_an_action_without_its_reason_shows_the_error_next_to_the_field(login, coordinator, case, service):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 3, 1))
    response = login(coordinator).post(_action(measure, "suspend"), {"suspend-version": measure.version, "suspend-reason": ""})
    assert response.status_code == 400
    assert 'href="#id_suspend-reason"' in response.content.decode()


def test_an_unknown_action_is_not_found(login, coordinator, case):  # type: ignore[no-untyped-def]
    measure = make_measure(case)
    assert login(coordinator).post(_action(measure, "explode"), {}).status_code == 404


def test_the_page_shows_the_waiting_list_position(login, coordinator, case, service):  # type: ignore[no-untyped-def]
    now = timezone.now()
    make_referral(make_measure(case), service, ReferralStatus.WAITING, waiting_since=now - dt.timedelta(days=5))
    measure = make_measure(case, status=MeasureStatus.WAITING)
    make_referral(measure, service, ReferralStatus.WAITING, waiting_since=now)
    page = login(coordinator).get(_detail(measure)).content.decode()
    assert "Position 2 on the waiting list" in page


# Reports ---------------------------------------------------------------------------------------------


def test_validating_a_report_from_its_page(login, coordinator, case, service, staff):  # type: ignore[no-untyped-def]
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 3, 2), provider=service.provider)
    report = submitted_report(measure, staff)
    client = login(coordinator)
    url = reverse("backoffice:measure_report", args=[case.pk, measure.pk, report.pk])
    assert "Settling in." in client.get(url).content.decode()
    review = reverse("backoffice:measure_report_review", args=[case.pk, measure.pk, report.pk])
    response = client.post(review, {"version": report.version, "decision": "return", "reason": ""})
    assert response.status_code == 400
    response = client.post(review, {"version": report.version, "decision": "validate"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    assert measure.reports.filter(kind=ReportKind.PROGRESS, status=ReportStatus.DRAFT).exists()


# Queries ---------------------------------------------------------------------------------------------


def _fill(case, service, count):  # type: ignore[no-untyped-def]
    for i in range(count):
        measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 1, 5), provider=service.provider)
        make_referral(make_measure(case, status=MeasureStatus.REFERRED), service)
        MeasureEvent.objects.create(measure=measure, kind="started")
        ActivityRecord.objects.create(measure=measure, month=dt.date(2026, 1 + i % 12, 1), days=3, recorded_by=case.coordinator)


def test_the_list_reads_a_fixed_number_of_queries(login, coordinator, case, service, django_assert_num_queries):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    _fill(case, service, 2)
    client.get(_list(case))
    with django_assert_num_queries(11) as first:
        client.get(_list(case))
    _fill(case, service, 6)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(_list(case)).status_code == 200


def test_the_measure_page_reads_a_fixed_number_of_queries(login, coordinator, case, service, staff, django_assert_num_queries):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    measure = make_measure(case, status=MeasureStatus.ACTIVE, started_on=dt.date(2025, 1, 6), provider=service.provider)
    make_referral(measure, service, ReferralStatus.ACCEPTED)
    client.get(_detail(measure))
    with django_assert_num_queries(16) as first:
        client.get(_detail(measure))
    for month in range(1, 13):
        ActivityRecord.objects.create(measure=measure, month=dt.date(2025, month, 1), hours=4, recorded_by=coordinator)
        MeasureEvent.objects.create(measure=measure, kind="resumed", actor=coordinator)
        submitted_report(measure, staff, due_on=dt.date(2025, month, 2))
    make_referral(measure, service, ReferralStatus.DECLINED)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(_detail(measure)).status_code == 200


def test_a_planned_measure_cannot_be_started_from_its_page(login, coordinator, case):  # type: ignore[no-untyped-def]
    """Only a placement's admission starts a planned measure (the table's direct transition)."""
    measure = make_measure(case, "STA-PRIO")
    client = login(coordinator)
    assert "Record the start" not in client.get(_detail(measure)).content.decode()
    response = client.post(
        _action(measure, "start"), {"start-version": measure.version, **_date("start-started_on", dt.date(2026, 3, 2))}
    )
    measure.refresh_from_db()
    assert response.status_code == 409 and measure.status == MeasureStatus.PLANNED
