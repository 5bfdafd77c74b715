"""Writes on a case's court records: decisions, the measures they order, hearings, remedies, and
the administrators' time limits of remedies.

Each service runs in one transaction, takes the ``CaseAccess`` from ``get_case_for`` (only those
who may change the case write), compares the version the user saw (StaleVersion otherwise),
records one line on the case's timeline and, last, one audit entry naming the child. Review
dates and hearings keep a reminder in the case's deadlines (``cases.services_journal``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases import deadlines
from openaef.cases.models import CaseEventKind, CaseTask, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import task_add, task_complete, task_update
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import MeasureType
from openaef.measures.models import Measure

from .models import (
    Authority,
    CourtDeadlineSetting,
    DecisionKind,
    Hearing,
    JudicialDecision,
    LegalRemedy,
    OrderedMeasure,
    RemedyKind,
    RemedyStatus,
)
from .parameters import court_rules, effective_rules, time_limit
from .selectors import case_people
from .states import REMEDY_MACHINE

COURT_EVENT = CaseEventKind.COURT

DECISION_FIELDS = [
    "kind",
    "authority",
    "court",
    "decided_by_name",
    "court_reference",
    "decided_on",
    "notified_on",
    "summary",
    "review_on",
]
HEARING_FIELDS = ["decision", "at", "court", "purpose", "outcome"]


# Shared steps ---------------------------------------------------------------------------------


def _require_edit(access: CaseAccess, case_id: int | None = None) -> None:
    if not access.can_edit or (case_id is not None and case_id != access.case.pk):
        raise PermissionDenied


def _record(
    *,
    actor: Any,
    access: CaseAccess,
    obj: Any,
    action: str,
    what: str,
    fields: list[str],
    summary: str = "",
    data: dict[str, Any] | None = None,
    http_request: HttpRequest | None = None,
) -> None:
    case_event_record(case=access.case, actor=actor, kind=COURT_EVENT, summary=summary, data={"what": what, **(data or {})})
    audit_record(actor=actor, action=action, obj=obj, fields=fields, request=http_request, persons=[access.case.child_id])


def _locked(model: type[Any], pk: int, expected_version: int) -> Any:
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _bump(obj: Any, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# Decisions -----------------------------------------------------------------------------------


def _clean_decision(values: dict[str, Any]) -> dict[str, Any]:
    """The decision's values, stripped, or ValidationError naming every field to fix."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for name in ("decided_by_name", "court_reference", "summary"):
        values[name] = (values.get(name) or "").strip()
    if values.get("kind") not in DecisionKind.values:
        errors["kind"] = _("Choose the type of decision.")
    if values.get("authority") not in Authority.values:
        errors["authority"] = _("Choose who decided.")
    if court_rules().court(values.get("court") or "") is None:
        errors["court"] = _("Choose the court.")
    decided, notified, review = values.get("decided_on"), values.get("notified_on"), values.get("review_on")
    if decided is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    elif decided > today:
        errors["decided_on"] = _("The date of the decision must be today or in the past.")
    if notified is not None:
        if notified > today:
            errors["notified_on"] = _("The date of notification must be today or in the past.")
        elif decided is not None and notified < decided:
            errors["notified_on"] = _("The date of notification must be on or after the date of the decision.")
    if review is not None and decided is not None and review <= decided:
        errors["review_on"] = _("The review date must be after the date of the decision.")
    _raise(errors)
    return values


def _review_title(decision: JudicialDecision) -> str:
    return _("Court review of the decision of %(day)s") % {"day": decision.decided_on.isoformat()}


def _open_task(task_id: int | None) -> CaseTask | None:
    if task_id is None:
        return None
    return CaseTask.objects.filter(pk=task_id, done_at__isnull=True).first()


def _schedule(
    *, actor: Any, access: CaseAccess, task_id: int | None, due_on: dt.date | None, title: str, remind: int | None, http: Any
) -> CaseTask | None:
    """Keeps one open reminder task on ``due_on``: added, moved, or closed when there is no date."""
    task = _open_task(task_id)
    if due_on is None:
        if task is not None:
            task_complete(actor=actor, access=access, task=task, expected_version=task.version, http_request=http)
        return None
    if task is None:
        return task_add(
            actor=actor,
            access=access,
            kind=TaskKind.TASK,  # the court sets the date: not computed by a calendar rule
            title=title,
            due_on=due_on,
            remind_days_before=remind,
            http_request=http,
        )
    if task.due_on == due_on and task.title == title:
        return task
    return task_update(
        actor=actor,
        access=access,
        task=task,
        expected_version=task.version,
        kind=task.kind,
        title=title,
        details=task.details,
        due_on=due_on,
        assigned_to=task.assigned_to,
        remind_days_before=remind,
        http_request=http,
    )


