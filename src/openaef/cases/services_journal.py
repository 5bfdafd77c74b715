"""Writes on a case's journal: notes, documents, deadlines and tasks.

Each service runs in one transaction, checks that the actor may change the case (the
``CaseAccess`` from ``get_case_for``), records one timeline event and one audit entry naming
the child. Notes and tasks carry a version: a save based on a stale read raises StaleVersion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.accounts.models import Membership, Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion

from . import deadlines
from .documents import check_upload, clean_original_name, random_name, sha256_of
from .models import CaseEventKind, CaseTask, Confidentiality, Document, JournalNote, NoteKind, TaskKind
from .selectors import CaseAccess
from .selectors_journal import may_change_task, may_edit_note
from .timeline import case_event_record

NOTE_FIELDS = ["kind", "occurred_on", "title", "text", "confidentiality"]
TASK_FIELDS = ["kind", "title", "details", "due_on", "remind_on", "rule", "assigned_to"]
DEFAULT_REMIND_DAYS = 3
MAX_REMIND_DAYS = 60


def _require_edit(access: CaseAccess) -> None:
    if not access.can_edit:
        raise PermissionDenied


def _summary(confidentiality: str, text: str) -> str:
    # The timeline is read by everyone on the case: a restricted entry shows no title there.
    return text if confidentiality == Confidentiality.NORMAL else ""


# Notes ---------------------------------------------------------------------------------------


def _check_note(*, kind: str, occurred_on: dt.date | None, text: str, confidentiality: str) -> None:
    errors: dict[str, str] = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Choose the type of note.")
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date must be today or in the past.")
    if not (text or "").strip():
        errors["text"] = _("Enter the note.")
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = _("Choose who may read it.")
    if errors:
        raise ValidationError(errors)


def note_add(
    *,
    actor: Any,
    access: CaseAccess,
    kind: str,
    occurred_on: dt.date,
    title: str,
    text: str,
    confidentiality: str = Confidentiality.NORMAL,
    http_request: HttpRequest | None = None,
) -> JournalNote:
    _require_edit(access)
    _check_note(kind=kind, occurred_on=occurred_on, text=text, confidentiality=confidentiality)
    case = access.case
    with transaction.atomic():
        note = JournalNote(
            case=case,
            author=actor,
            kind=kind,
            occurred_on=occurred_on,
            title=(title or "").strip(),
            text=text.strip(),
            confidentiality=confidentiality,
        )
        note.full_clean(exclude=["case", "author"])
        note.save()
        case_event_record(
            case=case,
            actor=actor,
            kind=CaseEventKind.NOTE,
            summary=_summary(confidentiality, note.title),
            data={"note": note.pk, "action": "added", "kind": kind, "confidentiality": confidentiality},
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=note, fields=NOTE_FIELDS, request=http_request, persons=[case.child_id]
        )
    return note


def note_update(
    *,
    actor: Any,
    access: CaseAccess,
    note: JournalNote,
    expected_version: int,
    kind: str,
    occurred_on: dt.date,
    title: str,
    text: str,
    confidentiality: str,
    http_request: HttpRequest | None = None,
) -> JournalNote:
    """Changes a note: its author, or the head of the case's office."""
    if note.case_id != access.case.pk or not may_edit_note(actor, access, note):
        raise PermissionDenied
    _check_note(kind=kind, occurred_on=occurred_on, text=text, confidentiality=confidentiality)
    with transaction.atomic():
        current = JournalNote.objects.select_for_update().get(pk=note.pk)
        if current.version != expected_version:
            raise StaleVersion
        new = {
            "kind": kind,
            "occurred_on": occurred_on,
            "title": (title or "").strip(),
            "text": text.strip(),
            "confidentiality": confidentiality,
        }
        changed = [name for name, value in new.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, new[name])
        current.version += 1
        current.full_clean(exclude=["case", "author"])
        current.save(update_fields=[*changed, "version", "updated_at"])
        case_event_record(
            case=access.case,
            actor=actor,
            kind=CaseEventKind.NOTE,
            summary=_summary(current.confidentiality, current.title),
            data={"note": current.pk, "action": "changed", "fields": changed, "confidentiality": current.confidentiality},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            fields=changed,
            request=http_request,
            persons=[access.case.child_id],
        )
    return current


# Documents -----------------------------------------------------------------------------------


