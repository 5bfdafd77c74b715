"""Steps every consents service shares: access, validation of dates, version checks, the
state tables, the deadline task and the record (timeline, then audit last)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseTask, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import task_add, task_complete
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.placements.models import Placement

from . import parameters


def require_edit(access: CaseAccess, obj: Any = None) -> None:
    if not access.can_edit or (obj is not None and obj.case_id != access.case.pk):
        raise PermissionDenied


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def past_date(errors: dict[str, str], field: str, day: dt.date | None, missing: str, not_before: dt.date | None = None) -> None:
    if day is None:
        errors[field] = missing
    elif day > timezone.localdate():
        errors[field] = _("The date must be today or in the past.")
    elif not_before is not None and day < not_before:
        errors[field] = _("The date cannot be before %(day)s.") % {"day": not_before.strftime("%d/%m/%Y")}


def check_placement(access: CaseAccess, placement: Placement | None, errors: dict[str, str]) -> None:
    if placement is not None and placement.case_id != access.case.pk:
        errors["placement"] = _("Choose one of the case's placements.")


def save(obj: Any, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def locked(model: type[Any], obj: Any, expected_version: int) -> Any:
    current = model.objects.select_for_update().get(pk=obj.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def check_move(machine: Any, current: str, target: str, reason: str = "") -> None:
    if not machine.can_transition(current, target):
        raise TransitionNotAllowed(current, target)
    if machine.needs(current, target)["reason"] and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})


def record(
    *,
    actor: Any,
    access: CaseAccess,
    kind: str,
    obj: Any,
    data: dict[str, Any],
    summary: str,
    fields: Iterable[str],
    action: str = AuditAction.TRANSITION,
    persons: Iterable[int] = (),
    http_request: HttpRequest | None = None,
) -> None:
    case_event_record(case=access.case, actor=actor, kind=kind, summary=summary, data=data)
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        fields=fields,
        request=http_request,
        persons=[access.case.child_id, *persons],
    )


def deadline_task(
    *, actor: Any, access: CaseAccess, title: str, rule: str | None, start: dt.date, due_on: dt.date | None, **extra: Any
) -> CaseTask:
    """A deadline computed from the pack's rule, or a task on the typed date, reminded before."""
    remind = parameters.consent_rules().remind_before
    if rule:
        return task_add(
            actor=actor,
            access=access,
            kind=TaskKind.DEADLINE,
            title=title,
            rule=rule,
            start=start,
            remind_days_before=remind,
            **extra,
        )
    return task_add(
        actor=actor, access=access, kind=TaskKind.TASK, title=title, due_on=due_on, remind_days_before=remind, **extra
    )


def close_task(actor: Any, access: CaseAccess, task_id: int | None, http_request: HttpRequest | None) -> None:
    task = CaseTask.objects.filter(pk=task_id, case_id=access.case.pk, done_at__isnull=True).first() if task_id else None
    if task is not None:
        task_complete(actor=actor, access=access, task=task, expected_version=task.version, http_request=http_request)
