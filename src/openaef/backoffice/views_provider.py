"""The providers' portal: the referral inbox, one referral and the answer to it, waiting lists,
capacity, the measures the provider delivers, their reports and monthly activity.

Every record is reached through ``measures.selectors_provider`` (Http404 outside the user's
providers, the read logged); templates get the referral's minimum (``ReferralMinimum``), never
the case file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import ParticipantRole
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.i18n import pick
from openaef.measures import rules_provider  # noqa: F401  registers the provider's permissions
from openaef.measures import selectors_provider as sel
from openaef.measures.models import ConsentMethod
from openaef.measures.services_provider import (
    REPORT_TEXT_FIELDS,
    activity_record,
    capacity_save,
    referral_accept,
    referral_decline,
    referral_waitlist,
    report_save_draft,
    report_submit,
)
from openaef.measures.states import (
    OPEN_REFERRAL_STATES,
    REPORT_EDITABLE,
    RUNNING_STATES,
    MeasureStatus,
    ReferralStatus,
    ReportKind,
    ReportStatus,
)

from .forms_provider import (
    ActivityForm,
    CapacityForm,
    ReferralAcceptForm,
    ReferralDeclineForm,
    ReferralFilterForm,
    ReferralWaitlistForm,
    ReportForm,
    ReportSubmitForm,
)
from .presentation import choice_label
from .presentation_measures import REFERRAL_TAGS, REPORT_TAGS
from .presentation_provider import (
    languages_text,
    measure_rows,
    position_text,
    referral_rows,
    waiting_rows,
)

ACCEPT, WAITLIST, DECLINE = "accept", "waitlist", "decline"
_LIST_SLUG = re.compile(r"^(\d+)-(\d+)$")


def record_list_read(request: HttpRequest, child_ids: list[int], what: str) -> None:
    """A list shows children's first names: the read is logged, naming them."""
    if child_ids:
        audit_record(actor=request.user, action=AuditAction.READ, object_type=what, request=request, persons=child_ids)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


# ---------------------------------------------------------------- inbox


@require_permission("measures.view_referrals")
@require_GET
def provider_inbox(request: HttpRequest) -> HttpResponse:
    """The referrals sent to the user's providers: by default those waiting for an answer and
    those on a waiting list, newest first."""
    services = sel.provider_services(request.user)
    form = ReferralFilterForm(request.GET, services=services)
    filters = form.filters()
    page = sel.referral_inbox_page(request.user, filters, cursor=request.GET.get("cursor") or None)
    record_list_read(request, [r.measure.case.child_id for r in page.items], "measures.referral_inbox")
    counts = sel.referral_status_counts(request.user, service_id=filters.service_id)
    context = {
        "form": form,
        "page": page,
        "rows": referral_rows(page.items, timezone.localdate()),
        "filtered": form.is_filtered(),
        "counts": [
            {
                "status": value,
                "label": label,
                # Answered referrals are history: listed by their filter, not counted.
                "count": counts.get(value, 0) if value in OPEN_REFERRAL_STATES else None,
                "tag": REFERRAL_TAGS.get(value, ""),
            }
            for value, label in ReferralStatus.choices
        ],
        "has_provider": bool(sel.provider_ids_of(request.user)),
        "nav_section": "provider",
        "tab": "inbox",
    }
    return render(request, "backoffice/provider/inbox.html", context)


# ---------------------------------------------------------------- one referral


