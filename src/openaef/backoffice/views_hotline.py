"""The 116 000 console: record a call, the call's page (protocol, handover, closing), the list
of calls and the figures. Calls are read through ``hotline.selectors`` (404 for missing and
forbidden alike) and written through ``hotline.services``."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.pagination import SortKey, keyset_page
from openaef.hotline import selectors, services, services_followup
from openaef.hotline.clock import responder_at
from openaef.hotline.models import Responder

from . import presentation_hotline as present
from .form_support import add_errors
from .forms_hotline import (
    CallFilterForm,
    CallForm,
    CloseForm,
    FollowUpCallForm,
    FollowUpCaseForm,
    FollowUpCloseForm,
    FollowUpEntryForm,
    FollowUpFilterForm,
    HandoverForm,
    PeriodForm,
    VersionForm,
)

VIEW = "hotline.view_calls"
RECORD = "hotline.record_call"
TEMPLATES = "backoffice/hotline/"
PAGE_SIZE = 50
KEYS = [SortKey("received_at", descending=True), SortKey("id", descending=True)]
# Open follow-ups first (open_rank 0), then the newest.
FOLLOW_UP_KEYS = [SortKey("open_rank", descending=False), SortKey("opened_at", descending=True), SortKey("id", descending=True)]
NOT_POSSIBLE = gettext_lazy("This is no longer possible: the record has changed. The page shows it as it is now.")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.get("forms", []):
        if form.is_bound and form.errors:
            errors.extend(form.error_summary())
    context["error_summary"] = errors
    context["nav_section"] = "hotline"
    return render(request, TEMPLATES + template, context, status=status)


@require_permission(RECORD)
@require_http_methods(["GET", "POST"])
def hotline_console(request: HttpRequest) -> HttpResponse:
    now = timezone.localtime()
    form = CallForm(request.POST or None, initial={"time": now.strftime("%H:%M")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                call = services.call_record(actor=request.user, http_request=request, **form.values())
            except ValidationError as error:
                add_errors(form, error, {"received_at": "time"})
            else:
                messages.success(request, _("The call was recorded."))
                return redirect("backoffice:hotline_call", call.pk)
    context = {"form": form, "forms": [form], "responder_now": Responder(responder_at(now)).label}
    return _page(request, "console.html", context, status)


def _call_context(request: HttpRequest, call: Any, **forms: Any) -> dict[str, Any]:
    handover = forms.get("handover") or HandoverForm(initial={"version": call.version}, auto_id="id_handover_%s")
    close = forms.get("close") or CloseForm(initial={"version": call.version}, auto_id="id_close_%s")
    return {
        "call": call,
        "steps": present.step_rows(call.protocol_steps.all()),
        "handover_form": handover,
        "close_form": close,
        "forms": [handover, close],
        "can_record": request.user.has_perm(RECORD),
    }


@require_permission(VIEW)
@require_GET
def hotline_call(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, http_request=request)
    return _page(request, "call.html", _call_context(request, call))


def _refused(request: HttpRequest, pk: int, error: Exception, **forms: Any) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, http_request=request, audit=False)
    text = StaleVersion.message if isinstance(error, StaleVersion) else NOT_POSSIBLE
    context = _call_context(request, call, **forms)
    context["errors"] = [text]
    return _page(request, "call.html", context, 409)


@require_permission(RECORD)
@require_POST
def hotline_step_done(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, audit=False)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, StaleVersion())
    try:
        services.protocol_step_done(
            actor=request.user, call=call, code=code, expected_version=form.cleaned_data["version"], http_request=request
        )
    except (StaleVersion, TransitionNotAllowed, ValidationError) as error:
        return _refused(request, pk, error)
    return redirect(reverse("backoffice:hotline_call", args=[pk]) + "#protocol")


@require_permission(RECORD)
@require_POST
def hotline_handover(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, audit=False)
    form = HandoverForm(request.POST, auto_id="id_handover_%s")
    if not form.is_valid():
        return _refused(request, pk, StaleVersion(), handover=form)
    try:
        services.call_handover(
            actor=request.user,
            call=call,
            expected_version=form.cleaned_data["version"],
            police_reference=form.cleaned_data["police_reference"],
            http_request=request,
        )
    except (StaleVersion, TransitionNotAllowed) as error:
        return _refused(request, pk, error, handover=form)
    messages.success(request, _("The handover to the police was recorded."))
    return redirect("backoffice:hotline_call", pk)


@require_permission(RECORD)
@require_POST
def hotline_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, audit=False)
    form = CloseForm(request.POST, auto_id="id_close_%s")
    if form.is_valid():
        try:
            services.call_close(
                actor=request.user,
                call=call,
                outcome=form.cleaned_data["outcome"],
                expected_version=form.cleaned_data["version"],
                http_request=request,
            )
        except (StaleVersion, TransitionNotAllowed) as error:
            return _refused(request, pk, error, close=form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The call was closed."))
            return redirect("backoffice:hotline_call", pk)
    fresh = selectors.get_call_for(request.user, pk, audit=False)
    return _page(request, "call.html", _call_context(request, fresh, close=form), 400)


@require_permission(VIEW)
@require_GET
def hotline_calls(request: HttpRequest) -> HttpResponse:
    filters = CallFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = selectors.call_list(request.user, category=values.get("category", ""), urgency=values.get("urgency", ""))
    page = keyset_page(qs, KEYS, request.GET.get("cursor"), PAGE_SIZE)
    context = {
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
    }
    return _page(request, "calls.html", context)


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date, bool]:
    """The figures' period from the query (the last 30 days unless given), and whether it was valid."""
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=30), today
    period = PeriodForm(request.GET or None)
    if not period.is_bound:
        return PeriodForm(initial={"start": start, "end": end}), start, end, True
    if not period.is_valid():
        return period, start, end, False
    return period, period.cleaned_data["start"], period.cleaned_data["end"], True


