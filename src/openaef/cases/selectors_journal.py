"""Reading a case's journal: notes, documents, deadlines and tasks, as the reader may see them.

Every function here takes a ``CaseAccess`` from ``cases.selectors.get_case_for``: the case is
already known to be visible. What remains is the confidentiality of each note and document
(``Confidentiality.RESTRICTED``: the author, the case's coordinator and the head of its
office only; an emergency access reads ordinary entries only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.pagination import Page, SortKey, keyset_page

from .models import CaseFile, CaseTask, Confidentiality, Document, JournalNote
from .selectors import CaseAccess, visible_cases

CASE_PAGE_NOTES = 20
CASE_PAGE_DOCUMENTS = 20
CASE_PAGE_TASKS = 50
CASE_PAGE_DONE_TASKS = 10
JOURNAL_PAGE_SIZE = 25
OVERDUE_PAGE_SIZE = 50
# The overdue page lists what is late, then what falls due within this many days.
DUE_SOON_DAYS = 14

NOTE_KEYS = [SortKey("occurred_on", True), SortKey("id", True)]
TASK_KEYS = [SortKey("due_on", False), SortKey("id", False)]


def head_of_offices(user: Any) -> frozenset[int]:
    """The offices ``user`` heads, read once per user object (a page asks for each row)."""
    cached = getattr(user, "_openaef_head_of", None)
    if cached is None:
        cached = frozenset()
        if getattr(user, "is_authenticated", False) and user.has_role(Role.OFFICE_HEAD):
            cached = frozenset(
                user.memberships.filter(role=Role.OFFICE_HEAD, office__isnull=False).values_list("office_id", flat=True)
            )
        user._openaef_head_of = cached
    return cached


def is_office_head_of(user: Any, case: CaseFile) -> bool:
    return case.office_id in head_of_offices(user)


def reads_restricted(user: Any, access: CaseAccess) -> bool:
    """The case's coordinator and the head of its office read every entry (never in an emergency)."""
    if access.emergency or not getattr(user, "is_authenticated", False):
        return False
    return access.case.coordinator_id == user.pk or is_office_head_of(user, access.case)


def _confidentiality_filter(user: Any, access: CaseAccess, author_field: str) -> Q:
    if reads_restricted(user, access):
        return Q()
    normal = Q(confidentiality=Confidentiality.NORMAL)
    if access.emergency:
        return normal
    return normal | Q(**{author_field: user.pk})


def visible_notes(user: Any, access: CaseAccess) -> QuerySet[JournalNote]:
    return JournalNote.objects.filter(case=access.case).filter(_confidentiality_filter(user, access, "author"))


def visible_documents(user: Any, access: CaseAccess) -> QuerySet[Document]:
    return Document.objects.filter(case=access.case).filter(_confidentiality_filter(user, access, "uploaded_by"))


def get_note_for(user: Any, access: CaseAccess, pk: int) -> JournalNote:
    """A note of the case the user may read; Http404 for missing and restricted alike."""
    note = visible_notes(user, access).select_related("author").filter(pk=pk).first()
    if note is None:
        raise Http404
    return note


def get_document_for(user: Any, access: CaseAccess, pk: int) -> Document:
    document = visible_documents(user, access).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def get_task_for(user: Any, access: CaseAccess, pk: int) -> CaseTask:
    task = CaseTask.objects.filter(case=access.case, pk=pk).select_related("assigned_to").first()
    if task is None:
        raise Http404
    return task


def may_edit_note(user: Any, access: CaseAccess, note: JournalNote) -> bool:
    """Its author, or the head of the case's office, while they may change the case."""
    if not access.can_edit:
        return False
    return note.author_id == user.pk or is_office_head_of(user, access.case)


def may_change_task(user: Any, access: CaseAccess, task: CaseTask) -> bool:
    """Those who may change the case, and the person the task is assigned to (outside an emergency)."""
    return access.can_edit or (not access.emergency and task.assigned_to_id is not None and task.assigned_to_id == user.pk)


def notes_page(user: Any, access: CaseAccess, *, kind: str = "", cursor: str | None = None) -> Page[JournalNote]:
    notes = visible_notes(user, access).select_related("author")
    if kind:
        notes = notes.filter(kind=kind)
    return keyset_page(notes, NOTE_KEYS, cursor, JOURNAL_PAGE_SIZE)


def journal_context(user: Any, access: CaseAccess) -> dict[str, Any]:
    """What the case page's journal sections need (backoffice/cases/journal/_case_sections.html).

    Five queries whatever the size of the case: notes, documents, open tasks, done tasks and
    (for a reader who is not the coordinator) the office-head check.
    """
    notes = list(visible_notes(user, access).select_related("author")[: CASE_PAGE_NOTES + 1])
    documents = list(visible_documents(user, access).select_related("uploaded_by")[: CASE_PAGE_DOCUMENTS + 1])
    tasks = CaseTask.objects.filter(case=access.case).select_related("assigned_to")
    open_tasks = list(tasks.filter(done_at__isnull=True).order_by("due_on", "id")[:CASE_PAGE_TASKS])
    done_tasks = list(tasks.filter(done_at__isnull=False).order_by("-done_at", "-id")[:CASE_PAGE_DONE_TASKS])
    return {
        "journal_case": access.case,
        "journal_can_edit": access.can_edit,
        "journal_notes": notes[:CASE_PAGE_NOTES],
        "journal_more_notes": len(notes) > CASE_PAGE_NOTES,
        "journal_documents": documents[:CASE_PAGE_DOCUMENTS],
        "journal_more_documents": len(documents) > CASE_PAGE_DOCUMENTS,
        "journal_open_tasks": open_tasks,
        "journal_done_tasks": done_tasks,
        "journal_today": timezone.localdate(),
        "journal_editable_notes": {n.pk for n in notes if may_edit_note(user, access, n)} if access.can_edit else set(),
        "journal_changeable_tasks": {t.pk for t in open_tasks + done_tasks if may_change_task(user, access, t)},
    }


def my_tasks(user: Any) -> QuerySet[CaseTask]:
    """Open tasks assigned to ``user`` and, for the head of an office, those of the office's
    cases, among the cases they may see at all."""
    mine = Q(assigned_to=user)
    head_of = head_of_offices(user)
    if head_of:
        mine |= Q(case__office__in=head_of)
    return CaseTask.objects.filter(mine, done_at__isnull=True, case__in=visible_cases(user).values("pk"))


def overdue_page(
    user: Any, *, today: dt.date | None = None, cursor: str | None = None, http_request: HttpRequest | None = None
) -> Page[CaseTask]:
    """The user's late tasks first, then those due soon, oldest due date first.

    One audit entry for the page, naming the children of the cases shown.
    """
    today = today or timezone.localdate()
    tasks = my_tasks(user).filter(due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    page = keyset_page(tasks.select_related("case", "assigned_to"), TASK_KEYS, cursor, OVERDUE_PAGE_SIZE)
    if page.items:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type="cases.casetask",
            fields=["due_on", "title"],
            request=http_request,
            persons=[task.case.child_id for task in page.items],
        )
    return page
