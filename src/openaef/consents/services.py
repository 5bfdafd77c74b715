"""Writes on consent requests, everyday acts and complaints.

Each service runs in one transaction, takes the ``CaseAccess`` from ``get_case_for`` (only those
who may change the case write; the coordinator a complaint is assigned to may answer it), locks
the record and compares the version the user saw (StaleVersion otherwise), checks the state
tables of ``consents.states``, records one line on the case's timeline and, last, one audit
entry naming the child (and the parents concerned).

Deadlines come from the pack's calendar rules (``consents.yaml``); where the pack has none the
date is typed, and a case task with a reminder follows it either way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.cases.selectors import CaseAccess
from openaef.core.errors import TransitionNotAllowed
from openaef.courts.models import JudicialDecision
from openaef.people.models import Person
from openaef.placements.models import Placement

from . import parameters
from . import service_steps as steps
from .models import ActKind, AnswerMethod, ConsentAnswer, ConsentRequest, EverydayAct, EverydayActKind
from .selectors import (
    CONSENT_EVENT,
    parent_candidates,
)
from .services_complaints import complaint_answer, complaint_assign, complaint_record, complaint_withdraw
from .states import ANSWERABLE, CONSENT_MACHINE, RULING_STATUS, Answer, ComplaintStatus, ConsentStatus, CourtRuling, outcome

C = ConsentStatus
P = ComplaintStatus


# Consent requests -----------------------------------------------------------------------------


def consent_request_create(
    *,
    actor: Any,
    access: CaseAccess,
    act_kind: str,
    description: str,
    asked_of: list[Person],
    asked_on: dt.date | None,
    deadline_on: dt.date | None = None,
    placement: Placement | None = None,
    http_request: HttpRequest | None = None,
) -> ConsentRequest:
    """Asks the parents to agree to a special act, with a deadline for their answer: the pack's
    rule counted from ``asked_on`` when it has one, else ``deadline_on`` as typed."""
    steps.require_edit(access)
    rule = parameters.consent_rules().answer_within
    errors: dict[str, str] = {}
    if act_kind not in ActKind.values:
        errors["act_kind"] = _("Choose the act the parents are asked to agree to.")
    if not (description or "").strip():
        errors["description"] = _("Describe what is proposed.")
    allowed = {p.pk for p in parent_candidates(access.case)}
    if not asked_of:
        errors["asked_of"] = _("Choose the parents who are asked.")
    elif any(p.pk not in allowed for p in asked_of):
        errors["asked_of"] = _("Choose parents or legal representatives recorded in the case.")
    steps.past_date(errors, "asked_on", asked_on, _("Enter the date the parents were asked."))
    if rule is None:
        if deadline_on is None:
            errors["deadline_on"] = _("Enter the date by which the parents should answer.")
        elif asked_on is not None and deadline_on < asked_on:
            errors["deadline_on"] = _("The deadline cannot be before the day the parents were asked.")
    steps.check_placement(access, placement, errors)
    steps.raise_if(errors)
    assert asked_on is not None
    with transaction.atomic():
        task = steps.deadline_task(
            actor=actor,
            access=access,
            title=_("Parents' answer expected: %(act)s") % {"act": ActKind(act_kind).label},
            rule=rule,
            start=asked_on,
            due_on=None if rule else deadline_on,
            http_request=http_request,
        )
        request = ConsentRequest.objects.create(
            case=access.case,
            placement=placement,
            act_kind=act_kind,
            description=description.strip(),
            asked_on=asked_on,
            deadline_on=task.due_on,
            deadline_rule=task.rule,
            deadline_task=task,
            created_by=actor,
        )
        request.asked_of.set(asked_of)
        steps.record(
            actor=actor,
            access=access,
            kind=CONSENT_EVENT,
            obj=request,
            summary=act_kind,
            data={"request": request.pk, "from": "", "to": C.ASKED, "deadline_on": task.due_on.isoformat()},
            fields=["act_kind", "description", "asked_of", "asked_on", "deadline_on", "placement"],
            action=AuditAction.CREATE,
            persons=[p.pk for p in asked_of],
            http_request=http_request,
        )
    return request


def _consent_move(
    *,
    actor: Any,
    access: CaseAccess,
    current: ConsentRequest,
    target: str,
    fields: list[str],
    http_request: HttpRequest | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    old, current.status, current.status_reason = current.status, target, (reason or "").strip()
    steps.save(current, ["status", "status_reason", *fields])
    if target != C.REFERRED:
        steps.close_task(actor, access, current.deadline_task_id, http_request)
    steps.record(
        actor=actor,
        access=access,
        kind=CONSENT_EVENT,
        obj=current,
        summary=current.act_kind,
        data={"request": current.pk, "from": old, "to": target, "reason": current.status_reason, **(extra or {})},
        fields=["status", *fields],
        persons=list(current.asked_of.values_list("pk", flat=True)),
        http_request=http_request,
    )


def consent_answer_record(
    *,
    actor: Any,
    access: CaseAccess,
    request: ConsentRequest,
    expected_version: int,
    person: Person | None,
    answer: str,
    on: dt.date | None,
    how: str,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> ConsentAnswer:
    """One parent's answer; the request is then agreed (every parent asked agreed) or refused
    (one refused), see ``consents.states.outcome``."""
    steps.require_edit(access, request)
    errors: dict[str, str] = {}
    asked = {p.pk for p in request.asked_of.all()}
    if person is None or person.pk not in asked:
        errors["person"] = _("Choose one of the parents who were asked.")
    elif ConsentAnswer.objects.filter(request=request, person=person).exists():
        errors["person"] = _("This parent's answer is recorded already.")
    if answer not in Answer.values:
        errors["answer"] = _("Choose whether the parent agrees or refuses.")
    if how not in AnswerMethod.values:
        errors["how"] = _("Choose how the parent answered.")
    steps.past_date(errors, "on", on, _("Enter the date of the answer."), not_before=request.asked_on)
    steps.raise_if(errors)
    assert person is not None and on is not None
    with transaction.atomic():
        current = steps.locked(ConsentRequest, request, expected_version)
        if current.status not in ANSWERABLE:
            raise TransitionNotAllowed(current.status, "answer")
        recorded = ConsentAnswer.objects.create(
            request=current, person=person, answer=answer, on=on, how=how, note=(note or "").strip(), recorded_by=actor
        )
        given = dict(ConsentAnswer.objects.filter(request=current).values_list("person_id", "answer"))
        target = outcome(asked, given)
        extra = {"answer": answer, "person": person.pk}
        if target is not None and target != current.status:
            steps.check_move(CONSENT_MACHINE, current.status, target)
            _consent_move(
                actor=actor, access=access, current=current, target=target, fields=[], http_request=http_request, extra=extra
            )
        else:
            steps.save(current, [])
            steps.record(
                actor=actor,
                access=access,
                kind=CONSENT_EVENT,
                obj=recorded,
                summary=current.act_kind,
                data={"request": current.pk, **extra},
                fields=["answer", "on", "how", "note"],
                action=AuditAction.CREATE,
                persons=[person.pk],
                http_request=http_request,
            )
    return recorded


def consent_request_no_answer(
    *, actor: Any, access: CaseAccess, request: ConsentRequest, expected_version: int, http_request: HttpRequest | None = None
) -> ConsentRequest:
    """Records that the deadline passed without an answer from every parent."""
    steps.require_edit(access, request)
    with transaction.atomic():
        current = steps.locked(ConsentRequest, request, expected_version)
        steps.check_move(CONSENT_MACHINE, current.status, C.NO_ANSWER)
        if timezone.localdate() <= current.deadline_on:
            raise ValidationError(
                _("The parents have until %(day)s to answer.") % {"day": current.deadline_on.strftime("%d/%m/%Y")}
            )
        _consent_move(actor=actor, access=access, current=current, target=C.NO_ANSWER, fields=[], http_request=http_request)
    return current


def consent_request_withdraw(
    *,
    actor: Any,
    access: CaseAccess,
    request: ConsentRequest,
    expected_version: int,
    reason: str,
    http_request: HttpRequest | None = None,
) -> ConsentRequest:
    steps.require_edit(access, request)
    with transaction.atomic():
        current = steps.locked(ConsentRequest, request, expected_version)
        steps.check_move(CONSENT_MACHINE, current.status, C.WITHDRAWN, reason)
        _consent_move(
            actor=actor, access=access, current=current, target=C.WITHDRAWN, fields=[], reason=reason, http_request=http_request
        )
    return current


def consent_request_refer(
    *,
    actor: Any,
    access: CaseAccess,
    request: ConsentRequest,
    expected_version: int,
    referred_on: dt.date | None,
    http_request: HttpRequest | None = None,
) -> ConsentRequest:
    """In a judicial case, a refusal or no answer goes to the youth court, which decides."""
    steps.require_edit(access, request)
    errors: dict[str, str] = {}
    steps.past_date(errors, "referred_on", referred_on, _("Enter the date the court was asked."), not_before=request.asked_on)
    steps.raise_if(errors)
    with transaction.atomic():
        current = steps.locked(ConsentRequest, request, expected_version)
        steps.check_move(CONSENT_MACHINE, current.status, C.REFERRED)
        if CONSENT_MACHINE.needs(current.status, C.REFERRED)["judicial"] and access.case.framework != "judicial":
            raise ValidationError(_("Only a request in a judicial case can be referred to the court."))
        current.referred_on = referred_on
        _consent_move(
            actor=actor,
            access=access,
            current=current,
            target=C.REFERRED,
            fields=["referred_on"],
            http_request=http_request,
            extra={"referred_on": referred_on.isoformat() if referred_on else ""},
        )
    return current


def consent_request_court_decision(
    *,
    actor: Any,
    access: CaseAccess,
    request: ConsentRequest,
    expected_version: int,
    ruling: str,
    decision: JudicialDecision | None = None,
    court_reference: str = "",
    decided_on: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> ConsentRequest:
    """What the court ruled on a referred request, in the parents' place: it allowed the act or
    refused it, which ends the request (and closes its deadline task if still open). The decision
    is one recorded in the case, or its reference and date as the court's letter gives them."""
    steps.require_edit(access, request)
    errors = _court_decision_errors(access, request, ruling, decision, court_reference, decided_on)
    steps.raise_if(errors)
    reference = (court_reference or "").strip() or (decision.court_reference if decision is not None else "")
    day = decided_on or (decision.decided_on if decision is not None else None)
    assert day is not None
    target = RULING_STATUS[ruling]
    with transaction.atomic():
        current = steps.locked(ConsentRequest, request, expected_version)
        steps.check_move(CONSENT_MACHINE, current.status, target)
        current.court_ruling, current.court_decision = ruling, decision
        current.court_reference, current.court_decided_on = reference, day
        _consent_move(
            actor=actor,
            access=access,
            current=current,
            target=target,
            fields=["court_ruling", "court_decision", "court_reference", "court_decided_on"],
            http_request=http_request,
            extra={
                "ruling": ruling,
                "decision": decision.pk if decision is not None else None,
                "court_reference": reference,
                "decided_on": day.isoformat(),
            },
        )
    return current


