"""A case's journal pages: notes, documents, deadlines and tasks; and the overdue tasks page.

Each view reaches the case through ``get_case_for`` (404 for missing and forbidden alike),
then the note, document or task through the journal selectors, which apply confidentiality.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import openaef.cases.rules_journal  # noqa: F401  (registers cases.write_journal)
from openaef.cases.models import NoteKind
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.cases.selectors_journal import (
    get_document_for,
    get_note_for,
    get_task_for,
    may_change_task,
    may_edit_note,
    notes_page,
    overdue_page,
)
from openaef.cases.services_journal import (
    document_add,
    document_downloaded,
    note_add,
    note_update,
    possible_assignees,
    task_add,
    task_complete,
    task_reopen,
    task_update,
)
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion

from .form_support import add_errors, with_version
from .forms_case_journal import RULE_FIELDS, DocumentForm, DoneForm, JournalFilterForm, NoteForm, TaskForm, task_initial

READ = "cases.view_cases"
WRITE = "cases.write_journal"
TEMPLATES = "backoffice/cases/journal/"


def case_url(case_pk: int, anchor: str = "") -> str:
    """The case page (cases helper's) when it exists, else the journal page."""
    try:
        url = reverse("backoffice:case_detail", args=[case_pk])
    except NoReverseMatch:
        url = reverse("backoffice:case_journal", args=[case_pk])
    return f"{url}#{anchor}" if anchor else url


def _writable(request: HttpRequest, pk: int) -> CaseAccess:
    access = get_case_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    return access


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    form = context.get("form")
    errors = list(context.pop("errors", []))
    context["error_summary"] = [("", str(e)) for e in errors] + (form.error_summary() if form is not None else [])
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


# Journal and notes ---------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def case_journal(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request)
    filters = JournalFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = notes_page(request.user, access, kind=kind, cursor=request.GET.get("cursor"))
    context = {
        "case": access.case,
        "access": access,
        "filters": filters,
        "kind": kind,
        "page": page,
        "editable": {n.pk for n in page.items if may_edit_note(request.user, access, n)},
        "case_url": case_url(pk),
    }
    return _page(request, "journal.html", context)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def case_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = _writable(request, pk)
    form = NoteForm(request.POST or None, initial={"occurred_on": timezone.localdate(), "kind": NoteKind.VISIT})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note_add(
                actor=request.user,
                access=access,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                title=data["title"],
                text=data["text"],
                confidentiality=data["confidentiality"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note was added."))
            return redirect(case_url(pk, "journal-notes"))
    return _page(request, "note_form.html", {"case": access.case, "form": form, "note": None, "case_url": case_url(pk)})


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def case_note_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    access = _writable(request, pk)
    note = get_note_for(request.user, access, note_pk)
    if not may_edit_note(request.user, access, note):
        raise PermissionDenied
    context: dict[str, Any] = {"case": access.case, "note": note, "case_url": case_url(pk), "current": None}
    if request.method == "GET":
        initial = {f: getattr(note, f) for f in ("kind", "occurred_on", "title", "text", "confidentiality", "version")}
        return _page(request, "note_form.html", {**context, "form": NoteForm(initial=initial)})
    form = NoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            note_update(
                actor=request.user,
                access=access,
                note=note,
                expected_version=data["version"] or 0,
                **{f: data[f] for f in ("kind", "occurred_on", "title", "text", "confidentiality")},
                http_request=request,
            )
        except StaleVersion:
            fresh = get_note_for(request.user, access, note_pk)
            form = NoteForm(with_version(request.POST, "version", fresh.version))
            form.is_valid()
            context.update(note=fresh, current=fresh, errors=[StaleVersion.message])
            return _page(request, "note_form.html", {**context, "form": form}, status=409)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note was saved."))
            return redirect(case_url(pk, "journal-notes"))
    return _page(request, "note_form.html", {**context, "form": form})


# Documents -----------------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def case_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    access = _writable(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_add(
                actor=request.user,
                access=access,
                upload=data["file"],
                title=data["title"],
                document_type=data["document_type"],
                confidentiality=data["confidentiality"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(case_url(pk, "journal-documents"))
    context = {
        "case": access.case,
        "form": form,
        "case_url": case_url(pk),
        # A browser never fills a file input again: say so rather than let the file silently vanish.
        "file_lost": form.is_bound and bool(request.FILES),
    }
    return _page(request, "document_form.html", context)


@require_permission(READ)
@require_GET
def case_document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    access = get_case_for(request.user, pk, http_request=request, audit=False)
    document = get_document_for(request.user, access, document_pk)
    handle = document.file.open("rb")
    document_downloaded(actor=request.user, access=access, document=document, http_request=request)
    # FileResponse writes the original name as RFC 6266 filename*=utf-8'' when it is not ASCII.
    response = FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, nothing in it may run or load.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Deadlines and tasks -------------------------------------------------------------------------


def _task_service_kwargs(form: TaskForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title"],
        "details": data["details"],
        "due_on": data["due_on"],
        "rule": data["rule"],
        "start": data["start"],
        "assigned_to": data["assignee"],
        "remind_days_before": data["remind_days_before"],
    }


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def case_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = _writable(request, pk)
    assignees = possible_assignees(access)
    default = access.case.coordinator_id or request.user.pk
    form = TaskForm(request.POST or None, assignees=assignees, initial={"assigned_to": default})
    if request.method == "POST" and form.is_valid():
        try:
            task_add(actor=request.user, access=access, http_request=request, **_task_service_kwargs(form))
        except ValidationError as error:
            add_errors(form, error, RULE_FIELDS)
        else:
            messages.success(request, _("The deadline or task was added."))
            return redirect(case_url(pk, "journal-tasks"))
    return _page(request, "task_form.html", {"case": access.case, "form": form, "task": None, "case_url": case_url(pk)})


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def case_task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    access = _writable(request, pk)
    task = get_task_for(request.user, access, task_pk)
    assignees = possible_assignees(access)
    context: dict[str, Any] = {"case": access.case, "task": task, "case_url": case_url(pk), "current": None}
    if request.method == "GET":
        return _page(request, "task_form.html", {**context, "form": TaskForm(initial=task_initial(task), assignees=assignees)})
    form = TaskForm(request.POST, assignees=assignees)
    if form.is_valid():
        try:
            task_update(
                actor=request.user,
                access=access,
                task=task,
                expected_version=form.cleaned_data["version"] or 0,
                http_request=request,
                **_task_service_kwargs(form),
            )
        except StaleVersion:
            fresh = get_task_for(request.user, access, task_pk)
            form = TaskForm(with_version(request.POST, "version", fresh.version), assignees=assignees)
            form.is_valid()
            context.update(task=fresh, current=fresh, errors=[StaleVersion.message])
            return _page(request, "task_form.html", {**context, "form": form}, status=409)
        except ValidationError as error:
            add_errors(form, error, RULE_FIELDS)
        else:
            messages.success(request, _("The deadline or task was saved."))
            return redirect(case_url(pk, "journal-tasks"))
    return _page(request, "task_form.html", {**context, "form": form})


def _set_done(request: HttpRequest, pk: int, task_pk: int, *, done: bool) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request, audit=False)
    task = get_task_for(request.user, access, task_pk)
    if not may_change_task(request.user, access, task):
        raise PermissionDenied
    form = DoneForm(request.POST)
    target = {
        "overdue": reverse("backoffice:tasks_overdue"),
        "journal": reverse("backoffice:case_journal", args=[pk]),
    }.get(request.POST.get("back", ""), case_url(pk, "journal-tasks"))
    if not form.is_valid():
        messages.error(request, _("The page was out of date: try again."))
        return redirect(target)
    service = task_complete if done else task_reopen
    try:
        service(actor=request.user, access=access, task=task, expected_version=form.cleaned_data["version"], http_request=request)
    except StaleVersion:
        messages.error(request, _("Someone else changed this deadline or task in the meantime: check it, then try again."))
    else:
        messages.success(request, _("Marked as done.") if done else _("Marked as not done."))
    return redirect(target)


@require_permission(WRITE)
@require_POST
def case_task_complete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _set_done(request, pk, task_pk, done=True)


@require_permission(WRITE)
@require_POST
def case_task_reopen(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _set_done(request, pk, task_pk, done=False)


@require_permission(READ)
@require_GET
def tasks_overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = overdue_page(request.user, today=today, cursor=request.GET.get("cursor"), http_request=request)
    for task in page.items:
        task.case_url = case_url(task.case_id, "journal-tasks")  # type: ignore[attr-defined]
    context = {"page": page, "today": today, "nav_section": "tasks"}
    return _page(request, "tasks_overdue.html", context)
