"""The agency's measure pages: a case's measures, create, refer, the measure page with its
actions, and the review of a provider's report.

Every view reaches the case through ``get_case_for`` (404 for missing and forbidden alike), then
the measure through ``get_measure_for`` (404 for a measure of another case); writes need
``can_edit`` on the case and go through ``measures.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
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
from openaef.measures import checks, guards, selectors, services
from openaef.measures.parameters import measure_rules
from openaef.measures.states import MEASURE_MACHINE, OPEN_REFERRAL_STATES, RUNNING_STATES, MeasureStatus, ReportStatus
from openaef.placements.selectors import placement_of_measure

from . import presentation_measures as present
from .form_support import add_errors, with_version
from .forms_measures import (
    EndForm,
    MeasureCreateForm,
    OptionalReasonForm,
    ReasonForm,
    ReferForm,
    ReferralWithdrawForm,
    ReportReviewForm,
    StartForm,
    VersionMixin,
)

READ = "measures.view_measure"
WRITE = "measures.change_measure"
REVIEW = "measures.review_report"
TEMPLATES = "backoffice/measures/"
NOT_POSSIBLE = gettext_lazy("This change is not possible from the measure's current state. The page shows it as it is now.")


class ResumeForm(VersionMixin):
    pass


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    form: type[forms.Form]
    service: Any
    fields: tuple[str, ...] = ()
    warning: bool = False


ACTIONS = {
    a.name: a
    for a in (
        Action("start", gettext_lazy("Record the start"), StartForm, services.measure_start, ("started_on",)),
        Action("suspend", gettext_lazy("Suspend the measure"), ReasonForm, services.measure_suspend, ("reason",)),
        Action("resume", gettext_lazy("Resume the measure"), ResumeForm, services.measure_resume),
        Action("renew", gettext_lazy("Renew the measure"), OptionalReasonForm, services.measure_renew, ("reason",)),
        Action("end", gettext_lazy("End the measure"), EndForm, services.measure_end, ("ended_on", "reason"), True),
        Action("withdraw", gettext_lazy("Withdraw the measure"), ReasonForm, services.measure_withdraw, ("reason",), True),
    )
}
ACTION_TARGETS = {
    "start": MeasureStatus.ACTIVE,
    "suspend": MeasureStatus.SUSPENDED,
    "resume": MeasureStatus.ACTIVE,
    "end": MeasureStatus.ENDED,
    "withdraw": MeasureStatus.WITHDRAWN,
}


def _writable(request: HttpRequest, pk: int) -> CaseAccess:
    access = get_case_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    return access


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def _detail_url(pk: int, measure_pk: int, anchor: str = "") -> str:
    url = reverse("backoffice:measure_detail", args=[pk, measure_pk])
    return f"{url}#{anchor}" if anchor else url


# The case's measures -----------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def measure_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request)
    today = timezone.localdate()
    rows = present.measure_rows(selectors.case_measures(access.case), today)
    return _page(request, "list.html", {"case": access.case, "access": access, "rows": rows, "today": today})


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _writable(request, pk)
    planned = {f"p{p.pk}": p for p in selectors.plannable_measures(access.case)}
    types = {f"t{t.pk}": t for t in selectors.types_for_case(access.case)}
    choices = [(k, _("%(name)s, planned in the project") % {"name": pick(p.measure_type.name)}) for k, p in planned.items()]
    choices += [(k, f"{pick(t.name)} ({t.code})") for k, t in types.items()]
    hints = {k: present.type_hint(p.measure_type) for k, p in planned.items()}
    hints.update({k: present.type_hint(t) for k, t in types.items()})
    form = MeasureCreateForm(request.POST or None, choices=choices, hints=hints)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        try:
            measure = services.measure_create(
                actor=request.user,
                access=access,
                planned=planned.get(choice),
                measure_type=types.get(choice),
                planned_start=form.cleaned_data["planned_start"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The measure was added. Refer it to a provider's service when you are ready."))
            return redirect(_detail_url(pk, measure.pk))
    context = {"case": access.case, "form": form, "has_planned": bool(planned), "forms_in_error": [form] if form.errors else []}
    return _page(request, "create.html", context, status=400 if form.errors else 200)


# The measure page and its actions -------------------------------------------------------------


def _available_actions(measure: Any, end_guard: str = "") -> list[str]:
    names = [
        n
        for n, target in ACTION_TARGETS.items()
        if MEASURE_MACHINE.can_transition(measure.status, target)
        and not MEASURE_MACHINE.needs(measure.status, target).get("direct")
    ]
    if end_guard:  # another app's record must settle first (a placement's discharge)
        names = [n for n in names if n not in ("end", "withdraw")]
    if measure.status == MeasureStatus.ACCEPTED:
        names = [n for n in names if n != "resume"]
    if measure.status == MeasureStatus.SUSPENDED:
        names = [n for n in names if n != "start"]
    if measure.status in (MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED):
        names.insert(-1 if "end" in names else len(names), "renew")
    return names


def _action_form(name: str, measure: Any, data: QueryDict | None = None) -> forms.Form:
    today = timezone.localdate()
    initial: dict[str, Any] = {"version": measure.version}
    if name == "start":
        initial["started_on"] = today
    if name == "end":
        initial["ended_on"] = today
    return ACTIONS[name].form(data, prefix=name, initial=initial)


def _renewal_refusal(measure: Any) -> str:
    try:
        checks.check_renewal(measure.measure_type, measure.renewals)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _render_detail(
    request: HttpRequest,
    access: CaseAccess,
    measure: Any,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    today = timezone.localdate()
    referrals = selectors.measure_referrals(measure)
    actions = []
    withdraw_forms: dict[int, forms.Form] = {}
    refusal = end_guard = ""
    if access.can_edit:
        refusal = _renewal_refusal(measure) if measure.status in (MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED) else ""
        end_guard = guards.refusal(measure, MeasureStatus.ENDED) if measure.status in RUNNING_STATES else ""
        for name in _available_actions(measure, end_guard):
            if name == "renew" and refusal:
                continue
            form = bound.get(name) or _action_form(name, measure)
            actions.append({"name": name, "label": ACTIONS[name].label, "form": form, "warning": ACTIONS[name].warning})
        for referral in referrals:
            if referral.status in OPEN_REFERRAL_STATES:
                key = f"referral-{referral.pk}"
                withdraw_forms[referral.pk] = bound.get(key) or ReferralWithdrawForm(
                    prefix=key, initial={"version": referral.version}
                )
    referral_rows = [
        {
            "referral": r,
            "tag": present.REFERRAL_TAGS.get(r.status, ""),
            "position": selectors.waiting_position(r) if r.status == "waiting" else None,
            "reference": selectors.referral_reference(r),
            "withdraw_form": withdraw_forms.get(r.pk),
        }
        for r in referrals
    ]
    reports = [{"report": r, "tag": present.REPORT_TAGS.get(r.status, "")} for r in selectors.measure_reports(measure)]
    context = {
        "case": access.case,
        "access": access,
        "measure": measure,
        "tag": present.MEASURE_TAGS.get(measure.status, ""),
        "ending_soon": measure.status in ("active", "suspended") and present.schedule.ending_soon(measure.ends_on, today),
        "renewal_refusal": refusal,
        "renewal_rule": measure_rules().renewal(measure.measure_type.code),
        "referrals": referral_rows,
        "reports": reports,
        "activity": selectors.measure_activity(measure),
        "history": present.history(selectors.measure_events(measure)),
        "actions": actions,
        "can_refer": access.can_edit and measure.status == MeasureStatus.PLANNED,
        "end_guard": end_guard,
        "placement": placement_of_measure(measure),
        "errors": errors or [],
        "forms_in_error": [f for f in bound.values() if f.errors],
        "today": today,
    }
    return _page(request, "detail.html", context, status=status)


@require_permission(READ)
@require_GET
def measure_detail(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request)
    return _render_detail(request, access, selectors.get_measure_for(access, measure_pk))


@require_permission(WRITE)
@require_POST
def measure_action(request: HttpRequest, pk: int, measure_pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    access = _writable(request, pk)
    measure = selectors.get_measure_for(access, measure_pk)
    form = spec.form(request.POST, prefix=action)
    if not form.is_valid():
        return _render_detail(request, access, measure, bound={action: form}, status=400)
    data = form.cleaned_data
    try:
        spec.service(
            actor=request.user,
            access=access,
            measure=measure,
            expected_version=data["version"] or 0,
            http_request=request,
            **{name: data[name] for name in spec.fields},
        )
    except StaleVersion:
        fresh = selectors.get_measure_for(access, measure_pk)
        form = spec.form(with_version(request.POST, f"{action}-version", fresh.version), prefix=action)
        form.is_valid()
        return _render_detail(request, access, fresh, bound={action: form}, errors=[str(StaleVersion.message)], status=409)
    except TransitionNotAllowed:
        fresh = selectors.get_measure_for(access, measure_pk)
        return _render_detail(request, access, fresh, errors=[str(NOT_POSSIBLE)], status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_detail(request, access, measure, bound={action: form}, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect(_detail_url(pk, measure_pk))


@require_permission(WRITE)
@require_POST
def measure_referral_withdraw(request: HttpRequest, pk: int, measure_pk: int, referral_pk: int) -> HttpResponse:
    access = _writable(request, pk)
    measure = selectors.get_measure_for(access, measure_pk)
    referral = selectors.get_referral_for(measure, referral_pk)
    key = f"referral-{referral.pk}"
    form = ReferralWithdrawForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.referral_withdraw(
                actor=request.user,
                access=access,
                referral=referral,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"],
                withdraw_measure=form.cleaned_data["withdraw_measure"],
                http_request=request,
            )
        except StaleVersion:
            fresh = selectors.get_referral_for(measure, referral_pk)
            form = ReferralWithdrawForm(with_version(request.POST, f"{key}-version", fresh.version), prefix=key)
            form.is_valid()
            measure = selectors.get_measure_for(access, measure_pk)
            return _render_detail(request, access, measure, bound={key: form}, errors=[str(StaleVersion.message)], status=409)
        except TransitionNotAllowed:
            measure = selectors.get_measure_for(access, measure_pk)
            return _render_detail(request, access, measure, errors=[str(NOT_POSSIBLE)], status=409)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The referral was withdrawn."))
            return redirect(_detail_url(pk, measure_pk))
    return _render_detail(request, access, measure, bound={key: form}, status=400)


# Refer ---------------------------------------------------------------------------------------------


def _refer_form(access: CaseAccess, measure: Any, data: QueryDict | None) -> tuple[ReferForm, list[Any], list[Any]]:
    services_ = selectors.services_for_type(measure.measure_type)
    choices, hints = present.placements(services_, timezone.localdate())
    people = checks.consent_candidates(access.case)
    form = ReferForm(
        data,
        placements=choices,
        placement_hints=hints,
        people=[(str(p.pk), p.full_name) for p in people],
        initial={"version": measure.version, "consent_on": timezone.localdate()},
    )
    return form, services_, people


def _placement(value: str, services_: list[Any]) -> tuple[Any, Any]:
    service_id, _sep, location_id = value.partition("-")
    service = next((s for s in services_ if str(s.pk) == service_id), None)
    location = None
    if service is not None and location_id:
        location = next((loc for loc in service.locations.all() if str(loc.pk) == location_id), None)
    return service, location


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def measure_refer(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    access = _writable(request, pk)
    measure = selectors.get_measure_for(access, measure_pk)
    form, services_, people = _refer_form(access, measure, request.POST or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service, location = _placement(data["placement"], services_)
        person = next((p for p in people if str(p.pk) == data["consent_by"]), None)
        try:
            if service is None:
                raise ValidationError({"placement": _("Choose a service that offers this type of measure.")})
            services.measure_refer(
                actor=request.user,
                access=access,
                measure=measure,
                expected_version=data["version"] or 0,
                service=service,
                location=location,
                shared_summary=data["shared_summary"],
                consent_by=person,
                consent_method=data["consent_method"],
                consent_on=data["consent_on"],
                http_request=request,
            )
        except StaleVersion:
            measure = selectors.get_measure_for(access, measure_pk)
            form, services_, people = _refer_form(access, measure, with_version(request.POST, "version", measure.version))
            form.is_valid()
            errors, status = [str(StaleVersion.message)], 409
        except TransitionNotAllowed:
            errors, status = [str(NOT_POSSIBLE)], 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The referral was sent. The provider's staff have been told."))
            return redirect(_detail_url(pk, measure_pk))
    if form.errors and status == 200:
        status = 400
    context = {
        "case": access.case,
        "measure": measure,
        "form": form,
        "has_people": bool(people),
        "has_services": bool(services_),
        "errors": errors,
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "refer.html", context, status=status)


# Reports ---------------------------------------------------------------------------------------------


def _render_report(
    request: HttpRequest,
    access: CaseAccess,
    measure: Any,
    report: Any,
    form: ReportReviewForm | None,
    errors: list[str],
    status: int,
) -> HttpResponse:
    if form is None and access.can_edit and report.status == ReportStatus.SUBMITTED:
        form = ReportReviewForm(initial={"version": report.version})
    context = {
        "case": access.case,
        "measure": measure,
        "report": report,
        "tag": present.REPORT_TAGS.get(report.status, ""),
        "form": form if access.can_edit and report.status == ReportStatus.SUBMITTED else None,
        "errors": errors,
        "forms_in_error": [form] if form is not None and form.errors else [],
    }
    return _page(request, "report.html", context, status=status)


@require_permission(READ)
@require_GET
def measure_report(request: HttpRequest, pk: int, measure_pk: int, report_pk: int) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request)
    measure = selectors.get_measure_for(access, measure_pk)
    report = selectors.get_report_for(measure, report_pk)
    return _render_report(request, access, measure, report, None, [], 200)


@require_permission(REVIEW)
@require_POST
def measure_report_review(request: HttpRequest, pk: int, measure_pk: int, report_pk: int) -> HttpResponse:
    access = _writable(request, pk)
    measure = selectors.get_measure_for(access, measure_pk)
    report = selectors.get_report_for(measure, report_pk)
    form = ReportReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "validate":
                services.report_validate(
                    actor=request.user, access=access, report=report, expected_version=data["version"] or 0, http_request=request
                )
                done = _("The report was validated. The next progress report is scheduled.")
            else:
                services.report_return(
                    actor=request.user,
                    access=access,
                    report=report,
                    expected_version=data["version"] or 0,
                    reason=data["reason"],
                    http_request=request,
                )
                done = _("The report was sent back to the provider.")
        except StaleVersion:
            report = selectors.get_report_for(measure, report_pk)
            form = ReportReviewForm(with_version(request.POST, "version", report.version))
            form.is_valid()
            return _render_report(request, access, measure, report, form, [str(StaleVersion.message)], 409)
        except TransitionNotAllowed:
            report = selectors.get_report_for(measure, report_pk)
            return _render_report(
                request, access, measure, report, None, [_("This report is no longer waiting for review.")], 409
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_detail_url(pk, measure_pk, "reports"))
    return _render_report(request, access, measure, report, form, [], 400)
