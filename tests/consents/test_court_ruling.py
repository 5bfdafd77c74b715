"""What the youth court ruled on a referred consent request: allowed or refused in the parents'
place, which ends the request, with the decision of the case (or its reference) and its date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEvent, CaseTask, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import task_add
from openaef.consents import services
from openaef.consents.models import ConsentRequest
from openaef.consents.states import ConsentStatus, CourtRuling
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.courts.models import Authority, DecisionKind, JudicialDecision
from tests.cases.factories import make_case
from tests.people.factories import PersonFactory

from .factories import make_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REFERRED_ON = TODAY - dt.timedelta(days=10)


@pytest.fixture
def judicial(case):  # type: ignore[no-untyped-def]
    case.framework = "judicial"
    case.save(update_fields=["framework"])
    return CaseAccess(case=case, can_edit=True)


@pytest.fixture
def referred(case, parents):  # type: ignore[no-untyped-def]
    return make_request(
        case, parents, status=ConsentStatus.REFERRED, asked_on=TODAY - dt.timedelta(days=30), referred_on=REFERRED_ON
    )


def decision_of(case: Any, decided_on: dt.date = TODAY, reference: str = "TJ-2026-77") -> JudicialDecision:
    return JudicialDecision.objects.create(
        case=case,
        kind=DecisionKind.JUDGMENT,
        authority=Authority.JUDGE,
        court="Tribunal de la jeunesse",
        court_reference=reference,
        decided_on=decided_on,
        created_by=case.coordinator,
    )


def rule(access: CaseAccess, request: ConsentRequest, **kwargs: Any) -> ConsentRequest:
    kwargs.setdefault("ruling", CourtRuling.ALLOWED)
    kwargs.setdefault("expected_version", request.version)
    return services.consent_request_court_decision(actor=access.case.coordinator, access=access, request=request, **kwargs)


def test_the_court_allowed_it_ends_the_request_with_the_recorded_decision(judicial, referred):
    decision = decision_of(judicial.case)
    rule(judicial, referred, decision=decision)
    referred.refresh_from_db()
    assert (referred.status, referred.court_ruling) == (ConsentStatus.COURT_ALLOWED, CourtRuling.ALLOWED)
    assert (referred.court_decision, referred.court_reference, referred.court_decided_on) == (decision, "TJ-2026-77", TODAY)
    assert referred.version == 2
    event = CaseEvent.objects.get(case=judicial.case, kind="consent", data__request=referred.pk)
    assert event.data["from"] == ConsentStatus.REFERRED and event.data["to"] == ConsentStatus.COURT_ALLOWED
    assert (event.data["ruling"], event.data["decision"], event.data["decided_on"]) == ("allowed", decision.pk, TODAY.isoformat())
    audit = AuditEvent.objects.get(object_type="consents.consentrequest", object_id=str(referred.pk))
    assert audit.action == AuditAction.TRANSITION


def test_the_court_refused_it_with_only_the_reference_of_its_letter(judicial, referred):
    rule(judicial, referred, ruling=CourtRuling.REFUSED, court_reference=" TJ-2026-5 ", decided_on=REFERRED_ON)
    referred.refresh_from_db()
    assert (referred.status, referred.court_ruling) == (ConsentStatus.COURT_REFUSED, CourtRuling.REFUSED)
    assert (referred.court_decision, referred.court_reference, referred.court_decided_on) == (None, "TJ-2026-5", REFERRED_ON)


def test_the_ruling_closes_a_deadline_task_still_open(judicial, referred):
    task = task_add(actor=judicial.case.coordinator, access=judicial, kind=TaskKind.TASK, title="Answer", due_on=TODAY)
    ConsentRequest.objects.filter(pk=referred.pk).update(deadline_task=task)
    referred.refresh_from_db()
    rule(judicial, referred, court_reference="TJ-1", decided_on=TODAY)
    assert CaseTask.objects.get(pk=task.pk).done_at is not None


def test_the_ruling_must_be_chosen(judicial, referred):
    with pytest.raises(ValidationError) as error:
        rule(judicial, referred, ruling="", court_reference="TJ-1", decided_on=TODAY)
    assert set(error.value.message_dict) == {"ruling"}
    with pytest.raises(ValidationError):
        rule(judicial, referred, ruling="maybe", court_reference="TJ-1", decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_a_decision_of_another_case_is_refused(judicial, referred, office, coordinator):
    other = make_case(office=office, coordinator=coordinator, child=PersonFactory(), framework="judicial")
    with pytest.raises(ValidationError) as error:
        rule(judicial, referred, decision=decision_of(other))
    assert "decision" in error.value.message_dict
    referred.refresh_from_db()
    assert (referred.status, referred.court_decision) == (ConsentStatus.REFERRED, None)


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (TODAY + dt.timedelta(days=1), "The date must be today or in the past."),
        (REFERRED_ON - dt.timedelta(days=1), "The date cannot be before"),
        (None, "Enter the date of the court's decision."),
    ],
)
def test_the_date_is_not_in_the_future_nor_before_the_referral(judicial, referred, decided_on, message):
    with pytest.raises(ValidationError) as error:
        rule(judicial, referred, court_reference="TJ-1", decided_on=decided_on)
    assert message in error.value.message_dict["decided_on"][0]


def test_a_recorded_decision_from_before_the_referral_is_refused(judicial, referred):
    with pytest.raises(ValidationError) as error:
        rule(judicial, referred, decision=decision_of(judicial.case, decided_on=REFERRED_ON - dt.timedelta(days=5)))
    assert "decision" in error.value.message_dict


def test_a_typed_date_must_be_the_recorded_decisions(judicial, referred):
    with pytest.raises(ValidationError) as error:
        rule(judicial, referred, decision=decision_of(judicial.case), decided_on=TODAY - dt.timedelta(days=1))
    assert "decided_on" in error.value.message_dict
    rule(judicial, referred, decision=decision_of(judicial.case, reference="TJ-2"), decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.court_reference == "TJ-2"


@pytest.mark.parametrize(
    "status",
    [ConsentStatus.ASKED, ConsentStatus.REFUSED, ConsentStatus.NO_ANSWER, ConsentStatus.AGREED, ConsentStatus.WITHDRAWN],
)
def test_only_a_referred_request_gets_a_ruling(judicial, parents, status):
    request = make_request(judicial.case, parents, status=status, asked_on=TODAY - dt.timedelta(days=30))
    with pytest.raises(TransitionNotAllowed):
        rule(judicial, request, court_reference="TJ-1", decided_on=TODAY)
    request.refresh_from_db()
    assert (request.status, request.court_ruling) == (status, "")


def test_a_ruling_is_recorded_once(judicial, referred):
    rule(judicial, referred, court_reference="TJ-1", decided_on=TODAY)
    referred.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        rule(judicial, referred, ruling=CourtRuling.REFUSED, court_reference="TJ-1", decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.COURT_ALLOWED


def test_a_stale_version_is_refused(judicial, referred):
    with pytest.raises(StaleVersion):
        rule(judicial, referred, expected_version=referred.version - 1, court_reference="TJ-1", decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_someone_who_may_not_change_the_case_cannot_record_the_ruling(case, judicial, referred, office, coordinator):
    with pytest.raises(PermissionDenied):
        rule(CaseAccess(case=case, can_edit=False), referred, court_reference="TJ-1", decided_on=TODAY)
    other = make_case(office=office, coordinator=coordinator, child=PersonFactory(), framework="judicial")
    with pytest.raises(PermissionDenied):
        rule(CaseAccess(case=other, can_edit=True), referred, court_reference="TJ-1", decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.REFERRED


def test_a_decision_recorded_before_rulings_existed_stays_referred_until_the_ruling(judicial, referred):
    # Rows from before the ruling was a field: the decision's reference and date, no ruling.
    ConsentRequest.objects.filter(pk=referred.pk).update(court_reference="TJ-OLD", court_decided_on=TODAY)
    referred.refresh_from_db()
    assert (referred.status, referred.court_ruling) == (ConsentStatus.REFERRED, "")
    rule(judicial, referred, ruling=CourtRuling.REFUSED, court_reference="TJ-OLD", decided_on=TODAY)
    referred.refresh_from_db()
    assert referred.status == ConsentStatus.COURT_REFUSED


@pytest.mark.parametrize(
    ("status", "ruling"),
    [
        (ConsentStatus.REFERRED, CourtRuling.ALLOWED),
        (ConsentStatus.COURT_ALLOWED, ""),
        (ConsentStatus.COURT_ALLOWED, CourtRuling.REFUSED),
    ],
)
def test_the_database_keeps_the_ruling_and_the_status_in_step(referred, status, ruling):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRequest.objects.filter(pk=referred.pk).update(status=status, court_ruling=ruling)
