"""The court pages of a case: its decisions (with the measures they order and the remedies
against them), its hearings; and the administrators' page of the remedies' time limits.

Every case page reaches the case through ``get_case_for`` (404 for missing and forbidden alike),
then the record through ``courts.selectors`` (404 for a record of another case); writes need
``can_edit`` on the case and go through ``courts.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.i18n import pick
from openaef.courts import selectors, services
from openaef.courts.models import RemedyKind, RemedyStatus
from openaef.courts.parameters import effective_rules

from . import presentation_courts as present
from .form_support import add_errors, with_version
from .forms_courts import (
    NO_RULE,
    DecisionForm,
    HearingForm,
    OrderedMeasureForm,
    RemedyCloseForm,
    RemedyForm,
    TimeLimitForm,
)

READ = "courts.view_decision"
WRITE = "courts.change_decision"
SETTINGS = "courts.set_time_limits"
TEMPLATES = "backoffice/courts/"
F = TypeVar("F", bound=forms.Form)
NOT_POSSIBLE = gettext_lazy("This is no longer possible: the record has changed. The page shows it as it is now.")


def _writable(request: HttpRequest, case_pk: int) -> CaseAccess:
    access = get_case_for(request.user, case_pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    return access


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    form = context.get("form")
    if form is not None and form.is_bound and form.errors:
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def _submit(
    form: F,
    call: Callable[[dict[str, Any]], Any],
    *,
    rebind: Callable[[], F] | None = None,
    rename: dict[str, str] | None = None,
) -> tuple[Any, F, list[str], int]:
    """Calls the service with the form's data: (result or None, the form to show, errors, status).
    A stale save keeps what was typed, with the record's current version to save it again."""
    if not form.is_valid():
        return None, form, [], 400
    try:
        return call(form.cleaned_data), form, [], 200
    except StaleVersion:
        fresh = rebind() if rebind else form
        fresh.is_valid()
        return None, fresh, [str(StaleVersion.message)], 409
    except TransitionNotAllowed:
        return None, form, [str(NOT_POSSIBLE)], 409
    except ValidationError as error:
        add_errors(form, error, rename)
        return None, form, [], 400


def _court_url(case_pk: int, anchor: str = "") -> str:
    url = reverse("backoffice:court_page", args=[case_pk])
    return f"{url}#{anchor}" if anchor else url


def _decision_url(case_pk: int, pk: int, anchor: str = "") -> str:
    url = reverse("backoffice:court_decision_detail", args=[case_pk, pk])
    return f"{url}#{anchor}" if anchor else url


# The court page ------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def court_page(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    today = timezone.localdate()
    rules = effective_rules()
    context = {
        "case": access.case,
        "access": access,
        "decisions": present.decision_rows(selectors.court_decisions(access.case), rules, today),
        "hearings": present.hearing_rows(selectors.court_hearings(access.case)),
        "appeal_missing": "" if rules[RemedyKind.APPEAL].is_set else present.no_limit_message(RemedyKind.APPEAL),
    }
    return _page(request, "court.html", context)


# Decisions -----------------------------------------------------------------------------------


