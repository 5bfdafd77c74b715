"""The contribution pages: finance's worklist of measures to assess, the assessment form (with
its repeatable lines), the "check the amount" step that shows the computation line by line
before deciding, the assessment page (history, actions, letter), the reassessment form, and the
case-side page where coordinators read a measure's contribution.

Reads go through ``finance.selectors_assessments`` (404 for missing and forbidden alike), writes
through ``finance.services_assessments``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.consents.selectors import parent_candidates
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.packs import get_pack
from openaef.core.parameters import parameters_at
from openaef.finance import assessments_pack as pack_rules
from openaef.finance import assessments_text as text
from openaef.finance import letter
from openaef.finance import selectors_assessments as selectors
from openaef.finance import services_assessments as services
from openaef.finance.models import Assessment, ItemKind
from openaef.finance.states import AssessmentStatus
from openaef.measures.models import Measure

from . import presentation_finance_assessments as present
from .form_support import add_errors
from .forms_finance_assessments import (
    BLANK_ROWS,
    AssessmentForm,
    DiscardForm,
    ReassessForm,
    VersionForm,
    WorklistFilterForm,
    line_rows,
    raw_values,
    row_count,
)

READ = "finance.view_finance"
WRITE = "finance.change_finance"
CASE_READ = "finance.view_case_money"
TEMPLATES = "backoffice/finance/assessments/"
SORT_LABELS = [("oldest", "Oldest first"), ("newest", "Newest first"), ("case", "Case reference")]


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("nav_section", "finance")
    return render(request, TEMPLATES + template, context, status=status)


def detail_url(pk: int) -> str:
    return reverse("backoffice:assessment_detail", args=[pk])


# The worklist -----------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def assessment_worklist(request: HttpRequest) -> HttpResponse:
    types, offices = selectors.worklist_choices(get_pack().code)
    form = WorklistFilterForm(
        request.GET or None,
        types=[(t.code, f"{t.code} – {present_name(t.name)}") for t in types],
        offices=[(o.pk, present_name(o.name)) for o in offices],
    )
    filters = selectors.WorklistFilters(sort=request.GET.get("sort") or "oldest")
    if form.is_bound and form.is_valid():
        filters.measure_type = form.cleaned_data["measure_type"] or ""
        filters.office = form.cleaned_data["office"]
    page = selectors.measures_to_assess(request.user, filters, cursor=request.GET.get("cursor") or None, http_request=request)
    sorts = [(key, _(label)) for key, label in SORT_LABELS]
    context = {
        "form": form,
        "page": page,
        "rows": page.items,
        "sort": filters.sort if filters.sort in selectors.SORTS else "oldest",
        "sorts": sorts,
        "filtered": bool(filters.measure_type or filters.office),
    }
    return _render(request, "worklist.html", context)


def present_name(texts: Any) -> str:
    from openaef.core.templatetags.openaef import tr

    return str(tr(texts))


# The assessment form (create and change) --------------------------------------------------------


def _payers(measure: Measure) -> list[tuple[int, str]]:
    return [(p.pk, p.full_name) for p in parent_candidates(measure.case)]


def _choices(measure: Measure) -> dict[str, list[tuple[str, str]]]:
    P = parameters_at(measure.case.pack, timezone.localdate())
    return {kind: pack_rules.category_choices(P, kind) for kind in ItemKind.values}


def _rows(request: HttpRequest, measure: Measure, initial_items: list[Any] | None, *, bound: bool) -> dict[str, list[Any]]:
    choices = _choices(measure)
    data = request.POST if request.method == "POST" else None
    rows = {}
    for kind in ItemKind.values:
        if data is not None:
            count = row_count(data, kind, BLANK_ROWS[kind])
            if not bound and data.get("add") == kind:
                count += 1
            rows[kind] = line_rows(kind, choices=choices[kind], data=data, count=count, bound=bound)
        else:
            initial = [
                {"category": i.category, "label": i.label, "monthly": str(i.monthly)}
                for i in (initial_items or [])
                if i.kind == kind
            ]
            count = len(initial) + 1 if initial else BLANK_ROWS[kind]
            rows[kind] = line_rows(kind, choices=choices[kind], count=count, initial=initial)
    return rows


def _form_context(measure: Measure, form: AssessmentForm, rows: dict[str, list[Any]], **extra: Any) -> dict[str, Any]:
    errors = form.error_summary() if form.is_bound else []
    for kind in ItemKind.values:
        for row in rows[kind]:
            if row.is_bound:
                errors.extend(row.error_summary())
    return {
        "measure": measure,
        "case": measure.case,
        "form": form,
        "incomes": rows[ItemKind.INCOME],
        "expenses": rows[ItemKind.EXPENSE],
        "income_count": len(rows[ItemKind.INCOME]),
        "expense_count": len(rows[ItemKind.EXPENSE]),
        "error_summary": errors,
        "is_reassessment": "reason" in form.fields,
        **extra,
    }


def _checked(form: AssessmentForm, rows: dict[str, list[Any]]) -> list[Any] | None:
    valid = form.is_valid()
    items = []
    for kind in ItemKind.values:
        for row in rows[kind]:
            if not row.is_valid():
                valid = False
            elif not row.is_blank():
                items.append(row.item())
    return items if valid else None


def _payer(measure: Measure, pk: int | None) -> Any:
    return next((p for p in parent_candidates(measure.case) if p.pk == pk), None)


def _assessment_form(request: HttpRequest, measure: Measure, draft: Assessment | None) -> HttpResponse:
    """GET shows the form, "add another line" shows it again with one more row, the submit saves
    the draft through the service and goes to the check step."""
    with_reason = bool(draft and draft.previous_id)
    initial = {}
    if draft is not None:
        initial = {
            "payer": draft.payer_id,
            "effective_from": draft.effective_from,
            "dependent_children": draft.dependent_children,
            "version": draft.version,
            "reason": draft.reason,
        }
    adding = request.method == "POST" and request.POST.get("add") in ItemKind.values
    data = request.POST if request.method == "POST" and not adding else None
    form = AssessmentForm(data, initial=initial, payers=_payers(measure), with_reason=with_reason)
    if adding:
        form.initial = raw_values(form, request.POST)
    rows = _rows(request, measure, list(draft.items.all()) if draft else None, bound=data is not None)
    if data is not None:
        items = _checked(form, rows)
        if form.is_valid():
            # The service's rule for the date, shown with the other errors of the form at once.
            earliest = draft.previous.effective_from if draft and draft.previous else None
            problem = services.first_day_rule(measure, form.cleaned_data["effective_from"], earliest)
            if problem:
                form.add_error("effective_from", problem)
                items = None
        if items is not None:
            try:
                saved = _save(request, measure, draft, form, items)
            except StaleVersion as error:
                form.add_error(None, str(error.message))
            except TransitionNotAllowed:
                messages.error(request, _("This assessment was decided or discarded meanwhile."))
                return redirect(detail_url(draft.pk))  # type: ignore[union-attr]
            except ValidationError as error:
                add_errors(form, error, rename={"items": "__all__"})
            else:
                return redirect(reverse("backoffice:assessment_check", args=[saved.pk]))
    template = "form.html"
    return _render(request, template, _form_context(measure, form, rows, draft=draft), status=200)


def _save(request: HttpRequest, measure: Measure, draft: Assessment | None, form: AssessmentForm, items: list[Any]) -> Assessment:
    data = form.cleaned_data
    payer = _payer(measure, data["payer"])
    if draft is None:
        return services.assessment_create(
            actor=request.user,
            measure=measure,
            payer=payer,
            effective_from=data["effective_from"],
            dependent_children=data["dependent_children"],
            items=items,
            http_request=request,
        )
    return services.assessment_update(
        actor=request.user,
        assessment=draft,
        expected_version=data.get("version") or 0,
        payer=payer,
        effective_from=data["effective_from"],
        dependent_children=data["dependent_children"],
        items=items,
        reason=data.get("reason") if "reason" in form.fields else None,
        http_request=request,
    )


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure_to_assess(request.user, measure_pk, http_request=request)
    draft = selectors.open_draft(measure)
    if draft is not None and request.method == "GET":
        # One draft per measure: the form continues it.
        return redirect(reverse("backoffice:assessment_edit", args=[draft.pk]))
    return _assessment_form(request, measure, None)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    if access.assessment.status != AssessmentStatus.DRAFT:
        raise Http404
    return _assessment_form(request, access.assessment.measure, access.assessment)


# Check, decide, discard, reassess ------------------------------------------------------------------


def _detail_context(access: selectors.AssessmentAccess) -> dict[str, Any]:
    assessment = access.assessment
    return {
        "assessment": assessment,
        "case": assessment.case,
        "measure": assessment.measure,
        "can_edit": access.can_edit,
        "lines": text.computation_lines(assessment.computation),
        "incomes": present.incomes(assessment),
        "expenses": present.expenses(assessment),
        "cannot_compute": present.cannot_compute(assessment),
        "status_tag": present.status_tag(assessment.status),
        "monthly": present.money(assessment.monthly_amount),
        "daily": present.money(assessment.daily_amount),
        "hourly": present.money(assessment.hourly_amount),
        "pays_nothing": pack_rules.is_none_method(assessment.method),
    }


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def assessment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The computation shown line by line; deciding from here is the confirmation."""
    access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    if access.assessment.status != AssessmentStatus.DRAFT:
        return redirect(detail_url(pk))
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid():
                raise StaleVersion
            services.assessment_decide(
                actor=request.user,
                assessment=access.assessment,
                expected_version=form.cleaned_data["version"],
                http_request=request,
            )
        except StaleVersion as error:
            errors.append(("", str(error.message)))
        except TransitionNotAllowed:
            return redirect(detail_url(pk))
        except ValidationError as error:
            errors.extend(("", str(m)) for m in error.messages)
        else:
            messages.success(request, _("The contribution was decided. Print the decision letter for the payer."))
            return redirect(detail_url(pk))
        access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=False)
    context = _detail_context(access)
    context["error_summary"] = errors
    previous = access.assessment.previous
    context["changes"] = present.shown_changes(selectors.changes(access.assessment, previous)) if previous else []
    return _render(request, "check.html", context, status=200)