def decision_record(
    *, actor: Any, access: CaseAccess, http_request: HttpRequest | None = None, **values: Any
) -> JudicialDecision:
    """Records a decision (``values``: the DECISION_FIELDS); its review date becomes a reminder."""
    _require_edit(access)
    values = _clean_decision({name: values.get(name) for name in DECISION_FIELDS})
    with transaction.atomic():
        decision = JudicialDecision(case=access.case, created_by=actor, **values)
        decision.full_clean(exclude=["case", "created_by", "review_task"])
        decision.save()
        task = _schedule(
            actor=actor,
            access=access,
            task_id=None,
            due_on=decision.review_on,
            title=_review_title(decision),
            remind=court_rules().review_remind_days,
            http=http_request,
        )
        if task is not None:
            decision.review_task = task
            decision.save(update_fields=["review_task"])
        _record(
            actor=actor,
            access=access,
            obj=decision,
            action=AuditAction.CREATE,
            what="decision_recorded",
            fields=DECISION_FIELDS,
            summary=decision.court_reference,
            data={"decision": decision.pk, "kind": decision.kind, "decided_on": decision.decided_on.isoformat()},
            http_request=http_request,
        )
    return decision


def decision_update(
    *,
    actor: Any,
    access: CaseAccess,
    decision: JudicialDecision,
    expected_version: int,
    http_request: HttpRequest | None = None,
    **values: Any,
) -> JudicialDecision:
    """Changes a decision's record; a changed review date moves its reminder."""
    _require_edit(access, decision.case_id)
    values = _clean_decision({name: values.get(name) for name in DECISION_FIELDS})
    with transaction.atomic():
        current = _locked(JudicialDecision, decision.pk, expected_version)
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, values[name])
        current.full_clean(exclude=["case", "created_by", "review_task"])
        if {"review_on", "decided_on"} & set(changed):
            task = _schedule(
                actor=actor,
                access=access,
                task_id=current.review_task_id,
                due_on=current.review_on,
                title=_review_title(current),
                remind=court_rules().review_remind_days,
                http=http_request,
            )
            current.review_task = task
            changed.append("review_task")
        _bump(current, changed)
        _record(
            actor=actor,
            access=access,
            obj=current,
            action=AuditAction.UPDATE,
            what="decision_changed",
            fields=[c for c in changed if c != "review_task"],
            summary=current.court_reference,
            data={"decision": current.pk, "fields": sorted(c for c in changed if c != "review_task")},
            http_request=http_request,
        )
    return current


# Measures ordered ----------------------------------------------------------------------------