def _court_decision_errors(
    access: CaseAccess,
    request: ConsentRequest,
    ruling: str,
    decision: JudicialDecision | None,
    court_reference: str,
    decided_on: dt.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if ruling not in CourtRuling.values:
        errors["ruling"] = _("Choose whether the court allowed the act or refused it.")
    if decision is not None and decision.case_id != access.case.pk:
        errors["decision"] = _("Choose one of the case's court decisions.")
        return errors
    if decision is None and not (court_reference or "").strip():
        errors["court_reference"] = _("Choose the court's decision or enter its reference.")
    if decision is not None and decided_on is not None and decided_on != decision.decided_on:
        # One decision, one date: a typed date that contradicts the recorded one is a mistake.
        errors["decided_on"] = _("The decision chosen is dated %(day)s: enter that date or leave it empty.") % {
            "day": decision.decided_on.strftime("%d/%m/%Y")
        }
    else:
        # Left empty, the date is the chosen decision's: an error on it is about that choice.
        field = "decision" if decided_on is None and decision is not None else "decided_on"
        day = decided_on or (decision.decided_on if decision is not None else None)
        steps.past_date(errors, field, day, _("Enter the date of the court's decision."), not_before=request.referred_on)
    return errors


# Everyday acts --------------------------------------------------------------------------------


def everyday_act_record(
    *,
    actor: Any,
    access: CaseAccess,
    on: dt.date | None,
    kind: str,
    what: str,
    decided_by: str,
    placement: Placement | None = None,
    http_request: HttpRequest | None = None,
) -> EverydayAct:
    steps.require_edit(access)
    errors: dict[str, str] = {}
    steps.past_date(errors, "on", on, _("Enter the date of the act."))
    if kind not in EverydayActKind.values:
        errors["kind"] = _("Choose the kind of act.")
    if not (what or "").strip():
        errors["what"] = _("Say what was done.")
    if not (decided_by or "").strip():
        errors["decided_by"] = _("Say who decided it: the institution or the foster family.")
    steps.check_placement(access, placement, errors)
    steps.raise_if(errors)
    assert on is not None
    with transaction.atomic():
        act = EverydayAct.objects.create(
            case=access.case,
            placement=placement,
            on=on,
            kind=kind,
            what=what.strip(),
            decided_by=decided_by.strip(),
            recorded_by=actor,
        )
        steps.record(
            actor=actor,
            access=access,
            kind=CONSENT_EVENT,
            obj=act,
            summary=kind,
            data={"everyday_act": act.pk, "on": on.isoformat()},
            fields=["on", "kind", "what", "decided_by", "placement"],
            action=AuditAction.CREATE,
            http_request=http_request,
        )
    return act


__all__ = [
    "complaint_answer",
    "complaint_assign",
    "complaint_record",
    "complaint_withdraw",
    "consent_answer_record",
    "consent_request_court_decision",
    "consent_request_create",
    "consent_request_no_answer",
    "consent_request_refer",
    "consent_request_withdraw",
    "everyday_act_record",
]