def document_add(
    *,
    actor: Any,
    access: CaseAccess,
    upload: UploadedFile,
    title: str,
    document_type: str,
    confidentiality: str = Confidentiality.NORMAL,
    http_request: HttpRequest | None = None,
) -> Document:
    """Keeps an uploaded file with the case once its content is checked (cases/documents.py)."""
    _require_edit(access)
    found = check_upload(upload)
    case = access.case
    document = Document(
        case=case,
        uploaded_by=actor,
        document_type=document_type,
        title=(title or "").strip(),
        original_name=clean_original_name(upload.name or ""),
        content_type=found.mime_type,
        size=upload.size or 0,
        sha256=sha256_of(upload),
        confidentiality=confidentiality,
    )
    document.full_clean(exclude=["case", "uploaded_by", "file"])
    # The file is written first and removed again if the row cannot be saved: no orphan rows,
    # and no orphan files beyond a crash between the two.
    document.file.save(random_name(found), upload, save=False)
    try:
        with transaction.atomic():
            document.save()
            case_event_record(
                case=case,
                actor=actor,
                kind=CaseEventKind.DOCUMENT,
                summary=_summary(confidentiality, document.title),
                data={"document": document.pk, "type": document_type, "confidentiality": confidentiality},
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=document,
                fields=["title", "document_type", "file", "original_name", "confidentiality"],
                request=http_request,
                persons=[case.child_id],
            )
    except Exception:
        if document.file.name:
            default_storage.delete(document.file.name)
        raise
    return document


