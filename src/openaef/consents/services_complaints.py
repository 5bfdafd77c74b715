"""Writes on parents' complaints: record, assign to a coordinator (with an answer deadline and a
task for them), answer, withdraw. Same steps as ``consents.services`` (``service_steps``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.cases import deadlines
from openaef.cases.selectors import CaseAccess
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify
from openaef.people.models import Person
from openaef.placements.models import Placement

from . import parameters
from . import service_steps as steps
from .models import Complaint
from .selectors import COMPLAINT_EVENT, assignable_coordinators, case_people, may_answer_complaint
from .states import COMPLAINT_MACHINE, ComplaintStatus

P = ComplaintStatus


def _complaint_record(
    actor: Any,
    access: CaseAccess,
    complaint: Complaint,
    data: dict[str, Any],
    fields: list[str],
    http_request: HttpRequest | None,
    action: str = AuditAction.TRANSITION,
) -> None:
    steps.record(
        actor=actor,
        access=access,
        kind=COMPLAINT_EVENT,
        obj=complaint,
        summary="complaint",
        data={"complaint": complaint.pk, **data},
        fields=fields,
        action=action,
        persons=[complaint.from_person_id],
        http_request=http_request,
    )


def complaint_record(
    *,
    actor: Any,
    access: CaseAccess,
    received_on: dt.date | None,
    from_person: Person | None,
    about: str,
    placement: Placement | None = None,
    http_request: HttpRequest | None = None,
) -> Complaint:
    steps.require_edit(access)
    errors: dict[str, str] = {}
    steps.past_date(errors, "received_on", received_on, _("Enter the date the complaint was received."))
    if from_person is None or from_person.pk not in {p.pk for p in case_people(access.case)}:
        errors["from_person"] = _("Choose who the complaint is from, among the people of the case.")
    if not (about or "").strip():
        errors["about"] = _("Say what the complaint is about.")
    steps.check_placement(access, placement, errors)
    steps.raise_if(errors)
    assert received_on is not None and from_person is not None
    with transaction.atomic():
        complaint = Complaint.objects.create(
            case=access.case,
            placement=placement,
            received_on=received_on,
            from_person=from_person,
            about=about.strip(),
            created_by=actor,
        )
        _complaint_record(
            actor,
            access,
            complaint,
            {"from": "", "to": P.RECEIVED},
            ["received_on", "from_person", "about", "placement"],
            http_request,
            AuditAction.CREATE,
        )
    return complaint


def _answer_due(received_on: dt.date, typed: dt.date | None, errors: dict[str, str]) -> tuple[str | None, dt.date | None]:
    rule = parameters.consent_rules().complaint_answer_within
    if rule is not None:
        return rule, deadlines.compute_due(rule, received_on)
    if typed is None:
        errors["answer_due_on"] = _("Enter the date the answer is due.")
    elif typed < received_on:
        errors["answer_due_on"] = _("The answer cannot be due before the complaint was received.")
    return None, typed


def complaint_assign(
    *,
    actor: Any,
    access: CaseAccess,
    complaint: Complaint,
    expected_version: int,
    assignee: Any,
    answer_due_on: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> Complaint:
    """Gives the complaint to a coordinator of the case's office (who sees the office's cases),
    with a task due when the answer is: the pack's rule from the day it was received, or the
    date typed when the pack has none."""
    steps.require_edit(access, complaint)
    errors: dict[str, str] = {}
    if assignee is None or assignee.pk not in {pk for pk, _name in assignable_coordinators(access.case)}:
        errors["assignee"] = _("Choose a coordinator of the case's office.")
    rule, due = _answer_due(complaint.received_on, answer_due_on, errors)
    steps.raise_if(errors)
    assert due is not None
    with transaction.atomic():
        current = steps.locked(Complaint, complaint, expected_version)
        steps.check_move(COMPLAINT_MACHINE, current.status, P.ASSIGNED)
        steps.close_task(actor, access, current.answer_task_id, http_request)
        task = steps.deadline_task(
            actor=actor,
            access=access,
            title=_("Answer the complaint received on %(day)s") % {"day": current.received_on.strftime("%d/%m/%Y")},
            rule=rule,
            start=current.received_on,
            due_on=due,
            assigned_to=assignee,
            http_request=http_request,
        )
        old = current.status
        current.status, current.assigned_to, current.assigned_on = P.ASSIGNED, assignee, timezone.localdate()
        current.answer_due_on, current.answer_task = task.due_on, task
        fields = ["status", "assigned_to", "assigned_on", "answer_due_on", "answer_task"]
        steps.save(current, fields)
        # Told in the application and by e-mail, beside the task's reminder: the task alone is
        # found only by looking at one's deadlines. No one is told of their own assignment.
        notify(
            users=[assignee] if assignee.pk != actor.pk else [],
            kind=NotificationKind.COMPLAINT_ASSIGNED,
            url=reverse("backoffice:complaint_detail", args=[access.case.pk, current.pk]),
            params={"reference": access.case.reference, "due_on": task.due_on.isoformat()},
        )
        data = {"from": old, "to": P.ASSIGNED, "assigned_to": assignee.pk, "due_on": task.due_on.isoformat()}
        _complaint_record(actor, access, current, data, fields, http_request)
    return current


def complaint_answer(
    *,
    actor: Any,
    access: CaseAccess,
    complaint: Complaint,
    expected_version: int,
    answer: str,
    answered_on: dt.date | None,
    http_request: HttpRequest | None = None,
) -> Complaint:
    """The answer given to the family, by the coordinator it was assigned to (or those who may
    change the case)."""
    if complaint.case_id != access.case.pk or not may_answer_complaint(actor, access, complaint):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not (answer or "").strip():
        errors["answer"] = _("Write the answer given.")
    steps.past_date(errors, "answered_on", answered_on, _("Enter the date of the answer."), not_before=complaint.received_on)
    steps.raise_if(errors)
    with transaction.atomic():
        current = steps.locked(Complaint, complaint, expected_version)
        steps.check_move(COMPLAINT_MACHINE, current.status, P.ANSWERED)
        old = current.status
        current.status, current.answer, current.answered_on, current.answered_by = P.ANSWERED, answer.strip(), answered_on, actor
        fields = ["status", "answer", "answered_on", "answered_by"]
        steps.save(current, fields)
        steps.close_task(actor, access, current.answer_task_id, http_request)
        _complaint_record(actor, access, current, {"from": old, "to": P.ANSWERED}, fields, http_request)
    return current


def complaint_withdraw(
    *,
    actor: Any,
    access: CaseAccess,
    complaint: Complaint,
    expected_version: int,
    reason: str,
    http_request: HttpRequest | None = None,
) -> Complaint:
    steps.require_edit(access, complaint)
    with transaction.atomic():
        current = steps.locked(Complaint, complaint, expected_version)
        steps.check_move(COMPLAINT_MACHINE, current.status, P.WITHDRAWN, reason)
        old, current.status, current.status_reason = current.status, P.WITHDRAWN, reason.strip()
        steps.save(current, ["status", "status_reason"])
        steps.close_task(actor, access, current.answer_task_id, http_request)
        data = {"from": old, "to": P.WITHDRAWN, "reason": current.status_reason}
        _complaint_record(actor, access, current, data, ["status", "status_reason"], http_request)
    return current
