"""The data protection officer's pages (the log, emergency accesses) and the emergency access form."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.audit.models import AuditAction, AuditEvent
from openaef.audit.selectors import (
    LogFilters,
    emergency_access_page,
    emergency_access_unreviewed_count,
    get_emergency_access,
    log_page,
    log_rows,
    log_users,
)
from openaef.audit.services import audit_record, emergency_access_open, emergency_access_review, emergency_duration
from openaef.audit.subjects import emergency_subject, is_emergency_subject
from openaef.core.access import require_permission
from openaef.core.text import spreadsheet_safe

from .forms_audit import AuditLogFilterForm, EmergencyAccessForm, EmergencyReviewForm


def _record_search(request: HttpRequest, filters: LogFilters, action: str) -> None:
    # The DPO's own searches are in the log too, their filters in the reason. No person link:
    # a search by person would otherwise show up in every later search about that person.
    used = "; ".join(f"{name}={value}" for name, value in vars(filters).items() if value)
    audit_record(actor=request.user, action=action, object_type="audit.auditevent", reason=used, request=request)


@require_GET
@require_permission("audit.view_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditLogFilterForm(request.GET, users=log_users())
    filters = form.filters()
    page = log_page(filters, cursor=request.GET.get("cursor") or None)
    _record_search(request, filters, AuditAction.READ)
    context = {
        "form": form,
        "page": page,
        "filtered": filters.any(),
        "nav_section": "audit",
    }
    return render(request, "backoffice/audit/log.html", context)


_safe = spreadsheet_safe


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "sequence",
    "at",
    "user",
    "action",
    "record_type",
    "record",
    "fields",
    "persons",
    "address",
    "emergency",
    "reason",
    "hash",
]


def _csv_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for event in events:
        yield writer.writerow(
            [
                event.sequence,
                event.at.isoformat(),
                _safe(event.actor.email if event.actor else ""),
                event.action,
                _safe(event.object_type),
                _safe(event.object_id),
                _safe(" ".join(event.fields or [])),
                " ".join(str(link.person_id) for link in event.person_links.all()),
                event.ip_address or "",
                "yes" if event.emergency else "no",
                _safe(event.reason),
                event.hash,
            ]
        )


@require_GET
@require_permission("audit.view_log")
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = AuditLogFilterForm(request.GET, users=log_users()).filters()
    _record_search(request, filters, AuditAction.EXPORT)
    response = StreamingHttpResponse(_csv_lines(log_rows(filters)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@require_GET
@require_permission("audit.view_log")
def emergency_access_list(request: HttpRequest) -> HttpResponse:
    page = emergency_access_page(cursor=request.GET.get("cursor") or None)
    context = {
        "page": page,
        "unreviewed": emergency_access_unreviewed_count(),
        "now": timezone.now(),
        "nav_section": "emergency",
    }
    return render(request, "backoffice/audit/emergency_list.html", context)


@require_http_methods(["GET", "POST"])
@require_permission("audit.review_emergency_access")
def emergency_access_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_emergency_access(pk)
    if access is None:
        raise Http404
    form = EmergencyReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and access.reviewed_at is None:
        try:
            emergency_access_review(actor=request.user, access=access, note=form.cleaned_data["note"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("backoffice:emergency_access_list")
    subject = emergency_subject(access.subject_type) if is_emergency_subject(access.subject_type) else None
    context = {
        "access": access,
        "subject": subject,
        "form": form if access.reviewed_at is None else None,
        "error_summary": form.error_summary() if form.is_bound else [],
        "now": timezone.now(),
        "nav_section": "emergency",
    }
    return render(request, "backoffice/audit/emergency_detail.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@require_permission("audit.open_emergency_access")
def emergency_access(request: HttpRequest, subject_type: str, subject_id: int) -> HttpResponse:
    if not is_emergency_subject(subject_type):
        raise Http404
    subject = emergency_subject(subject_type)
    form = EmergencyAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency_access_open(
                actor=request.user,
                subject_type=subject_type,
                subject_id=subject_id,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Emergency access is open. The data protection officer has been told."))
            return redirect(reverse(subject.url_name, args=[subject_id]))
    context = {
        "subject": subject,
        "subject_id": subject_id,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "minutes": int(emergency_duration().total_seconds() // 60),
    }
    return render(request, "backoffice/audit/emergency_access.html", context, status=400 if form.errors else 200)