def document_downloaded(*, actor: Any, access: CaseAccess, document: Document, http_request: HttpRequest | None = None) -> None:
    """Records that ``actor`` took a copy of the file (an export of personal data)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=document,
        fields=["file"],
        request=http_request,
        persons=[access.case.child_id],
        emergency=access.emergency,
    )


# Deadlines and tasks -------------------------------------------------------------------------


def possible_assignees(access: CaseAccess) -> list[Any]:
    """Who a task on this case may be given to: its coordinator and the office's coordinators and head."""
    case = access.case
    members = (
        Membership.objects.filter(office=case.office_id, role__in=[Role.COORDINATOR, Role.OFFICE_HEAD], user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    people = {m.user.pk: m.user for m in members}
    if case.coordinator is not None and case.coordinator.is_active:
        people.setdefault(case.coordinator.pk, case.coordinator)
    return sorted(people.values(), key=lambda u: (u.full_name, u.pk))


def stored_rule(rule: deadlines.Rule, start: dt.date) -> str:
    return f"{rule} from {start.isoformat()}"


def parse_stored_rule(text: str) -> tuple[deadlines.Rule, dt.date] | None:
    """The rule and start date a task's due date was computed from, or None when typed."""
    rule, sep, start = (text or "").partition(" from ")
    try:
        return (deadlines.parse_rule(rule), dt.date.fromisoformat(start)) if sep else None
    except ValueError:
        return None


def task_dates(
    *, kind: str, due_on: dt.date | None, rule: str | None, start: dt.date | None, remind_days_before: int | None
) -> tuple[dt.date, str, dt.date | None]:
    """(due_on, stored rule, remind_on), or ValidationError naming the fields to fix."""
    errors: dict[str, str] = {}
    parsed = None
    if rule:
        try:
            parsed = deadlines.parse_rule(rule)
        except deadlines.InvalidRule:
            errors["rule"] = _("Choose how the deadline is counted.")
        if start is None:
            errors["start"] = _("Enter the date the deadline counts from.")
        if due_on is not None:
            errors["due_on"] = _("Either enter a due date or choose a rule, not both.")
    elif kind == TaskKind.DEADLINE:
        # DESIGN.md: deadlines are computed by the calendar rules, never typed by hand.
        errors["rule"] = _("A deadline is computed from a rule: choose how it is counted.")
    elif due_on is None:
        errors["due_on"] = _("Enter the due date.")
    if remind_days_before is not None and not 0 <= remind_days_before <= MAX_REMIND_DAYS:
        errors["remind_days_before"] = _("Enter a number of working days between 0 and %(max)d.") % {"max": MAX_REMIND_DAYS}
    if errors:
        raise ValidationError(errors)
    if parsed is not None and start is not None:
        due = deadlines.compute_due(parsed, start)
        text = stored_rule(parsed, start)
    else:
        assert due_on is not None
        due, text = due_on, ""
    return due, text, deadlines.reminder_date(due, remind_days_before)


def _check_assignee(access: CaseAccess, assigned_to: Any) -> Any:
    if assigned_to is None:
        return access.case.coordinator
    if assigned_to.pk not in {u.pk for u in possible_assignees(access)}:
        raise ValidationError({"assigned_to": _("Choose someone who works on this case.")})
    return assigned_to


def _task_event(access: CaseAccess, actor: Any, task: CaseTask, action: str, http_request: Any, fields: list[str]) -> None:
    case_event_record(
        case=access.case,
        actor=actor,
        kind=CaseEventKind.TASK,
        summary=task.title,
        data={"task": task.pk, "action": action, "kind": task.kind, "due_on": task.due_on.isoformat()},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if action == "added" else AuditAction.UPDATE,
        obj=task,
        fields=fields,
        request=http_request,
        persons=[access.case.child_id],
    )


def task_add(
    *,
    actor: Any,
    access: CaseAccess,
    kind: str,
    title: str,
    details: str = "",
    due_on: dt.date | None = None,
    rule: str | None = None,
    start: dt.date | None = None,
    assigned_to: Any = None,
    remind_days_before: int | None = DEFAULT_REMIND_DAYS,
    http_request: HttpRequest | None = None,
) -> CaseTask:
    """A deadline (due date computed from ``rule`` counted from ``start``) or a task (a due
    date typed, or a rule), reminded ``remind_days_before`` working days before it falls due."""
    _require_edit(access)
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = _("Choose a deadline or a task.")
    if not (title or "").strip():
        errors["title"] = _("Say what has to be done.")
    try:
        due, stored, remind_on = task_dates(
            kind=kind, due_on=due_on, rule=rule, start=start, remind_days_before=remind_days_before
        )
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    try:
        assignee = _check_assignee(access, assigned_to)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = CaseTask(
            case=access.case,
            kind=kind,
            title=title.strip(),
            details=(details or "").strip(),
            due_on=due,
            remind_on=remind_on,
            rule=stored,
            assigned_to=assignee,
            created_by=actor,
        )
        task.full_clean(exclude=["case", "assigned_to", "created_by", "done_by"])
        task.save()
        _task_event(access, actor, task, "added", http_request, TASK_FIELDS)
    return task


def task_update(
    *,
    actor: Any,
    access: CaseAccess,
    task: CaseTask,
    expected_version: int,
    kind: str,
    title: str,
    details: str = "",
    due_on: dt.date | None = None,
    rule: str | None = None,
    start: dt.date | None = None,
    assigned_to: Any = None,
    remind_days_before: int | None = DEFAULT_REMIND_DAYS,
    http_request: HttpRequest | None = None,
) -> CaseTask:
    _require_edit(access)
    if task.case_id != access.case.pk:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in TaskKind.values:
        errors["kind"] = _("Choose a deadline or a task.")
    if not (title or "").strip():
        errors["title"] = _("Say what has to be done.")
    try:
        due, stored, remind_on = task_dates(
            kind=kind, due_on=due_on, rule=rule, start=start, remind_days_before=remind_days_before
        )
        assignee = _check_assignee(access, assigned_to)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = CaseTask.objects.select_for_update().get(pk=task.pk)
        if current.version != expected_version:
            raise StaleVersion
        new = {
            "kind": kind,
            "title": title.strip(),
            "details": (details or "").strip(),
            "due_on": due,
            "remind_on": remind_on,
            "rule": stored,
            "assigned_to": assignee,
        }
        changed = [name for name, value in new.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, new[name])
        update = [*changed, "version", "updated_at"]
        if {"remind_on", "assigned_to"} & set(changed):
            # A new date or a new person: the reminder goes out again.
            current.reminded_at = None
            update.append("reminded_at")
        current.version += 1
        current.full_clean(exclude=["case", "assigned_to", "created_by", "done_by"])
        current.save(update_fields=update)
        _task_event(access, actor, current, "changed", http_request, changed)
    return current


def _set_done(
    *, actor: Any, access: CaseAccess, task: CaseTask, expected_version: int, done: bool, http_request: HttpRequest | None
) -> CaseTask:
    if task.case_id != access.case.pk or not may_change_task(actor, access, task):
        raise PermissionDenied
    with transaction.atomic():
        current = CaseTask.objects.select_for_update().get(pk=task.pk)
        if (current.done_at is not None) == done:
            # Already in the state asked for (a double click, or a colleague was quicker).
            return current
        if current.version != expected_version:
            raise StaleVersion
        current.done_at = timezone.now() if done else None
        current.done_by = actor if done else None
        current.version += 1
        current.save(update_fields=["done_at", "done_by", "version", "updated_at"])
        _task_event(access, actor, current, "done" if done else "reopened", http_request, ["done_at", "done_by"])
    return current


def task_complete(
    *, actor: Any, access: CaseAccess, task: CaseTask, expected_version: int, http_request: HttpRequest | None = None
) -> CaseTask:
    return _set_done(
        actor=actor, access=access, task=task, expected_version=expected_version, done=True, http_request=http_request
    )


def task_reopen(
    *, actor: Any, access: CaseAccess, task: CaseTask, expected_version: int, http_request: HttpRequest | None = None
) -> CaseTask:
    return _set_done(
        actor=actor, access=access, task=task, expected_version=expected_version, done=False, http_request=http_request
    )


def task_mark_reminded(*, task_id: int, now: dt.datetime | None = None) -> bool:
    """Claims a task's reminder: True for the one caller that may send it (never twice).

    Not a user's change: the version stays, so nobody's open edit form goes stale.
    """
    claimed = CaseTask.objects.filter(pk=task_id, reminded_at__isnull=True, done_at__isnull=True).update(
        reminded_at=now or timezone.now()
    )
    return claimed == 1