@require_permission(WRITE)
@require_POST
def assessment_discard(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=False)
    if not access.can_edit:
        raise PermissionDenied
    form = DiscardForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleVersion
        services.assessment_discard(
            actor=request.user,
            assessment=access.assessment,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data.get("reason") or "",
            http_request=request,
        )
    except StaleVersion as error:
        messages.error(request, str(error.message))
    except TransitionNotAllowed:
        messages.error(request, _("Only a draft can be discarded."))
    else:
        messages.success(request, _("The draft was discarded."))
    return redirect(detail_url(pk))


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def assessment_reassess(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    decided = access.assessment
    if decided.status != AssessmentStatus.DECIDED:
        raise Http404
    form = ReassessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.assessment_reassess(
                actor=request.user,
                assessment=decided,
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                http_request=request,
            )
        except TransitionNotAllowed:
            return redirect(detail_url(pk))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("A new draft was made from the decided contribution: change what changed."))
            return redirect(reverse("backoffice:assessment_edit", args=[draft.pk]))
    context = {
        "assessment": decided,
        "case": decided.case,
        "measure": decided.measure,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "monthly": present.money(decided.monthly_amount),
    }
    return _render(request, "reassess.html", context)


# The assessment page, the letter and the case side ------------------------------------------------


def _history(assessments: list[Assessment]) -> list[dict[str, Any]]:
    by_pk = {a.pk: a for a in assessments}
    rows = []
    for a in assessments:
        rows.append(
            {
                "assessment": a,
                "status_tag": present.status_tag(a.status),
                "monthly": present.money(a.monthly_amount),
                "daily": present.money(a.daily_amount),
                "hourly": present.money(a.hourly_amount),
                "changes": present.shown_changes(selectors.changes(a, by_pk.get(a.previous_id or 0))),
            }
        )
    return rows


