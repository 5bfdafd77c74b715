"""Recording the court's ruling from a referred request's page, and the outcome shown on the
request's page and on the case's list of consents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.consents.states import ConsentStatus, CourtRuling
from openaef.courts.models import Authority, DecisionKind, JudicialDecision

from .factories import make_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REFERRED_ON = TODAY - dt.timedelta(days=10)
RADIO = 'name="court_decision-ruling" type="radio"'


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.fixture
def referred(case, parents):  # type: ignore[no-untyped-def]
    case.framework = "judicial"
    case.save(update_fields=["framework"])
    return make_request(
        case, parents, status=ConsentStatus.REFERRED, asked_on=TODAY - dt.timedelta(days=30), referred_on=REFERRED_ON
    )


def detail_url(request):
    return reverse("backoffice:consent_request_detail", args=[request.case_id, request.pk])


def action_url(request):
    return reverse("backoffice:consent_request_action", args=[request.case_id, request.pk, "court_decision"])


def test_a_referred_request_offers_the_two_rulings(login, coordinator, referred):
    body = login(coordinator).get(detail_url(referred)).content.decode()
    assert "Record the court&#x27;s decision" in body
    assert f'{RADIO} value="allowed">' in body and "The court allowed it" in body
    assert f'{RADIO} value="refused">' in body and "The court refused it" in body
    assert "Not recorded yet" in body


def test_a_ruling_with_errors_keeps_what_was_typed(login, coordinator, referred):
    response = login(coordinator).post(
        action_url(referred),
        {"court_decision-version": 1, "court_decision-court_reference": "TJ-2026-5", **_date("court_decision-decided_on", TODAY)},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="govuk-error-summary"' in body
    assert 'id="id_court_decision-ruling-error"' in body
    assert "Choose whether the court allowed the act or refused it." in body
    assert 'value="TJ-2026-5"' in body and f'value="{TODAY.year}"' in body
    assert '<details class="govuk-details" open>' in body
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_a_date_the_service_refuses_is_shown_next_to_the_field_with_the_choice_kept(login, coordinator, referred):
    future = TODAY + dt.timedelta(days=3)
    response = login(coordinator).post(
        action_url(referred),
        {
            "court_decision-version": 1,
            "court_decision-ruling": "refused",
            "court_decision-court_reference": "TJ-2026-5",
            **_date("court_decision-decided_on", future),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date must be today or in the past." in body and 'id="id_court_decision-decided_on-error"' in body
    assert f'{RADIO} value="refused" checked>' in body
    assert 'value="TJ-2026-5"' in body


def test_a_stale_ruling_is_refused_with_what_was_typed(login, coordinator, referred):
    response = login(coordinator).post(
        action_url(referred),
        {
            "court_decision-version": 0,
            "court_decision-ruling": "allowed",
            "court_decision-court_reference": "TJ-2026-5",
            **_date("court_decision-decided_on", TODAY),
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'value="TJ-2026-5"' in body and f'{RADIO} value="allowed" checked>' in body
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_the_court_refused_it_shows_on_the_request_and_the_case_list(login, coordinator, referred, case):
    client = login(coordinator)
    decision = JudicialDecision.objects.create(
        case=case,
        kind=DecisionKind.JUDGMENT,
        authority=Authority.JUDGE,
        court="Tribunal de la jeunesse",
        court_reference="TJ-2026-9",
        decided_on=TODAY,
        created_by=coordinator,
    )
    data = {"court_decision-version": 1, "court_decision-ruling": "refused", "court_decision-decision": decision.pk}
    response = client.post(action_url(referred), data)
    assert response.status_code == 302
    referred.refresh_from_db()
    assert (referred.status, referred.court_ruling, referred.court_decision) == (
        ConsentStatus.COURT_REFUSED,
        CourtRuling.REFUSED,
        decision,
    )
    body = client.get(detail_url(referred)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Refused by the court</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--red">The court refused it</strong>' in body
    assert "it may not go ahead" in body and "TJ-2026-9" in body
    assert "court_decision-ruling" not in body  # nothing left to do
    page = client.get(reverse("backoffice:consent_page", args=[case.pk])).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Refused by the court</strong>' in page
    assert "Court decision of" in page


def test_the_court_allowed_it_shows_as_allowed(login, coordinator, referred, case):
    client = login(coordinator)
    data = {
        "court_decision-version": 1,
        "court_decision-ruling": "allowed",
        "court_decision-court_reference": "TJ-2026-10",
        **_date("court_decision-decided_on", TODAY),
    }
    assert client.post(action_url(referred), data).status_code == 302
    body = client.get(detail_url(referred)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Allowed by the court</strong>' in body
    assert "it may go ahead without their consent" in body
    assert "Court&#x27;s reference: TJ-2026-10" in body and "Decided by the court on" in body  # the history
    page = client.get(reverse("backoffice:consent_page", args=[case.pk])).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Allowed by the court</strong>' in page


def test_a_decision_recorded_before_is_offered_again_for_its_ruling(login, coordinator, referred):
    referred.court_reference, referred.court_decided_on = "TJ-OLD", REFERRED_ON
    referred.save(update_fields=["court_reference", "court_decided_on"])
    body = login(coordinator).get(detail_url(referred)).content.decode()
    assert 'value="TJ-OLD"' in body and "Not recorded yet" in body


def test_a_reader_cannot_record_the_ruling(login, colleague, referred):
    client = login(colleague)
    assert "court_decision-ruling" not in client.get(detail_url(referred)).content.decode()
    data = {"court_decision-version": 1, "court_decision-ruling": "allowed", "court_decision-court_reference": "TJ-1"}
    assert client.post(action_url(referred), data).status_code == 403
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_the_page_costs_the_same_with_more_rulings(login, coordinator, referred, case, parents, django_assert_num_queries):
    client = login(coordinator)
    url = reverse("backoffice:consent_page", args=[case.pk])
    client.get(url)
    with django_assert_num_queries(14) as first:
        client.get(url)
    for ruling, status in (
        (CourtRuling.ALLOWED, ConsentStatus.COURT_ALLOWED),
        (CourtRuling.REFUSED, ConsentStatus.COURT_REFUSED),
    ):
        make_request(case, parents, status=status, court_ruling=ruling, referred_on=REFERRED_ON, court_decided_on=TODAY)
    with django_assert_num_queries(len(first)):
        client.get(url)