@require_permission(VIEW)
@require_GET
def hotline_figures(request: HttpRequest) -> HttpResponse:
    period, start, end, valid = _period(request)
    figures = present.figure_tables(selectors.call_figures(request.user, start, end))
    query = {"start_day": start.day, "start_month": start.month, "start_year": start.year}
    query |= {"end_day": end.day, "end_month": end.month, "end_year": end.year}
    context = {
        "period": period,
        "forms": [period],
        "start": start,
        "end": end,
        "figures": figures,
        "csv_url": reverse("backoffice:hotline_figures_csv") + "?" + urlencode(query),
    }
    return _page(request, "figures.html", context, 200 if valid else 400)


@require_permission(VIEW)
@require_GET
def hotline_figures_csv(request: HttpRequest) -> HttpResponse:
    """The same three tables as the page, as one CSV (aggregates only: no personal data)."""
    _form, start, end, valid = _period(request)
    if not valid:
        return redirect(reverse("backoffice:hotline_figures") + "?" + request.GET.urlencode())
    tables = present.figure_tables(selectors.call_figures(request.user, start, end))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="116000-{start.isoformat()}-{end.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Table"), _("Row"), _("Calls")])
    for key, title in present.FIGURE_TITLES.items():
        for row in tables[key]:
            writer.writerow([str(title), row.label, row.count])
    return response


@require_permission(VIEW)
@require_GET
def hotline_follow_ups(request: HttpRequest) -> HttpResponse:
    filters = FollowUpFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = selectors.follow_up_list(request.user, status=values.get("status", ""))
    page = keyset_page(qs, FOLLOW_UP_KEYS, request.GET.get("cursor"), PAGE_SIZE)
    return _page(request, "follow_ups.html", {"filters": filters, "page": page})


# The follow-up of a missing child ---------------------------------------------------------


@require_permission(RECORD)
@require_POST
def hotline_follow_up_open(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.get_call_for(request.user, pk, audit=False)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, StaleVersion())
    try:
        follow_up = services_followup.follow_up_open(
            actor=request.user, call=call, expected_version=form.cleaned_data["version"], http_request=request
        )
    except (StaleVersion, TransitionNotAllowed) as error:
        return _refused(request, pk, error)
    messages.success(request, _("The follow-up was opened."))
    return redirect("backoffice:hotline_follow_up", follow_up.pk)


FOLLOW_UP_FORMS = {
    "entry": FollowUpEntryForm,
    "call": FollowUpCallForm,
    "case": FollowUpCaseForm,
    "close": FollowUpCloseForm,
}


def _follow_up_page(request: HttpRequest, follow_up: Any, bound: dict[str, Any], status: int = 200, **extra: Any) -> HttpResponse:
    forms = {
        name: bound.get(name) or cls(initial={"version": follow_up.version}, auto_id=f"id_{name}_%s")
        for name, cls in FOLLOW_UP_FORMS.items()
    }
    context = {
        "follow_up": follow_up,
        "calls": list(follow_up.calls.all()),
        "entries": list(follow_up.entries.all()),
        "can_record": request.user.has_perm(RECORD),
        **{f"{name}_form": form for name, form in forms.items()},
        "forms": list(forms.values()),
        **extra,
    }
    return _page(request, "follow_up.html", context, status)


@require_permission(VIEW)
@require_GET
def hotline_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.get_follow_up_for(request.user, pk, http_request=request)
    return _follow_up_page(request, follow_up, {})


def _follow_up_write(request: HttpRequest, follow_up: Any, action: str, data: dict[str, Any]) -> str:
    common = {"actor": request.user, "follow_up": follow_up, "expected_version": data["version"], "http_request": request}
    if action == "entry":
        services_followup.follow_up_entry_add(kind=data["kind"], text=data["text"], **common)
        return _("The entry was added.")
    if action == "call":
        services_followup.follow_up_link_call(call_pk=data["call"], **common)
        return _("The call was linked.")
    if action == "case":
        services_followup.follow_up_link_case(reference=data["reference"], **common)
        return _("The case file was linked.")
    services_followup.follow_up_close(closing_note=data["closing_note"], **common)
    return _("The follow-up was closed.")


@require_permission(RECORD)
@require_POST
def hotline_follow_up_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FOLLOW_UP_FORMS:
        raise Http404
    follow_up = selectors.get_follow_up_for(request.user, pk, audit=False)
    form = FOLLOW_UP_FORMS[action](request.POST, auto_id=f"id_{action}_%s")
    errors: list[str] = []
    status = 400
    if form.is_valid():
        try:
            messages.success(request, _follow_up_write(request, follow_up, action, form.cleaned_data))
            return redirect("backoffice:hotline_follow_up", pk)
        except (StaleVersion, TransitionNotAllowed) as error:
            errors, status = [str(StaleVersion.message if isinstance(error, StaleVersion) else NOT_POSSIBLE)], 409
        except ValidationError as error:
            add_errors(form, error)
        follow_up = selectors.get_follow_up_for(request.user, pk, audit=False)
    return _follow_up_page(request, follow_up, {action: form}, status, errors=errors)