@require_permission(CASE_READ)
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_assessment_for(request.user, pk, http_request=request)
    context = _detail_context(access)
    history = selectors.assessment_history(access.assessment.measure)
    context["history"] = _history(history)
    context["pending"] = next((a for a in history if a.status == AssessmentStatus.DRAFT), None)
    context["discard_form"] = DiscardForm(initial={"version": access.assessment.version})
    return _render(request, "detail.html", context)


@require_permission(CASE_READ)
@require_GET
def assessment_letter(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_assessment_for(request.user, pk, http_request=request, audit=False)
    assessment = access.assessment
    if assessment.status not in (AssessmentStatus.DECIDED, AssessmentStatus.SUPERSEDED):
        raise Http404
    content = letter.decision_letter_pdf(assessment, actor=request.user, http_request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.letter_filename(assessment)}"'
    return response


@require_permission(CASE_READ)
@require_GET
def assessment_case_contribution(request: HttpRequest, case_pk: int, measure_pk: int) -> HttpResponse:
    """A measure's contribution as the case's coordinator reads it (read-only, with its history)."""
    access, measure = selectors.get_case_measure_for(request.user, case_pk, measure_pk, http_request=request)
    history = selectors.assessment_history(measure)
    current = selectors.in_force(history)
    context = {
        "case": access.case,
        "measure": measure,
        "current": current,
        "lines": text.computation_lines(current.computation) if current else [],
        "monthly": present.money(current.monthly_amount) if current else "",
        "daily": present.money(current.daily_amount) if current else "",
        "hourly": present.money(current.hourly_amount) if current else "",
        "pays_nothing": bool(current and pack_rules.is_none_method(current.method)),
        "history": _history(history),
        "nav_section": "cases",
    }
    return _render(request, "case_contribution.html", context)
