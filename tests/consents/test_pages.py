"""The case's consent page, its forms and actions: who reaches them, what a form keeps on an
error, and how many queries they cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.cases.models import CaseTask
from openaef.consents.models import Complaint, ConsentRequest, EverydayAct
from openaef.consents.states import ComplaintStatus, ConsentStatus
from tests.cases.factories import make_case
from tests.people.factories import PersonFactory

from .factories import make_complaint, make_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def page_url(case):
    return reverse("backoffice:consent_page", args=[case.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("office_head", 200),
        ("colleague", 200),
        ("other_coordinator", 404),
        ("outsider", 403),
        ("intake_officer", 403),
    ],
)
def test_who_reaches_the_consent_page(login, case, who, status, request):
    assert login(request.getfixturevalue(who)).get(page_url(case)).status_code == status


def test_an_anonymous_visitor_is_sent_to_the_login(client, case):
    response = client.get(page_url(case))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_reader_sees_no_add_buttons_and_cannot_post(login, case, colleague):
    client = login(colleague)
    body = client.get(page_url(case)).content.decode()
    assert "Read-only" in body and reverse("backoffice:consent_request_create", args=[case.pk]) not in body
    assert client.get(reverse("backoffice:consent_request_create", args=[case.pk])).status_code == 403
    assert client.post(reverse("backoffice:complaint_create", args=[case.pk]), {}).status_code == 403


def test_the_page_costs_the_same_with_more_records(login, case, parents, coordinator, django_assert_num_queries):
    client = login(coordinator)
    make_request(case, parents)
    make_complaint(case, parents[0])
    client.get(page_url(case))
    with django_assert_num_queries(14) as first:
        client.get(page_url(case))
    for _ in range(4):
        make_request(case, parents)
        make_complaint(case, parents[1])
        EverydayAct.objects.create(case=case, on=TODAY, kind="school", what="Trip.", decided_by="Foyer", recorded_by=coordinator)
    with django_assert_num_queries(len(first)):
        response = client.get(page_url(case))
    assert response.content.decode().count("Tonsils") == 0  # the description stays on the request's page
    assert len(response.context["requests"]) == 5


def test_a_request_with_errors_keeps_what_was_typed(login, case, parents, coordinator):
    response = login(coordinator).post(
        reverse("backoffice:consent_request_create", args=[case.pk]),
        {
            "act_kind": "surgery",
            "description": "Appendix operation at the CHL.",
            "asked_of": [str(parents[0].pk)],
            **_date("asked_on", TODAY),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Appendix operation at the CHL." in body
    assert "Enter the date by which the parents should answer." in body
    assert 'class="govuk-error-summary"' in body
    assert f'value="{parents[0].pk}"' in body and "checked" in body
    assert not ConsentRequest.objects.exists()


def test_a_request_is_recorded_from_the_form(login, case, parents, coordinator):
    response = login(coordinator).post(
        reverse("backoffice:consent_request_create", args=[case.pk]),
        {
            "act_kind": "school_orientation",
            "description": "Move to a technical school.",
            "asked_of": [str(p.pk) for p in parents],
            **_date("asked_on", TODAY),
            **_date("deadline_on", TODAY + dt.timedelta(days=10)),
        },
    )
    assert response.status_code == 302
    request = ConsentRequest.objects.get()
    assert request.deadline_on == TODAY + dt.timedelta(days=10) and request.asked_of.count() == 2


def test_with_a_pack_rule_the_form_asks_no_deadline(login, case, parents, coordinator, with_rules):
    with_rules(answer_within="calendar_days:15")
    client = login(coordinator)
    assert "deadline_on" not in client.get(reverse("backoffice:consent_request_create", args=[case.pk])).content.decode()


def test_the_answers_decide_the_request_from_its_page(login, case, parents, coordinator, django_assert_num_queries):
    request = make_request(case, parents, asked_on=TODAY - dt.timedelta(days=2))
    client = login(coordinator)
    url = reverse("backoffice:consent_request_detail", args=[case.pk, request.pk])
    client.get(url)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    action = reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "answer"])
    for version, parent in enumerate(parents, start=1):
        data = {
            "answer-version": version,
            "answer-person": parent.pk,
            "answer-answer": "agree",
            "answer-how": "phone",
            **_date("answer-on", TODAY),
        }
        assert client.post(action, data).status_code == 302
    request.refresh_from_db()
    assert request.status == ConsentStatus.AGREED


def test_an_answer_with_errors_comes_back_on_the_page(login, case, parents, coordinator):
    request = make_request(case, parents, asked_on=TODAY - dt.timedelta(days=2))
    action = reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "answer"])
    response = login(coordinator).post(
        action, {"answer-version": 1, "answer-person": parents[0].pk, "answer-note": "Called twice."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Called twice." in body and "Choose whether the parent agrees or refuses." in body


def test_a_stale_form_is_refused_with_the_current_state(login, case, parents, coordinator):
    request = make_request(case, parents, asked_on=TODAY - dt.timedelta(days=2))
    action = reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "withdraw"])
    response = login(coordinator).post(action, {"withdraw-version": 0, "withdraw-reason": "Not needed."})
    assert response.status_code == 409
    assert "Not needed." in response.content.decode()


def test_the_court_referral_is_offered_only_in_a_judicial_case(login, case, parents, coordinator):
    request = make_request(case, parents, status=ConsentStatus.REFUSED)
    url = reverse("backoffice:consent_request_detail", args=[case.pk, request.pk])
    client = login(coordinator)
    assert "Refer to the court" not in client.get(url).content.decode()
    case.framework = "judicial"
    case.save(update_fields=["framework"])
    assert "Refer to the court" in client.get(url).content.decode()
    action = reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "refer"])
    assert client.post(action, {"refer-version": 1, **_date("refer-referred_on", TODAY)}).status_code == 302
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFERRED


def test_a_request_of_another_case_is_not_found(login, case, parents, coordinator, office):
    other = make_case(office=office, coordinator=coordinator, child=PersonFactory())
    request = make_request(other, [])
    client = login(coordinator)
    assert client.get(reverse("backoffice:consent_request_detail", args=[case.pk, request.pk])).status_code == 404
    assert client.get(reverse("backoffice:complaint_detail", args=[case.pk, 999999])).status_code == 404
    assert client.post(reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "bogus"])).status_code == 404


def test_an_everyday_act_is_recorded_and_listed(login, case, coordinator):
    client = login(coordinator)
    data = {"kind": "health", "what": "Dentist check-up.", "decided_by": "Foyer Test", **_date("on", TODAY)}
    assert client.post(reverse("backoffice:everyday_act_create", args=[case.pk]), data).status_code == 302
    assert "Dentist check-up." in client.get(page_url(case)).content.decode()
    response = client.post(reverse("backoffice:everyday_act_create", args=[case.pk]), {"what": "Swimming club."})
    assert response.status_code == 400 and "Swimming club." in response.content.decode()


def test_a_complaint_is_recorded_assigned_and_answered_by_the_assignee(login, case, parents, coordinator, colleague):
    client = login(coordinator)
    data = {"from_person": parents[0].pk, "about": "Visits too rare.", **_date("received_on", TODAY)}
    assert client.post(reverse("backoffice:complaint_create", args=[case.pk]), data).status_code == 302
    complaint = Complaint.objects.get()
    assign = reverse("backoffice:complaint_action", args=[case.pk, complaint.pk, "assign"])
    response = client.post(assign, {"assign-version": 1, "assign-assignee": colleague.pk})
    assert response.status_code == 400 and "Enter the date the answer is due." in response.content.decode()
    due = TODAY + dt.timedelta(days=30)
    assert (
        client.post(
            assign, {"assign-version": 1, "assign-assignee": colleague.pk, **_date("assign-answer_due_on", due)}
        ).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert CaseTask.objects.get(pk=complaint.answer_task_id).assigned_to == colleague

    theirs = login(colleague)
    detail = theirs.get(reverse("backoffice:complaint_detail", args=[case.pk, complaint.pk])).content.decode()
    assert "Record the answer" in detail and "Assign to a coordinator" not in detail
    answer = reverse("backoffice:complaint_action", args=[case.pk, complaint.pk, "answer"])
    assert theirs.post(assign, {"assign-version": 2, "assign-assignee": colleague.pk}).status_code == 403
    data = {"answer-version": 2, "answer-answer": "Weekly visits from May.", **_date("answer-answered_on", TODAY)}
    assert theirs.post(answer, data).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED and complaint.answered_by == colleague


def test_a_reader_who_is_not_the_assignee_cannot_answer_from_the_page(login, case, parents, colleague, office):
    complaint = make_complaint(case, parents[0], status=ComplaintStatus.ASSIGNED, assigned_to=case.coordinator)
    answer = reverse("backoffice:complaint_action", args=[case.pk, complaint.pk, "answer"])
    data = {"answer-version": 1, "answer-answer": "x", **_date("answer-answered_on", TODAY)}
    assert login(colleague).post(answer, data).status_code == 403