def _answer_forms(access: sel.ReferralAccess, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    if access.minimum.status not in OPEN_REFERRAL_STATES:
        return {}
    initial = {"version": access.minimum.version}
    answer: dict[str, forms.Form] = {
        ACCEPT: bound.get(ACCEPT) or ReferralAcceptForm(prefix=ACCEPT, initial=initial),
        DECLINE: bound.get(DECLINE) or ReferralDeclineForm(prefix=DECLINE, initial=initial),
    }
    if access.minimum.status == ReferralStatus.SENT:
        answer[WAITLIST] = bound.get(WAITLIST) or ReferralWaitlistForm(prefix=WAITLIST, initial=initial)
    return answer


def _render_referral(
    request: HttpRequest,
    access: sel.ReferralAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    minimum = access.minimum
    answer = _answer_forms(access, bound) if request.user.has_perm("measures.answer_referral") else {}
    statuses = dict(ReferralStatus.choices)
    context = {
        "referral": minimum,
        "status_label": statuses.get(minimum.status, minimum.status),
        "status_tag": REFERRAL_TAGS.get(minimum.status, ""),
        "position": position_text(minimum.position),
        "languages": languages_text(minimum.languages),
        "measure_name": pick(minimum.measure_type_name),
        "service_name": pick(minimum.service_name),
        "consent_role": choice_label(ParticipantRole, minimum.consent_role),
        "consent_method": choice_label(ConsentMethod, minimum.consent_method),
        "answer": answer,
        "measure_href": (
            reverse("backoffice:provider_measure_detail", args=[minimum.measure_pk])
            if minimum.status == ReferralStatus.ACCEPTED
            else ""
        ),
        "error_summary": [("", message) for message in errors or []]
        + [item for form in bound.values() for item in form.error_summary()],  # type: ignore[attr-defined]
        "nav_section": "provider",
    }
    return render(request, "backoffice/provider/referral_detail.html", context, status=status)


@require_permission("measures.view_referrals")
@require_GET
def provider_referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_referral(request, sel.get_referral_for(request.user, pk, http_request=request))


def _back_to_list(request: HttpRequest) -> str:
    """The waiting list the answer was given from, if any (a slug of ids, checked)."""
    slug = request.POST.get("from_list", "")
    return slug if _LIST_SLUG.match(slug) else ""


def _answered(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    slug = _back_to_list(request)
    if slug:
        return redirect(reverse("backoffice:provider_waiting_lists") + f"?list={slug}")
    return redirect("backoffice:provider_referral_detail", pk=pk)


def _answer(request: HttpRequest, pk: int, prefix: str, form_class: type[forms.Form], act: Any) -> HttpResponse:
    access = sel.get_referral_for(request.user, pk, http_request=request)
    form = form_class(request.POST, prefix=prefix)
    if access.minimum.status not in OPEN_REFERRAL_STATES:
        return _render_referral(request, access, errors=[_("This referral has already been answered.")], status=409)
    if not form.is_valid():
        return _render_referral(request, access, bound={prefix: form})
    try:
        message = act(access, form.cleaned_data)
    except (StaleVersion, TransitionNotAllowed):
        fresh = sel.get_referral_for(request.user, pk, http_request=request)
        return _render_referral(request, fresh, errors=[str(StaleVersion.message)], status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_referral(request, access, bound={prefix: form})
    return _answered(request, pk, message)


@require_permission("measures.answer_referral")
@require_POST
def provider_referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def act(access: sel.ReferralAccess, data: dict[str, Any]) -> str:
        referral_accept(
            actor=request.user,
            referral=access.referral,
            expected_version=data["version"],
            expected_start=data.get("expected_start"),
            http_request=request,
        )
        return _("Referral %(reference)s accepted. The coordinator has been told.") % {"reference": access.minimum.reference}

    return _answer(request, pk, ACCEPT, ReferralAcceptForm, act)


@require_permission("measures.answer_referral")
@require_POST
def provider_referral_waitlist(request: HttpRequest, pk: int) -> HttpResponse:
    def act(access: sel.ReferralAccess, data: dict[str, Any]) -> str:
        _referral, position = referral_waitlist(
            actor=request.user, referral=access.referral, expected_version=data["version"], http_request=request
        )
        return _("Referral %(reference)s is on the waiting list, position %(position)s. The coordinator has been told.") % {
            "reference": access.minimum.reference,
            "position": position,
        }

    return _answer(request, pk, WAITLIST, ReferralWaitlistForm, act)


@require_permission("measures.answer_referral")
@require_POST
def provider_referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def act(access: sel.ReferralAccess, data: dict[str, Any]) -> str:
        referral_decline(
            actor=request.user,
            referral=access.referral,
            expected_version=data["version"],
            reason=data["reason"],
            http_request=request,
        )
        return _("Referral %(reference)s declined. The coordinator has been told.") % {"reference": access.minimum.reference}

    return _answer(request, pk, DECLINE, ReferralDeclineForm, act)


# ---------------------------------------------------------------- waiting lists


@require_permission("measures.view_referrals")
@require_GET
def provider_waiting_lists(request: HttpRequest) -> HttpResponse:
    """One waiting list at a time (a service at one site), in order, with the others' sizes."""
    services = sel.provider_services(request.user)
    lists = sel.waiting_lists(request.user, services)
    chosen = next((key for key in lists if key.slug == request.GET.get("list")), None)
    if chosen is None:
        chosen = next((key for key in lists if key.count), lists[0] if lists else None)
    rows: list[dict[str, Any]] = []
    page = None
    if chosen is not None:
        location_id = chosen.location.pk if chosen.location else None
        page, first = sel.waiting_list_page(
            request.user, chosen.service.pk, location_id, cursor=request.GET.get("cursor") or None
        )
        record_list_read(request, [r.measure.case.child_id for r in page.items], "measures.waiting_list")
        rows = waiting_rows(page.items, first, timezone.localdate())
    context = {
        "lists": [
            {
                "slug": key.slug,
                "service": pick(key.service.name),
                "site": str(key.location) if key.location else "",
                "count": key.count,
                "current": key is chosen,
            }
            for key in lists
        ],
        "chosen": chosen,
        "chosen_name": pick(chosen.service.name) if chosen else "",
        "chosen_site": str(chosen.location) if chosen and chosen.location else "",
        "rows": rows,
        "page": page,
        "can_answer": request.user.has_perm("measures.answer_referral"),
        "nav_section": "provider",
        "tab": "waiting",
    }
    return render(request, "backoffice/provider/waiting_lists.html", context)


# ---------------------------------------------------------------- capacity


@require_permission("measures.manage_capacity")
@require_GET
def provider_capacity(request: HttpRequest) -> HttpResponse:
    """Each service and site: places, hours a month, available from; places taken and free."""
    services = sel.provider_services(request.user)
    rows = [
        {
            "service": pick(row.service.name),
            "site": str(row.location) if row.location else "",
            "places": row.places,
            "hours": row.capacity.hours_per_month if row.capacity else None,
            "available_from": row.capacity.available_from if row.capacity else None,
            "occupied": row.occupied,
            "free": row.free,
            "href": _capacity_url(row.service.pk, row.location.pk if row.location else None),
        }
        for row in sel.capacity_rows(request.user, services)
    ]
    context = {"rows": rows, "nav_section": "provider", "tab": "capacity"}
    return render(request, "backoffice/provider/capacity.html", context)


def _capacity_url(service_pk: int, location_pk: int | None) -> str:
    if location_pk:
        return reverse("backoffice:provider_capacity_site_edit", args=[service_pk, location_pk])
    return reverse("backoffice:provider_capacity_edit", args=[service_pk])


@require_permission("measures.manage_capacity")
@require_http_methods(["GET", "POST"])
def provider_capacity_edit(request: HttpRequest, service_pk: int, location_pk: int | None = None) -> HttpResponse:
    service, location = sel.get_capacity_target(request.user, service_pk, location_pk)
    capacity = sel.capacity_of(service, location)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = CapacityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                capacity_save(
                    actor=request.user,
                    service=service,
                    location=location,
                    places=data.get("places"),
                    hours_per_month=data.get("hours_per_month"),
                    available_from=data.get("available_from"),
                    expected_version=data.get("version"),
                    http_request=request,
                )
            except StaleVersion:
                capacity = sel.capacity_of(service, location)
                errors, status = [str(StaleVersion.message)], 409
                form = _with_version(request, CapacityForm, capacity.version if capacity else None)
            else:
                messages.success(request, _("Capacity saved."))
                return redirect("backoffice:provider_capacity")
    else:
        initial: dict[str, Any] = {"version": capacity.version} if capacity else {}
        if capacity:
            initial.update(
                places=capacity.places, hours_per_month=capacity.hours_per_month, available_from=capacity.available_from
            )
        form = CapacityForm(initial=initial)
    context = {
        "form": form,
        "service_name": pick(service.name),
        "site": str(location) if location else "",
        "action": _capacity_url(service.pk, location.pk if location else None),
        "error_summary": [("", m) for m in errors] + form.error_summary(),
        "nav_section": "provider",
    }
    return render(request, "backoffice/provider/capacity_edit.html", context, status=status)


def _with_version(request: HttpRequest, form_class: Any, version: int | None, **kwargs: Any) -> Any:
    """What the user typed, kept, with the version they now see: saving again is deliberate."""
    data = request.POST.copy()
    data["version"] = str(version) if version else ""
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# ---------------------------------------------------------------- measures


@require_permission("measures.view_referrals")
@require_GET
def provider_measure_list(request: HttpRequest) -> HttpResponse:
    """The measures the provider is delivering (under way or suspended), with reports due."""
    page = sel.running_measures_page(request.user, cursor=request.GET.get("cursor") or None)
    record_list_read(request, [m.case.child_id for m in page.items], "measures.provider_measures")
    context = {
        "page": page,
        "rows": measure_rows(page.items, timezone.localdate()),
        "nav_section": "provider",
        "tab": "measures",
    }
    return render(request, "backoffice/provider/measure_list.html", context)


@require_permission("measures.view_referrals")
@require_GET
def provider_measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = sel.get_measure_for(request.user, pk, http_request=request)
    measure = access.measure
    minimum = sel.referral_minimum(access.referral) if access.referral else None
    reports = sel.measure_reports(measure)
    statuses = dict(ReportStatus.choices)
    kinds = dict(ReportKind.choices)
    context = {
        "measure": measure,
        "referral": minimum,
        "measure_name": pick(measure.measure_type.name),
        "service_name": pick(measure.service.name) if measure.service else "",
        "site": str(measure.location) if measure.location else "",
        "status_label": dict(MeasureStatus.choices).get(measure.status, measure.status),
        "running": measure.status in RUNNING_STATES,
        "reports": [
            {
                "href": reverse("backoffice:provider_report_edit", args=[r.pk]),
                "kind": kinds.get(r.kind, r.kind),
                "status": statuses.get(r.status, r.status),
                "tag": REPORT_TAGS.get(r.status, ""),
                "due_on": r.due_on,
                "submitted_at": r.submitted_at,
                "editable": r.status in REPORT_EDITABLE,
            }
            for r in reports
        ],
        "can_start_report": measure.status in (*RUNNING_STATES, MeasureStatus.ACCEPTED)
        and not any(r.status in REPORT_EDITABLE for r in reports),
        "activity": sel.measure_activity(measure),
        "nav_section": "provider",
    }
    return render(request, "backoffice/provider/measure_detail.html", context)


# ---------------------------------------------------------------- reports


def _report_context(measure: Any, report: Any, form: Any, errors: list[str]) -> dict[str, Any]:
    kinds = dict(ReportKind.choices)
    return {
        "measure": measure,
        "measure_name": pick(measure.measure_type.name),
        "report": report,
        "kind_label": kinds.get(report.kind, report.kind) if report else "",
        "status_label": dict(ReportStatus.choices).get(report.status, "") if report else "",
        "status_tag": REPORT_TAGS.get(report.status, "") if report else "",
        "editable": report is None or report.status in REPORT_EDITABLE,
        "with_family_required": measure.measure_type.initial_report_with_family,
        "form": form,
        "error_summary": [("", m) for m in errors] + (form.error_summary() if form is not None else []),
        "nav_section": "provider",
    }


def _report_values(data: dict[str, Any]) -> dict[str, Any]:
    names = ("situation", "needs", "objectives", "progress", "drafted_with_family", "period_start", "period_end")
    return {name: data.get(name) or ("" if name in REPORT_TEXT_FIELDS else None) for name in names}


@require_permission("measures.write_report")
@require_http_methods(["GET", "POST"])
def provider_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    measure = sel.get_measure_for(request.user, pk, http_request=request).measure
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _report_values(form.cleaned_data)
        values["drafted_with_family"] = bool(values["drafted_with_family"])
        try:
            report = report_save_draft(actor=request.user, measure=measure, http_request=request, **values)
        except TransitionNotAllowed:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. It is not sent to the agency until you send it."))
            return redirect("backoffice:provider_report_edit", pk=report.pk)
    return render(request, "backoffice/provider/report_form.html", _report_context(measure, None, form, []))


@require_permission("measures.write_report")
@require_http_methods(["GET", "POST"])
def provider_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = sel.get_report_for(request.user, pk, http_request=request)
    measure = report.measure
    editable = report.status in REPORT_EDITABLE
    errors: list[str] = []
    status = 200
    if request.method == "POST" and editable:
        form = ReportForm(request.POST)
        if form.is_valid():
            values = _report_values(form.cleaned_data)
            values["drafted_with_family"] = bool(values["drafted_with_family"])
            try:
                report = report_save_draft(
                    actor=request.user,
                    measure=measure,
                    report=report,
                    expected_version=form.cleaned_data.get("version"),
                    http_request=request,
                    **values,
                )
            except (StaleVersion, TransitionNotAllowed):
                report = sel.get_report_for(request.user, pk, http_request=request)
                errors, status = [str(StaleVersion.message)], 409
                form = _with_version(request, ReportForm, report.version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Draft saved. It is not sent to the agency until you send it."))
                return redirect("backoffice:provider_report_edit", pk=report.pk)
    elif editable:
        form = ReportForm(initial={name: getattr(report, name) for name in ReportForm.base_fields})
    else:
        form = None
    return render(request, "backoffice/provider/report_form.html", _report_context(measure, report, form, errors), status=status)


@require_permission("measures.write_report")
@require_http_methods(["GET", "POST"])
def provider_report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sending a report to the agency: a confirmation page, then the POST."""
    report = sel.get_report_for(request.user, pk, http_request=request)
    if report.status not in REPORT_EDITABLE:
        return redirect("backoffice:provider_report_edit", pk=pk)
    form = ReportSubmitForm(request.POST or None, initial={"version": report.version})
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(actor=request.user, report=report, expected_version=form.cleaned_data["version"], http_request=request)
        except (StaleVersion, TransitionNotAllowed):
            report = sel.get_report_for(request.user, pk, http_request=request)
            errors, status = [("", str(StaleVersion.message))], 409
            form = ReportSubmitForm(initial={"version": report.version})
        except ValidationError as error:
            edit = reverse("backoffice:provider_report_edit", args=[pk])
            errors = [(f"{edit}#id_{field}", m) for field, ms in error.message_dict.items() for m in ms]
            status = 400
        else:
            messages.success(request, _("Report sent to the agency. The coordinator has been told."))
            return redirect("backoffice:provider_measure_detail", pk=report.measure_id)
    context = {
        "report": report,
        "kind_label": dict(ReportKind.choices).get(report.kind, report.kind),
        "measure_name": pick(report.measure.measure_type.name),
        "form": form,
        "error_summary": errors,
        "nav_section": "provider",
    }
    return render(request, "backoffice/provider/report_submit.html", context, status=status)


# ---------------------------------------------------------------- activity


def _month_from_query(request: HttpRequest) -> dt.date | None:
    """?month=2026-11 opens that month's record for a change (a date, never personal)."""
    match = re.match(r"^(\d{4})-(\d{2})$", request.GET.get("month", ""))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


@require_permission("measures.record_activity")
@require_http_methods(["GET", "POST"])
def provider_activity(request: HttpRequest, pk: int) -> HttpResponse:
    measure = sel.get_measure_for(request.user, pk, http_request=request).measure
    if measure.status not in RUNNING_STATES:
        raise Http404
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity_record(
                    actor=request.user,
                    measure=measure,
                    month=data["month"],
                    days=data.get("days"),
                    hours=data.get("hours"),
                    note=data.get("note") or "",
                    expected_version=data.get("version"),
                    http_request=request,
                )
            except StaleVersion:
                current = sel.activity_of(measure, data["month"])
                errors, status = [str(StaleVersion.message)], 409
                form = _with_version(request, ActivityForm, current.version if current else None)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Activity recorded."))
                return redirect("backoffice:provider_measure_detail", pk=measure.pk)
    else:
        month = _month_from_query(request)
        record = sel.activity_of(measure, month) if month else None
        initial: dict[str, Any] = {"month": month}
        if record:
            initial.update(days=record.days, hours=record.hours, note=record.note, version=record.version)
        form = ActivityForm(initial=initial)
    context = {
        "measure": measure,
        "measure_name": pick(measure.measure_type.name),
        "form": form,
        "error_summary": [("", m) for m in errors] + form.error_summary(),
        "nav_section": "provider",
    }
    return render(request, "backoffice/provider/activity_form.html", context, status=status)
