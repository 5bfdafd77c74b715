"""The data protection officer's retention pages: the rules in force, a preview of what a run
would do with a confirmation before the real run, the runs and each run's report (what it did to
which record, by kind, id and reference: never a name), with a CSV of its lines."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import UNITS
from openaef.core.access import require_permission
from openaef.rights import rules_retention  # noqa: F401 - the permissions below exist once it is imported
from openaef.rights.retention import retention_preview, retention_run_queue
from openaef.rights.retention_rules import ARCHIVE, KINDS, KindRule, retention_rules
from openaef.rights.retention_selectors import (
    get_retention_run_for,
    retention_runs_page,
    run_actions_page,
    run_actions_rows,
)

from .forms_retention import ActionFilterForm, RunConfirmForm

VIEW = "rights.view_retention"
RUN = "rights.run_retention"
TEMPLATES = "backoffice/retention/"


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("error_summary", [])
    context["nav_section"] = "retention"
    return render(request, TEMPLATES + template, context, status=status)


def period_label(rule_text: str) -> str:
    """ "months:24" as "24 months"; "" as "No period set"."""
    if not rule_text:
        return _("No period set")
    unit, _sep, count = rule_text.partition(":")
    return f"{count} {UNITS.get(unit, unit)}"


def then_label(then: str) -> str:
    return _("Archive") if then == ARCHIVE else _("Anonymise")


def _rule_row(rule: KindRule) -> dict[str, Any]:
    return {
        "label": rule.label,
        "period": period_label(rule.rule_text),
        "no_period": rule.period is None,
        "then": then_label(rule.then),
        "is_reference": bool(rule.reference),
        "basis": _("Reference") if rule.reference else _("Assumption"),
        "text": rule.reference or rule.assumption,
    }


def _summary_rows(summary: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for code, (label, _then) in KINDS.items():
        entry = summary.get(code)
        if entry is not None:
            next_due = dt.date.fromisoformat(entry["next_due"]) if entry.get("next_due") else None
            rows.append(
                {**entry, "code": code, "label": label, "period": period_label(entry["rule"]), "then": then_label(entry["then"])}
                | {"next_due": next_due}
            )
    return rows


@require_GET
@require_permission(VIEW)
def retention_rules_view(request: HttpRequest) -> HttpResponse:
    rows = [_rule_row(rule) for rule in retention_rules().kinds]
    return _render(request, "rules.html", {"rows": rows, "may_run": request.user.has_perm(RUN)})


@require_http_methods(["GET", "POST"])
@require_permission(RUN)
def retention_preview_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RunConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            run = retention_run_queue(actor=request.user, as_of=today)
            messages.success(request, _("The retention run has started. Its report fills in as it goes."))
            return redirect("backoffice:retention_run", run.pk)
        status = 400
    context = {
        "today": today,
        "rows": _summary_rows(retention_preview(as_of=today)),
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
    }
    return _render(request, "preview.html", context, status)


@require_GET
@require_permission(VIEW)
def retention_runs(request: HttpRequest) -> HttpResponse:
    page = retention_runs_page(request.user, cursor=request.GET.get("cursor") or None)
    return _render(request, "runs.html", {"page": page, "may_run": request.user.has_perm(RUN)})


@require_GET
@require_permission(VIEW)
def retention_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_retention_run_for(request.user, pk)
    filters = ActionFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("kind", "") if filters.is_bound and filters.is_valid() else ""
    context = {
        "run": run,
        "rows": _summary_rows(run.summary or {}),
        "filters": filters,
        "page": run_actions_page(run, kind=kind, cursor=request.GET.get("cursor") or None),
        "kind_labels": {code: label for code, (label, _then) in KINDS.items()},
        "may_run": request.user.has_perm(RUN),
    }
    return _render(request, "run.html", context)


def _csv_lines(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield writer.writerow(["kind", "object_id", "reference", "outcome", "last_contact", "rule", "at"])
    for kind, object_id, reference, outcome, last_contact, rule, at in rows:
        yield writer.writerow([kind, object_id, reference, outcome, last_contact or "", rule, at.isoformat()])


@require_GET
@require_permission(VIEW)
def retention_run_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = get_retention_run_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=run, request=request)
    response = StreamingHttpResponse(_csv_lines(run_actions_rows(run)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="retention-run-{run.pk}.csv"'
    return response
