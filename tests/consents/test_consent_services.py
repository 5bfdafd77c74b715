"""Consent requests: the deadline (typed when the pack has none, computed when it has one), the
parents' answers deciding the request, no answer after the deadline, and in a judicial case the
referral to the court and its decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseEvent, CaseTask, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.consents import services
from openaef.consents.models import ActKind, AnswerMethod
from openaef.consents.states import Answer, ConsentStatus
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.courts.models import Authority, DecisionKind, JudicialDecision
from tests.people.factories import PersonFactory

from .factories import make_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _create(access, parents, **kwargs):
    defaults = {
        "act_kind": ActKind.SURGERY,
        "description": "Tonsils removed.",
        "asked_of": parents,
        "asked_on": TODAY - dt.timedelta(days=1),
        "deadline_on": TODAY + dt.timedelta(days=14),
    }
    return services.consent_request_create(actor=access.case.coordinator, access=access, **{**defaults, **kwargs})


def _answer(access, request, person, answer=Answer.AGREE, **kwargs):
    request.refresh_from_db()
    return services.consent_answer_record(
        actor=access.case.coordinator,
        access=access,
        request=request,
        expected_version=request.version,
        person=person,
        answer=answer,
        on=kwargs.pop("on", TODAY),
        how=AnswerMethod.WRITING,
        **kwargs,
    )


def test_without_a_pack_rule_the_typed_deadline_is_kept_with_a_task_and_a_reminder(access, parents):
    request = _create(access, parents)
    assert request.deadline_on == TODAY + dt.timedelta(days=14)
    assert request.deadline_rule == ""
    task = CaseTask.objects.get(pk=request.deadline_task_id)
    assert task.kind == TaskKind.TASK and task.due_on == request.deadline_on
    assert task.remind_on is not None and task.remind_on < task.due_on
    assert task.assigned_to == access.case.coordinator
    assert set(request.asked_of.all()) == set(parents)
    assert CaseEvent.objects.filter(case=access.case, kind="consent", data__request=request.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="consents.consentrequest", object_id=str(request.pk), action=AuditAction.CREATE
    ).exists()


def test_without_a_pack_rule_a_deadline_must_be_typed(access, parents):
    with pytest.raises(ValidationError) as error:
        _create(access, parents, deadline_on=None)
    assert "deadline_on" in error.value.message_dict


def test_with_a_pack_rule_the_deadline_is_computed_from_the_day_asked(access, parents, with_rules):
    with_rules(answer_within="calendar_days:15")
    asked = dt.date(2026, 3, 2)
    request = _create(access, parents, asked_on=asked, deadline_on=None)
    # 17 March 2026 is a Tuesday: no shift to the next working day.
    assert request.deadline_on == dt.date(2026, 3, 17)
    assert request.deadline_rule == "calendar_days:15 from 2026-03-02"
    assert CaseTask.objects.get(pk=request.deadline_task_id).kind == TaskKind.DEADLINE


def test_only_parents_of_the_case_can_be_asked(access, parents):
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        _create(access, [parents[0], stranger])
    assert "asked_of" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(access, [access.case.child])
    assert "asked_of" in error.value.message_dict


def test_someone_who_may_not_change_the_case_cannot_ask(case, parents):
    with pytest.raises(PermissionDenied):
        _create(CaseAccess(case=case, can_edit=False), parents)


def test_the_request_is_agreed_once_every_parent_agreed_and_the_task_is_done(access, parents):
    request = _create(access, parents)
    _answer(access, request, parents[0])
    request.refresh_from_db()
    assert request.status == ConsentStatus.ASKED
    _answer(access, request, parents[1])
    request.refresh_from_db()
    assert request.status == ConsentStatus.AGREED
    assert CaseTask.objects.get(pk=request.deadline_task_id).done_at is not None


def test_one_refusal_refuses_the_request(access, parents):
    request = _create(access, parents)
    _answer(access, request, parents[0], Answer.REFUSE)
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFUSED


def test_a_parent_answers_once_and_only_a_parent_asked_answers(access, parents):
    request = _create(access, parents[:1])
    with pytest.raises(ValidationError) as error:
        _answer(access, request, parents[1])
    assert "person" in error.value.message_dict
    request = _create(access, parents)
    _answer(access, request, parents[0])
    with pytest.raises(ValidationError) as error:
        _answer(access, request, parents[0])
    assert "person" in error.value.message_dict


def test_an_answer_cannot_be_dated_before_the_request(access, parents):
    request = _create(access, parents)
    with pytest.raises(ValidationError) as error:
        _answer(access, request, parents[0], on=request.asked_on - dt.timedelta(days=1))
    assert "on" in error.value.message_dict


def test_a_stale_version_is_refused(access, parents):
    request = _create(access, parents)
    with pytest.raises(StaleVersion):
        services.consent_answer_record(
            actor=access.case.coordinator,
            access=access,
            request=request,
            expected_version=request.version - 1,
            person=parents[0],
            answer=Answer.AGREE,
            on=TODAY,
            how=AnswerMethod.PHONE,
        )


def test_no_answer_can_be_recorded_only_after_the_deadline(case, access, parents):
    request = make_request(case, parents, asked_on=TODAY - dt.timedelta(days=3), deadline_on=TODAY)
    with pytest.raises(ValidationError):
        services.consent_request_no_answer(actor=case.coordinator, access=access, request=request, expected_version=1)
    request = make_request(case, parents, asked_on=TODAY - dt.timedelta(days=20), deadline_on=TODAY - dt.timedelta(days=1))
    services.consent_request_no_answer(actor=case.coordinator, access=access, request=request, expected_version=1)
    request.refresh_from_db()
    assert request.status == ConsentStatus.NO_ANSWER
    # A late answer still decides the request.
    _answer(access, request, parents[0], Answer.REFUSE)
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFUSED


def _judicial(case):
    case.framework = "judicial"
    case.save(update_fields=["framework"])
    return CaseAccess(case=case, can_edit=True)


def test_in_a_judicial_case_a_refusal_is_referred_to_the_court_and_its_decision_recorded(case, parents):
    access = _judicial(case)
    request = make_request(case, parents, status=ConsentStatus.REFUSED, asked_on=TODAY - dt.timedelta(days=10))
    services.consent_request_refer(actor=case.coordinator, access=access, request=request, expected_version=1, referred_on=TODAY)
    request.refresh_from_db()
    assert (request.status, request.referred_on) == (ConsentStatus.REFERRED, TODAY)
    decision = JudicialDecision.objects.create(
        case=case,
        kind=DecisionKind.JUDGMENT,
        authority=Authority.JUDGE,
        court="Tribunal de la jeunesse",
        court_reference="TJ-2026-77",
        decided_on=TODAY,
        created_by=case.coordinator,
    )
    services.consent_request_court_decision(
        actor=case.coordinator,
        access=access,
        request=request,
        expected_version=request.version,
        ruling="allowed",
        decision=decision,
    )
    request.refresh_from_db()
    assert (request.court_decision, request.court_reference, request.court_decided_on) == (decision, "TJ-2026-77", TODAY)
    assert request.status == ConsentStatus.COURT_ALLOWED


def test_an_unanswered_request_of_a_judicial_case_can_be_referred(case, parents):
    access = _judicial(case)
    request = make_request(case, parents, status=ConsentStatus.NO_ANSWER, asked_on=TODAY - dt.timedelta(days=30))
    services.consent_request_refer(actor=case.coordinator, access=access, request=request, expected_version=1, referred_on=TODAY)
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFERRED


def test_a_voluntary_case_never_goes_to_the_court(case, access, parents):
    request = make_request(case, parents, status=ConsentStatus.REFUSED, asked_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        services.consent_request_refer(
            actor=case.coordinator, access=access, request=request, expected_version=1, referred_on=TODAY
        )
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFUSED


def test_an_agreed_request_cannot_be_referred_or_withdrawn(case, parents):
    access = _judicial(case)
    request = make_request(case, parents, status=ConsentStatus.AGREED, asked_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(TransitionNotAllowed):
        services.consent_request_refer(
            actor=case.coordinator, access=access, request=request, expected_version=1, referred_on=TODAY
        )
    with pytest.raises(TransitionNotAllowed):
        services.consent_request_withdraw(actor=case.coordinator, access=access, request=request, expected_version=1, reason="x")


def test_a_court_decision_needs_a_decision_or_its_reference(case, parents):
    access = _judicial(case)
    request = make_request(
        case, parents, status=ConsentStatus.REFERRED, asked_on=TODAY - dt.timedelta(days=10), referred_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        services.consent_request_court_decision(
            actor=case.coordinator, access=access, request=request, expected_version=1, ruling="refused"
        )
    assert "court_reference" in error.value.message_dict
    services.consent_request_court_decision(
        actor=case.coordinator,
        access=access,
        request=request,
        expected_version=1,
        ruling="refused",
        court_reference="TJ-9",
        decided_on=TODAY,
    )
    request.refresh_from_db()
    assert request.court_reference == "TJ-9"


def test_a_withdrawal_needs_a_reason_and_closes_the_task(access, parents):
    request = _create(access, parents)
    with pytest.raises(ValidationError):
        services.consent_request_withdraw(
            actor=access.case.coordinator, access=access, request=request, expected_version=1, reason=" "
        )
    services.consent_request_withdraw(
        actor=access.case.coordinator, access=access, request=request, expected_version=1, reason="Surgery no longer needed."
    )
    request.refresh_from_db()
    assert request.status == ConsentStatus.WITHDRAWN
    assert CaseTask.objects.get(pk=request.deadline_task_id).done_at is not None


def test_an_everyday_act_is_recorded(access):
    act = services.everyday_act_record(
        actor=access.case.coordinator, access=access, on=TODAY, kind="health", what="Dentist check-up.", decided_by="Foyer Test"
    )
    assert act.case == access.case
    with pytest.raises(ValidationError) as error:
        services.everyday_act_record(actor=access.case.coordinator, access=access, on=None, kind="x", what="", decided_by="")
    assert set(error.value.message_dict) == {"on", "kind", "what", "decided_by"}


def test_a_placement_of_another_case_is_refused(access, parents, office, coordinator):
    from tests.cases.factories import make_case

    from .factories import make_placement

    other = make_placement(make_case(office=office, coordinator=coordinator, child=PersonFactory()))
    with pytest.raises(ValidationError) as error:
        _create(access, parents, placement=other)
    assert "placement" in error.value.message_dict
    mine = make_placement(access.case)
    assert _create(access, parents, placement=mine).placement == mine