def ordered_measure_add(
    *,
    actor: Any,
    access: CaseAccess,
    decision: JudicialDecision,
    measure_type: MeasureType | None,
    measure: Measure | None = None,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> OrderedMeasure:
    _require_edit(access, decision.case_id)
    errors: dict[str, str] = {}
    if measure_type is None or measure_type.pack != access.case.pack:
        errors["measure_type"] = _("Choose the type of measure the court ordered.")
    if measure is not None:
        if measure.case_id != access.case.pk:
            errors["measure"] = _("Choose a measure of this case.")
        elif measure_type is not None and measure.measure_type_id != measure_type.pk:
            errors["measure"] = _("The measure of the case must be of the type the court ordered.")
    _raise(errors)
    with transaction.atomic():
        ordered = OrderedMeasure(
            decision=decision, measure_type=measure_type, measure=measure, note=(note or "").strip(), created_by=actor
        )
        ordered.full_clean(exclude=["decision", "measure_type", "measure", "created_by"])
        ordered.save()
        assert measure_type is not None
        _record(
            actor=actor,
            access=access,
            obj=ordered,
            action=AuditAction.CREATE,
            what="measure_ordered",
            fields=["measure_type", "measure", "note"],
            summary=measure_type.code,
            data={"decision": decision.pk, "ordered": ordered.pk, "measure": measure.pk if measure else None},
            http_request=http_request,
        )
    return ordered


def ordered_measure_remove(
    *, actor: Any, access: CaseAccess, ordered: OrderedMeasure, http_request: HttpRequest | None = None
) -> None:
    """Removes a measure recorded by mistake; the timeline and the audit log keep that it was there."""
    decision = ordered.decision
    _require_edit(access, decision.case_id)
    with transaction.atomic():
        code, pk = ordered.measure_type.code, ordered.pk
        OrderedMeasure.objects.filter(pk=pk).delete()
        _record(
            actor=actor,
            access=access,
            obj=decision,
            action=AuditAction.UPDATE,
            what="measure_unordered",
            fields=["ordered_measures"],
            summary=code,
            data={"decision": decision.pk, "ordered": pk},
            http_request=http_request,
        )


# Hearings -----------------------------------------------------------------------------------


def _clean_hearing(access: CaseAccess, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["purpose"] = (values.get("purpose") or "").strip()
    values["outcome"] = (values.get("outcome") or "").strip()
    decision = values.get("decision")
    if decision is not None and decision.case_id != access.case.pk:
        errors["decision"] = _("Choose a decision of this case.")
    if values.get("at") is None:
        errors["at"] = _("Enter the date and time of the hearing.")
    elif values["outcome"] and values["at"] > timezone.now():
        errors["outcome"] = _("The outcome can be recorded once the hearing has taken place.")
    if court_rules().court(values.get("court") or "") is None:
        errors["court"] = _("Choose the court.")
    if not values["purpose"]:
        errors["purpose"] = _("Say what the hearing is about.")
    _raise(errors)
    return values


def _hearing_title(hearing: Hearing) -> str:
    return _("Court hearing at %(time)s") % {"time": timezone.localtime(hearing.at).strftime("%H:%M")}


def _hearing_task(actor: Any, access: CaseAccess, hearing: Hearing, http: Any) -> CaseTask | None:
    # Once the outcome is in, the hearing has taken place: its reminder is done.
    due = None if hearing.outcome else timezone.localtime(hearing.at).date()
    remind = court_rules().hearing_remind_days
    return _schedule(
        actor=actor, access=access, task_id=hearing.task_id, due_on=due, title=_hearing_title(hearing), remind=remind, http=http
    )


def hearing_record(*, actor: Any, access: CaseAccess, http_request: HttpRequest | None = None, **values: Any) -> Hearing:
    """Records a hearing (``values``: the HEARING_FIELDS); an upcoming one gets a reminder."""
    _require_edit(access)
    values = _clean_hearing(access, {name: values.get(name) for name in HEARING_FIELDS})
    with transaction.atomic():
        hearing = Hearing(case=access.case, created_by=actor, **values)
        hearing.full_clean(exclude=["case", "created_by", "decision", "task"])
        hearing.save()
        hearing.task = _hearing_task(actor, access, hearing, http_request)
        if hearing.task is not None:
            hearing.save(update_fields=["task"])
        _record(
            actor=actor,
            access=access,
            obj=hearing,
            action=AuditAction.CREATE,
            what="hearing_recorded",
            fields=HEARING_FIELDS,
            data={"hearing": hearing.pk, "at": hearing.at.isoformat()},
            http_request=http_request,
        )
    return hearing


def hearing_update(
    *,
    actor: Any,
    access: CaseAccess,
    hearing: Hearing,
    expected_version: int,
    http_request: HttpRequest | None = None,
    **values: Any,
) -> Hearing:
    """Changes a hearing: moved, or its outcome recorded after it took place."""
    _require_edit(access, hearing.case_id)
    values = _clean_hearing(access, {name: values.get(name) for name in HEARING_FIELDS})
    with transaction.atomic():
        current = _locked(Hearing, hearing.pk, expected_version)
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, values[name])
        current.full_clean(exclude=["case", "created_by", "decision", "task"])
        if {"at", "outcome"} & set(changed):
            current.task = _hearing_task(actor, access, current, http_request)
            changed.append("task")
        _bump(current, changed)
        fields = [c for c in changed if c != "task"]
        _record(
            actor=actor,
            access=access,
            obj=current,
            action=AuditAction.UPDATE,
            what="hearing_held" if "outcome" in fields and current.outcome else "hearing_changed",
            fields=fields,
            data={"hearing": current.pk, "at": current.at.isoformat(), "fields": sorted(fields)},
            http_request=http_request,
        )
    return current


# Remedies -----------------------------------------------------------------------------------


def remedy_lodge(
    *,
    actor: Any,
    access: CaseAccess,
    decision: JudicialDecision,
    kind: str,
    lodged_on: dt.date | None,
    lodged_by_person: Any = None,
    lodged_by_name: str = "",
    http_request: HttpRequest | None = None,
) -> LegalRemedy:
    """Records an appeal or a request to amend or lift; its time limit comes from the rule in
    force (none when no rule is set: no date is guessed)."""
    _require_edit(access, decision.case_id)
    errors: dict[str, str] = {}
    name = (lodged_by_name or "").strip()
    if kind not in RemedyKind.values:
        errors["kind"] = _("Choose an appeal or a request.")
    if lodged_on is None:
        errors["lodged_on"] = _("Enter the date it was lodged.")
    elif lodged_on > timezone.localdate():
        errors["lodged_on"] = _("The date it was lodged must be today or in the past.")
    elif lodged_on < decision.decided_on:
        errors["lodged_on"] = _("The date it was lodged must be on or after the date of the decision.")
    if lodged_by_person is not None and lodged_by_person.pk not in {p.pk for p in case_people(access.case)}:
        errors["lodged_by_person"] = _("Choose a person of the case.")
    elif (lodged_by_person is None) == (not name):
        errors["lodged_by_person"] = _("Choose who lodged it, or write the name of someone outside the case, not both.")
    _raise(errors)
    assert lodged_on is not None  # checked above
    rule = effective_rules()[kind]
    with transaction.atomic():
        remedy = LegalRemedy.objects.create(
            decision=decision,
            kind=kind,
            lodged_on=lodged_on,
            lodged_by_person=lodged_by_person,
            lodged_by_name=name,
            deadline_on=time_limit(rule, decision.time_limit_start),
            rule=rule.rule or "",
            created_by=actor,
        )
        _record(
            actor=actor,
            access=access,
            obj=remedy,
            action=AuditAction.CREATE,
            what="remedy_lodged",
            fields=["kind", "lodged_on", "lodged_by_person", "lodged_by_name", "deadline_on"],
            data={"decision": decision.pk, "remedy": remedy.pk, "kind": kind},
            http_request=http_request,
        )
    return remedy


def remedy_close(
    *,
    actor: Any,
    access: CaseAccess,
    remedy: LegalRemedy,
    expected_version: int,
    status: str,
    outcome: str = "",
    decided_on: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> LegalRemedy:
    """The court decided on the remedy (with its outcome and date), or it was withdrawn."""
    _require_edit(access, remedy.decision.case_id)
    outcome = (outcome or "").strip()
    errors: dict[str, str] = {}
    if status not in (RemedyStatus.DECIDED, RemedyStatus.WITHDRAWN):
        errors["status"] = _("Choose whether the court decided or the remedy was withdrawn.")
    elif REMEDY_MACHINE.needs(RemedyStatus.LODGED, status)["outcome"] and not outcome:
        errors["outcome"] = _("Write what the court decided.")
    if decided_on is None:
        errors["decided_on"] = _("Enter the date.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("The date must be today or in the past.")
    elif decided_on < remedy.lodged_on:
        errors["decided_on"] = _("The date must be on or after the day it was lodged.")
    _raise(errors)
    with transaction.atomic():
        current = _locked(LegalRemedy, remedy.pk, expected_version)
        if not REMEDY_MACHINE.can_transition(current.status, status):
            raise TransitionNotAllowed(current.status, status)
        old = current.status
        current.status, current.outcome, current.decided_on = status, outcome, decided_on
        _bump(current, ["status", "outcome", "decided_on"])
        _record(
            actor=actor,
            access=access,
            obj=current,
            action=AuditAction.TRANSITION,
            what="remedy_" + status,
            fields=["status", "outcome", "decided_on"],
            data={"decision": current.decision_id, "remedy": current.pk, "kind": current.kind, "from": old, "to": status},
            http_request=http_request,
        )
    return current


# The administrators' time limits -------------------------------------------------------------


def time_limit_set(*, actor: Any, kind: str, rule: str | None, http_request: HttpRequest | None = None) -> None:
    """Sets (or, with no rule, clears) the time limit of one kind of remedy. Remedies already
    lodged keep the time limit they were given; decisions' pages show the new one at once."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    if kind not in RemedyKind.values:
        raise ValidationError({"kind": _("Choose an appeal or a request.")})
    parsed = None
    if rule:
        try:
            parsed = deadlines.parse_rule(rule)
        except deadlines.InvalidRule:
            raise ValidationError({"count": _("Enter a number of days or months that makes a sensible time limit.")}) from None
    with transaction.atomic():
        setting = CourtDeadlineSetting.objects.select_for_update().filter(kind=kind).first()
        if parsed is None:
            if setting is None:
                return
            setting.delete()
        else:
            setting, _created = CourtDeadlineSetting.objects.update_or_create(
                kind=kind, defaults={"rule": str(parsed), "set_by": actor, "set_at": timezone.now()}
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=CourtDeadlineSetting._meta.label_lower,
            object_id=kind,
            fields=["rule"],
            request=http_request,
            reason=str(parsed) if parsed else "cleared",
        )
