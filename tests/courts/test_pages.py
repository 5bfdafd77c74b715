"""The court pages: who gets in, forms that keep what was typed, version conflicts, time limits
that are not set, the administrators' page, and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.cases import deadlines
from openaef.courts.models import CourtDeadlineSetting, Hearing, JudicialDecision, LegalRemedy, OrderedMeasure
from openaef.directory.models import MeasureType
from tests.cases.factories import make_case

from .factories import date_fields, make_decision, make_hearing, make_remedy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NO_APPEAL_LIMIT = "No time limit is set for appeals: an administrator must set it."


def _court(case):  # type: ignore[no-untyped-def]
    return reverse("backoffice:court_page", args=[case.pk])


def _detail(decision):  # type: ignore[no-untyped-def]
    return reverse("backoffice:court_decision_detail", args=[decision.case_id, decision.pk])


def _decision_post(**changes):  # type: ignore[no-untyped-def]
    data = {
        "kind": "provisional",
        "authority": "judge",
        "court": "TJ-LUX",
        "decided_by_name": "Judge Weber",
        "court_reference": "JEU-2026-17",
        "summary": "Priority placement.",
        **date_fields("decided_on", TODAY - dt.timedelta(days=2)),
        **date_fields("review_on", TODAY + dt.timedelta(days=60)),
    }
    data.update(changes)
    return data


# Who gets in ---------------------------------------------------------------------------------


def test_the_coordinator_and_the_office_head_see_the_court_page(login, coordinator, office_head, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case, court_reference="JEU-2026-17")
    for user in (coordinator, office_head):
        client = login(user)
        page = client.get(_court(case))
        assert page.status_code == 200 and "JEU-2026-17" in page.content.decode()
        assert client.get(_detail(decision)).status_code == 200
        assert client.get(reverse("backoffice:court_decision_add", args=[case.pk])).status_code == 200


def test_a_colleague_reads_but_may_not_record(login, colleague, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case)
    client = login(colleague)
    page = client.get(_detail(decision))
    assert page.status_code == 200 and "Change the decision" not in page.content.decode()
    assert client.get(reverse("backoffice:court_decision_add", args=[case.pk])).status_code == 403
    assert client.post(reverse("backoffice:court_decision_add", args=[case.pk]), _decision_post()).status_code == 403
    assert JudicialDecision.objects.count() == 1


def test_a_case_outside_ones_scope_is_not_found(login, other_coordinator, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case)
    client = login(other_coordinator)
    assert client.get(_court(case)).status_code == 404
    assert client.get(_detail(decision)).status_code == 404
    assert client.post(reverse("backoffice:court_decision_add", args=[case.pk]), _decision_post()).status_code == 404


def test_someone_without_the_permission_is_refused(login, outsider, intake_officer, administrator, case):  # type: ignore[no-untyped-def]
    for user in (outsider, intake_officer, administrator):
        assert login(user).get(_court(case)).status_code == 403


def test_a_decision_of_another_case_is_not_found(login, coordinator, office, case):  # type: ignore[no-untyped-def]
    other = make_case(office=office, coordinator=coordinator)
    decision = make_decision(other)
    url = reverse("backoffice:court_decision_detail", args=[case.pk, decision.pk])
    assert login(coordinator).get(url).status_code == 404


# Decisions -----------------------------------------------------------------------------------


def test_recording_a_decision_through_the_page(login, coordinator, case):  # type: ignore[no-untyped-def]
    response = login(coordinator).post(reverse("backoffice:court_decision_add", args=[case.pk]), _decision_post())
    decision = JudicialDecision.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(decision)
    assert decision.court_reference == "JEU-2026-17" and decision.review_task is not None


def test_a_decision_with_mistakes_keeps_what_was_typed(login, coordinator, case):  # type: ignore[no-untyped-def]
    data = _decision_post(decided_on_day="", decided_on_month="", decided_on_year="", court_reference="JEU-KEEP-1")
    response = login(coordinator).post(reverse("backoffice:court_decision_add", args=[case.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter the date of the decision." in page
    assert 'value="JEU-KEEP-1"' in page and 'value="provisional" checked' in page
    assert not JudicialDecision.objects.exists()


def test_a_service_error_is_shown_by_its_field(login, coordinator, case):  # type: ignore[no-untyped-def]
    data = _decision_post(**date_fields("notified_on", TODAY - dt.timedelta(days=10)))
    response = login(coordinator).post(reverse("backoffice:court_decision_add", args=[case.pk]), data)
    assert response.status_code == 400
    assert "The date of notification must be on or after the date of the decision." in response.content.decode()


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(login, coordinator, office_head, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case, decided_on=TODAY - dt.timedelta(days=2), summary="First.")
    url = reverse("backoffice:court_decision_edit", args=[case.pk, decision.pk])
    assert login(office_head).post(url, _decision_post(version=1, summary="Bob's change.")).status_code == 302
    response = login(coordinator).post(url, _decision_post(version=1, summary="Carla's change."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "Carla&#x27;s change." in page and "Bob&#x27;s change." in page
    assert 'name="version" value="2"' in page
    assert JudicialDecision.objects.get().summary == "Bob's change."


# Measures ordered, remedies, hearings ---------------------------------------------------------


def test_adding_and_removing_a_measure_ordered(login, coordinator, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case)
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    client = login(coordinator)
    url = reverse("backoffice:court_order_add", args=[case.pk, decision.pk])
    assert client.post(url, {"measure_type": ""}).status_code == 400
    assert client.post(url, {"measure_type": prio.pk, "note": "Three months"}).status_code == 302
    ordered = OrderedMeasure.objects.get()
    assert "Three months" in client.get(_detail(decision)).content.decode()
    remove = reverse("backoffice:court_order_remove", args=[case.pk, decision.pk, ordered.pk])
    assert client.post(remove).status_code == 302
    assert not OrderedMeasure.objects.exists()


def test_recording_an_appeal_without_a_time_limit_says_so(login, coordinator, case):  # type: ignore[no-untyped-def]
    decision = make_decision(case, decided_on=TODAY - dt.timedelta(days=2))
    client = login(coordinator)
    url = reverse("backoffice:court_remedy_add", args=[case.pk, decision.pk])
    assert NO_APPEAL_LIMIT in client.get(url).content.decode()
    response = client.post(url, {"kind": "appeal", "lodged_by_person": case.child_id, **date_fields("lodged_on", TODAY)})
    assert response.status_code == 302
    remedy = LegalRemedy.objects.get()
    assert remedy.deadline_on is None
    assert NO_APPEAL_LIMIT in client.get(_detail(decision)).content.decode()


def test_recording_the_outcome_of_a_request(login, coordinator, case):  # type: ignore[no-untyped-def]
    remedy = make_remedy(make_decision(case, decided_on=TODAY - dt.timedelta(days=9)), kind="lift")
    url = reverse("backoffice:court_remedy_close", args=[case.pk, remedy.decision_id, remedy.pk])
    client = login(coordinator)
    response = client.post(url, {"version": 1, "status": "decided", **date_fields("decided_on", TODAY)})
    assert response.status_code == 400 and "Write what the court decided." in response.content.decode()
    response = client.post(url, {"version": 1, "status": "decided", "outcome": "Lifted.", **date_fields("decided_on", TODAY)})
    assert response.status_code == 302
    assert LegalRemedy.objects.get().status == "decided"


def test_recording_and_moving_a_hearing(login, coordinator, case):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    day = TODAY + dt.timedelta(days=14)
    data = {"court": "TJ-DIEK", "purpose": "Review of the measure", "time": "09:30", **date_fields("day", day)}
    assert client.post(reverse("backoffice:court_hearing_add", args=[case.pk]), {**data, "time": "9h"}).status_code == 400
    assert client.post(reverse("backoffice:court_hearing_add", args=[case.pk]), data).status_code == 302
    hearing = Hearing.objects.get()
    assert timezone.localtime(hearing.at).strftime("%H:%M") == "09:30" and hearing.task.due_on == day
    later = day + dt.timedelta(days=7)
    edit = reverse("backoffice:court_hearing_edit", args=[case.pk, hearing.pk])
    assert client.post(edit, {**data, "version": 1, **date_fields("day", later)}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.task.due_on == later
    assert "Review of the measure" in client.get(_court(case)).content.decode()


# Time limits --------------------------------------------------------------------------------


def test_without_a_time_limit_the_court_page_computes_no_date(login, coordinator, case):  # type: ignore[no-untyped-def]
    make_decision(case)
    page = login(coordinator).get(_court(case)).content.decode()
    assert NO_APPEAL_LIMIT in page and "Not set" in page


def test_the_time_limits_page_is_for_administrators(login, administrator, coordinator, office_head):  # type: ignore[no-untyped-def]
    url = reverse("backoffice:court_time_limits")
    page = login(administrator).get(url)
    assert page.status_code == 200 and NO_APPEAL_LIMIT in page.content.decode()
    assert "section 27" in page.content.decode()
    for user in (coordinator, office_head):
        assert login(user).get(url).status_code == 403


def test_an_administrators_setting_gives_the_latest_day_to_appeal(login, administrator, coordinator, case):  # type: ignore[no-untyped-def]
    notified = TODAY - dt.timedelta(days=1)
    decision = make_decision(case, decided_on=TODAY - dt.timedelta(days=4), notified_on=notified)
    url = reverse("backoffice:court_time_limits")
    response = login(administrator).post(url, {"kind": "appeal", "appeal-unit": "calendar_days", "appeal-count": ""})
    assert response.status_code == 400 and "Enter how many days or months." in response.content.decode()
    response = login(administrator).post(url, {"kind": "appeal", "appeal-unit": "calendar_days", "appeal-count": "15"})
    assert response.status_code == 302
    assert CourtDeadlineSetting.objects.get().rule == "calendar_days:15"
    latest = deadlines.compute_due("calendar_days:15", notified)
    page = login(coordinator).get(_detail(decision)).content.decode()
    assert NO_APPEAL_LIMIT not in page
    assert latest.strftime("%Y") in page and str(latest.day) in page
    # Cleared: back to no time limit.
    login(administrator).post(url, {"kind": "appeal", "appeal-unit": "", "appeal-count": ""})
    assert not CourtDeadlineSetting.objects.exists()
    assert NO_APPEAL_LIMIT in login(coordinator).get(_detail(decision)).content.decode()


# Queries ------------------------------------------------------------------------------------


def _fill(case, count):  # type: ignore[no-untyped-def]
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    for i in range(count):
        decision = make_decision(case, decided_on=dt.date(2025, 1 + i % 12, 3), review_on=dt.date(2027, 1, 5))
        OrderedMeasure.objects.create(decision=decision, measure_type=prio, created_by=case.coordinator)
        make_remedy(decision)
        make_hearing(case, decision=decision)


def test_the_court_page_reads_a_fixed_number_of_queries(login, coordinator, case, django_assert_num_queries):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    _fill(case, 2)
    client.get(_court(case))
    with django_assert_num_queries(14) as first:
        client.get(_court(case))
    _fill(case, 6)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(_court(case)).status_code == 200


def test_the_decision_page_reads_a_fixed_number_of_queries(login, coordinator, case, django_assert_num_queries):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    decision = make_decision(case)
    client.get(_detail(decision))
    with django_assert_num_queries(13) as first:
        client.get(_detail(decision))
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    for _i in range(5):
        OrderedMeasure.objects.create(decision=decision, measure_type=prio, created_by=coordinator)
        make_remedy(decision, lodged_by_name="", lodged_by_person=case.child)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(_detail(decision)).status_code == 200