def _decision_form(data: QueryDict | None, decision: Any = None) -> DecisionForm:
    initial: dict[str, Any] = {}
    if decision is not None:
        initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
        initial["version"] = decision.version
    return DecisionForm(data, courts=present.court_choices(), initial=initial)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_decision_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    form = _decision_form(request.POST or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        decision, form, errors, status = _submit(
            form,
            lambda data: services.decision_record(
                actor=request.user, access=access, http_request=request, **{k: v for k, v in data.items() if k != "version"}
            ),
        )
        if decision is not None:
            messages.success(request, _("The decision was recorded."))
            return redirect(_decision_url(case_pk, decision.pk))
    context = {"case": access.case, "form": form, "errors": errors, "title": _("Record a court decision")}
    context["back"] = _court_url(case_pk)
    return _page(request, "decision_form.html", context, status)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_decision_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    decision = selectors.get_decision_for(access, pk)
    form = _decision_form(request.POST or None, decision)
    errors: list[str] = []
    status = 200
    current = None
    if request.method == "POST":
        holder: dict[str, Any] = {}

        def rebind() -> DecisionForm:
            holder["fresh"] = selectors.get_decision_for(access, pk)
            return _decision_form(with_version(request.POST, "version", holder["fresh"].version), holder["fresh"])

        saved, form, errors, status = _submit(
            form,
            lambda data: services.decision_update(
                actor=request.user,
                access=access,
                decision=decision,
                expected_version=data["version"] or 0,
                http_request=request,
                **{k: v for k, v in data.items() if k != "version"},
            ),
            rebind=rebind,
        )
        if saved is not None:
            messages.success(request, _("The decision was changed."))
            return redirect(_decision_url(case_pk, pk))
        current = holder.get("fresh")
    context = {
        "case": access.case,
        "form": form,
        "errors": errors,
        "title": _("Change the court decision"),
        "back": _decision_url(case_pk, pk),
        "current": current,
        "current_court": present.court_rules().court_name(current.court) if current else "",
    }
    return _page(request, "decision_form.html", context, status)


@require_permission(READ)
@require_GET
def court_decision_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    decision = selectors.get_decision_for(access, pk)
    today = timezone.localdate()
    rules = effective_rules()
    context = {
        "case": access.case,
        "access": access,
        "decision": decision,
        "court": present.court_rules().court_name(decision.court),
        "appeal": present.appeal_limit(decision, rules, today),
        "ordered": selectors.decision_ordered_measures(decision),
        "remedies": present.remedy_rows(selectors.decision_remedies(decision), today),
    }
    return _page(request, "decision_detail.html", context)


# Measures ordered ----------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_order_add(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    decision = selectors.get_decision_for(access, pk)
    types = {str(t.pk): t for t in selectors.measure_types_for_orders(access.case.pack)}
    measures = {str(m.pk): m for m in selectors.case_measures_for_link(access.case)}
    form = OrderedMeasureForm(
        request.POST or None,
        types=[(k, f"{pick(t.name)} ({t.code})") for k, t in types.items()],
        measures=[(k, f"{pick(m.measure_type.name)} ({m.get_status_display()})") for k, m in measures.items()],
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        ordered, form, errors, status = _submit(
            form,
            lambda data: services.ordered_measure_add(
                actor=request.user,
                access=access,
                decision=decision,
                measure_type=types.get(data["measure_type"]),
                measure=measures.get(data["measure"] or ""),
                note=data["note"],
                http_request=request,
            ),
        )
        if ordered is not None:
            messages.success(request, _("The measure ordered was added to the decision."))
            return redirect(_decision_url(case_pk, pk, "ordered"))
    context = {
        "case": access.case,
        "form": form,
        "errors": errors,
        "title": _("Add a measure the court ordered"),
        "caption": present.decision_label(decision),
        "back": _decision_url(case_pk, pk),
        "submit": _("Add the measure"),
    }
    return _page(request, "form.html", context, status)


@require_permission(WRITE)
@require_POST
def court_order_remove(request: HttpRequest, case_pk: int, pk: int, order_pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    decision = selectors.get_decision_for(access, pk)
    ordered = selectors.get_ordered_measure_for(decision, order_pk)
    services.ordered_measure_remove(actor=request.user, access=access, ordered=ordered, http_request=request)
    messages.success(request, _("The measure was removed from the decision."))
    return redirect(_decision_url(case_pk, pk, "ordered"))


# Remedies ------------------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_remedy_add(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    decision = selectors.get_decision_for(access, pk)
    people = {str(p.pk): p for p in selectors.case_people(access.case)}
    form = RemedyForm(
        request.POST or None,
        people=[(k, p.full_name) for k, p in people.items()],
        initial={"lodged_on": timezone.localdate()},
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        remedy, form, errors, status = _submit(
            form,
            lambda data: services.remedy_lodge(
                actor=request.user,
                access=access,
                decision=decision,
                kind=data["kind"],
                lodged_on=data["lodged_on"],
                lodged_by_person=people.get(data["lodged_by_person"] or ""),
                lodged_by_name=data["lodged_by_name"],
                http_request=request,
            ),
        )
        if remedy is not None:
            messages.success(request, _("It was recorded."))
            return redirect(_decision_url(case_pk, pk, "remedies"))
    rules = effective_rules()
    context = {
        "case": access.case,
        "form": form,
        "errors": errors,
        "title": _("Record an appeal or a request"),
        "caption": present.decision_label(decision),
        "back": _decision_url(case_pk, pk),
        "submit": _("Record it"),
        "notes": [present.no_limit_message(kind) for kind, rule in rules.items() if not rule.is_set],
    }
    return _page(request, "form.html", context, status)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_remedy_close(request: HttpRequest, case_pk: int, pk: int, remedy_pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    decision = selectors.get_decision_for(access, pk)
    remedy = selectors.get_remedy_for(decision, remedy_pk)
    if remedy.status != RemedyStatus.LODGED and request.method == "GET":
        return redirect(_decision_url(case_pk, pk, "remedies"))
    initial = {"version": remedy.version, "decided_on": timezone.localdate()}
    form = RemedyCloseForm(request.POST or None, initial=initial)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        done, form, errors, status = _submit(
            form,
            lambda data: services.remedy_close(
                actor=request.user,
                access=access,
                remedy=remedy,
                expected_version=data["version"] or 0,
                status=data["status"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                http_request=request,
            ),
            rebind=lambda: RemedyCloseForm(
                with_version(request.POST, "version", selectors.get_remedy_for(decision, remedy_pk).version)
            ),
        )
        if done is not None:
            messages.success(request, _("The outcome was recorded."))
            return redirect(_decision_url(case_pk, pk, "remedies"))
    context = {
        "case": access.case,
        "form": form,
        "errors": errors,
        "title": _("Record the outcome: %(kind)s") % {"kind": remedy.get_kind_display()},
        "caption": present.decision_label(decision),
        "back": _decision_url(case_pk, pk),
        "submit": _("Record the outcome"),
    }
    return _page(request, "form.html", context, status)


# Hearings ------------------------------------------------------------------------------------


def _hearing_form(access: CaseAccess, data: QueryDict | None, hearing: Any = None) -> HearingForm:
    decisions = [(str(d.pk), present.decision_label(d)) for d in selectors.decisions_of(access.case)]
    initial: dict[str, Any] = {}
    if hearing is not None:
        at = timezone.localtime(hearing.at)
        initial = {
            "day": at.date(),
            "time": at.strftime("%H:%M"),
            "court": hearing.court,
            "purpose": hearing.purpose,
            "decision": str(hearing.decision_id or ""),
            "outcome": hearing.outcome,
            "version": hearing.version,
        }
    return HearingForm(data, courts=present.court_choices(), decisions=decisions, initial=initial)


def _hearing_values(access: CaseAccess, data: dict[str, Any]) -> dict[str, Any]:
    decision = next((d for d in selectors.decisions_of(access.case) if str(d.pk) == data["decision"]), None)
    return {
        "at": data["at"],
        "court": data["court"],
        "purpose": data["purpose"],
        "outcome": data["outcome"],
        "decision": decision,
    }


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_hearing_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    form = _hearing_form(access, request.POST or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        hearing, form, errors, status = _submit(
            form,
            lambda data: services.hearing_record(
                actor=request.user, access=access, http_request=request, **_hearing_values(access, data)
            ),
            rename={"at": "day"},
        )
        if hearing is not None:
            messages.success(request, _("The hearing was recorded."))
            return redirect(_court_url(case_pk, "hearings"))
    context = {"case": access.case, "form": form, "errors": errors, "title": _("Record a hearing"), "back": _court_url(case_pk)}
    context["submit"] = _("Record the hearing")
    return _page(request, "form.html", context, status)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def court_hearing_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = _writable(request, case_pk)
    hearing = selectors.get_hearing_for(access, pk)
    form = _hearing_form(access, request.POST or None, hearing)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        saved, form, errors, status = _submit(
            form,
            lambda data: services.hearing_update(
                actor=request.user,
                access=access,
                hearing=hearing,
                expected_version=data["version"] or 0,
                http_request=request,
                **_hearing_values(access, data),
            ),
            rebind=lambda: _hearing_form(
                access, with_version(request.POST, "version", selectors.get_hearing_for(access, pk).version), hearing
            ),
            rename={"at": "day"},
        )
        if saved is not None:
            messages.success(request, _("The hearing was changed."))
            return redirect(_court_url(case_pk, "hearings"))
    context = {"case": access.case, "form": form, "errors": errors, "title": _("Change the hearing"), "back": _court_url(case_pk)}
    context["submit"] = _("Save the hearing")
    return _page(request, "form.html", context, status)


# The administrators' time limits ------------------------------------------------------------


def _limit_form(kind: str, rule: Any, data: QueryDict | None = None) -> TimeLimitForm:
    initial: dict[str, Any] = {"unit": NO_RULE}
    if rule.setting is not None:
        unit, _sep, count = rule.setting.rule.partition(":")
        initial = {"unit": unit, "count": int(count)}
    return TimeLimitForm(data, prefix=kind, initial=initial)


def _set_limit(request: HttpRequest, kind: str, rule: str | None) -> bool:
    services.time_limit_set(actor=request.user, kind=kind, rule=rule, http_request=request)
    return True


@require_permission(SETTINGS)
@require_http_methods(["GET", "POST"])
def court_time_limits(request: HttpRequest) -> HttpResponse:
    rules = effective_rules()
    bound: dict[str, TimeLimitForm] = {}
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    status = 200
    if kind in rules:
        form = _limit_form(kind, rules[kind], request.POST)
        saved, form, _errors, status = _submit(
            form,
            lambda data: _set_limit(request, kind, data["rule"]),
        )
        if saved:
            messages.success(request, _("The time limit was saved."))
            return redirect(reverse("backoffice:court_time_limits"))
        bound[kind] = form
    elif request.method == "POST":
        status = 400
    rows = present.time_limit_rows(rules)
    for row in rows:
        row["form"] = bound.get(row["kind"]) or _limit_form(row["kind"], row["rule"])
    summary = [item for form in bound.values() for item in form.error_summary()]
    return render(
        request,
        TEMPLATES + "time_limits.html",
        {"rows": rows, "error_summary": summary, "nav_section": "settings"},
        status=status,
    )
