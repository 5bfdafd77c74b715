"""Case pages: the lists, the workload, the search, one case and the actions on it.

One case is always reached through ``get_case_for`` (404 for missing and forbidden alike, the
read audited); what a user may change is what it says (``can_edit``), whatever the page shows.
Opening a case and the emergency lookup are in ``views_cases_open``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.accounts.selectors import coordinator_choices_of, coordinators_of
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile, CaseParticipant
from openaef.cases.selectors import (
    PAGE_SIZE,
    CaseAccess,
    case_participants,
    case_search_page,
    case_timeline,
    get_case_for,
    is_head_of,
    my_cases_page,
    office_cases_page,
    office_workload,
    offices_of,
    requests_awaiting_case,
)
from openaef.cases.selectors_journal import journal_context
from openaef.cases.services import case_assign, case_transition, case_update, participant_remove
from openaef.cases.states import OPEN_STATES, CaseStatus, allowed_targets, can_transition, needs
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.hotline.selectors import follow_ups_for_case

from .forms_cases import AssignForm, CaseEditForm, CaseFilterForm, CaseSearchForm, TransitionForm
from .presentation_cases import CASE_STATUS_TAGS, TRANSITION_LABELS, case_rows, timeline_items
from .presentation_glance import case_glance

ASSIGN_PREFIX = "assign"


def _record_list_read(request: HttpRequest, cases: list[CaseFile], what: str) -> None:
    """A list shows children's names: the read is logged, naming them, like any other."""
    if cases:
        audit_record(
            actor=request.user,
            action=AuditAction.READ,
            object_type=what,
            request=request,
            persons=[case.child_id for case in cases],
        )


@require_permission("cases.view_cases")
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """My cases: those assigned to me, the ones being worked on unless a status is chosen."""
    form = CaseFilterForm(request.GET)
    page = my_cases_page(request.user, form.filters(), cursor=request.GET.get("cursor") or None)
    _record_list_read(request, page.items, "cases.my_cases")
    context = {
        "form": form,
        "page": page,
        "rows": case_rows(page.items, timezone.localdate()),
        "filtered": form.is_filtered(),
        "awaiting": requests_awaiting_case(request.user),
        "tab": "mine",
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/list.html", context)


def _chosen_office(request: HttpRequest, offices: list[Any]) -> Any:
    raw = request.GET.get("office") or ""
    return next((o for o in offices if str(o.pk) == raw), offices[0] if offices else None)


@require_permission("cases.view_office_cases")
@require_GET
def case_office_list(request: HttpRequest) -> HttpResponse:
    offices = offices_of(request.user)
    office = _chosen_office(request, offices)
    if office is None:
        raise Http404
    form = CaseFilterForm(request.GET, coordinators=coordinator_choices_of(office))
    page = office_cases_page(request.user, office, form.filters(), cursor=request.GET.get("cursor") or None)
    _record_list_read(request, page.items, "cases.office_cases")
    context = {
        "form": form,
        "page": page,
        "rows": case_rows(page.items, timezone.localdate()),
        "filtered": form.is_filtered(),
        "office": office,
        "offices": offices,
        "awaiting": requests_awaiting_case(request.user, office=office),
        "tab": "office",
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/office_list.html", context)


@require_permission("cases.view_workload")
@require_GET
def case_workload(request: HttpRequest) -> HttpResponse:
    from openaef.accounts.models import Role

    offices = offices_of(request.user, Role.OFFICE_HEAD)
    office = _chosen_office(request, offices)
    if office is None:
        raise Http404
    rows = office_workload(office)
    statuses = [(value, label) for value, label in CaseStatus.choices if value in OPEN_STATES]
    context = {
        "office": office,
        "offices": offices,
        "rows": rows,
        "statuses": statuses,
        "total": sum(row.total for row in rows),
        "tab": "workload",
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/workload.html", context)


@require_permission("cases.search_cases")
@require_http_methods(["GET", "POST"])
def case_search(request: HttpRequest) -> HttpResponse:
    """Search by name, reference or date of birth.

    The form is POSTed and the results rendered in the response: names and dates of birth
    never appear in a URL, so never in the server's logs, the browser's history or a Referer.
    The next page is another POST of the same form with the signed cursor (dates and ids only).
    """
    form = CaseSearchForm(request.POST if request.method == "POST" else None)
    page = None
    if form.is_bound and form.is_valid():
        page = case_search_page(request.user, form.search(), cursor=form.cleaned_data.get("cursor") or None)
        _record_list_read(request, page.items, "cases.search")
    context = {
        "form": form,
        "page": page,
        "rows": case_rows(page.items, timezone.localdate()) if page else [],
        "page_size": PAGE_SIZE,
        "can_break_glass": request.user.has_perm("audit.open_emergency_access"),
        "tab": "search",
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/search.html", context)


def _person_url(person_id: int) -> str | None:
    """The person's page once the people pages exist (built only when the URL resolves)."""
    try:
        return reverse("backoffice:person_detail", args=[person_id])
    except NoReverseMatch:
        return None


def _family(participants: list[CaseParticipant]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [{"participant": p, "age": p.person.age_on(today), "url": _person_url(p.person_id)} for p in participants]


def _transition_form(case: CaseFile, target: str, data: QueryDict | None = None) -> TransitionForm:
    return TransitionForm(
        data, prefix=target, initial={"version": case.version}, reason_required=needs(case.status, target).get("reason", False)
    )


def _render_case(
    request: HttpRequest,
    access: CaseAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    case, bound = access.case, bound or {}
    actions = []
    if access.can_edit:
        for target in allowed_targets(case.status):
            form = bound.get(target) or _transition_form(case, target)
            actions.append({"target": target, "label": TRANSITION_LABELS[target], "form": form})
    assign_form = None
    if not access.emergency and is_head_of(request.user, case.office_id):
        assign_form = bound.get(ASSIGN_PREFIX) or AssignForm(
            prefix=ASSIGN_PREFIX,
            initial={"version": case.version, "coordinator": case.coordinator_id},
            coordinators=coordinators_of(case.office),
        )
    emergency_until = None
    if access.emergency:
        from openaef.audit.selectors import emergency_access_current

        current = emergency_access_current(request.user, "case", case.pk)
        emergency_until = current.expires_at if current else None
    context = {
        "case": case,
        "access": access,
        "age": case.child.age_on(timezone.localdate()),
        "status_tag": CASE_STATUS_TAGS.get(case.status, ""),
        "family": _family(case_participants(case)),
        "glance": case_glance(case, timezone.localdate()),
        "timeline": timeline_items(case_timeline(case)),
        "actions": actions,
        "assign_form": assign_form,
        "emergency_until": emergency_until,
        "can_view_request": case.request_id is not None and request.user.has_perm("intake.view_request"),
        "hotline_follow_ups": follow_ups_for_case(request.user, case),
        "error_summary": [("", str(message)) for message in errors or []]
        + [item for form in bound.values() for item in form.error_summary()],
        "nav_section": "cases",
        **journal_context(request.user, access),
    }
    return render(request, "backoffice/cases/detail.html", context, status=status)


@require_permission("cases.view_case")
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, get_case_for(request.user, pk, http_request=request))


def _editable(request: HttpRequest, pk: int) -> CaseAccess:
    access = get_case_for(request.user, pk, http_request=request)
    if not access.can_edit:
        # Seen read-only (a colleague's case in the office, an emergency access): no change.
        raise PermissionDenied
    return access


def _with_version(data: QueryDict, prefix: str, version: int) -> QueryDict:
    """The user's input, kept, with the version they now see: applying it again is a deliberate act."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    return data


def _stale_case(request: HttpRequest, pk: int, prefix: str, rebuild: Any) -> HttpResponse:
    fresh = get_case_for(request.user, pk, http_request=request)
    bound: dict[str, forms.Form] = {}
    form = (
        rebuild(fresh.case, _with_version(request.POST, prefix, fresh.case.version))
        if fresh.can_edit or prefix == ASSIGN_PREFIX
        else None
    )
    if form is not None:
        form.is_valid()
        bound[prefix] = form
    return _render_case(request, fresh, bound=bound, errors=[str(StaleVersion.message)], status=409)


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_permission("cases.change_case")
@require_POST
def case_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editable(request, pk)
    case, target = access.case, request.POST.get("target", "")
    if target not in CaseStatus.values:
        return HttpResponseBadRequest()

    def rebuild(fresh: CaseFile, data: QueryDict) -> forms.Form | None:
        return _transition_form(fresh, target, data) if can_transition(fresh.status, target) else None

    if not can_transition(case.status, target):
        if request.POST.get(f"{target}-version") != str(case.version):
            return _stale_case(request, pk, target, rebuild)
        return _render_case(
            request, access, errors=[_("This change is not possible from the case's current status.")], status=409
        )
    form = _transition_form(case, target, request.POST)
    if not form.is_valid():
        return _render_case(request, access, bound={target: form})
    try:
        case_transition(
            actor=request.user,
            case=case,
            target=target,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=form.cleaned_data["version"],
            http_request=request,
        )
    except (StaleVersion, TransitionNotAllowed):
        return _stale_case(request, pk, target, rebuild)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render_case(request, access, bound={target: form})
    messages.success(request, _("%(action)s: done.") % {"action": TRANSITION_LABELS[target]})
    return redirect("backoffice:case_detail", pk=case.pk)


@require_permission("cases.assign_case")
@require_POST
def case_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_case_for(request.user, pk, http_request=request)
    case = access.case
    if access.emergency or not is_head_of(request.user, case.office_id):
        raise PermissionDenied

    def rebuild(fresh: CaseFile, data: QueryDict) -> forms.Form:
        return AssignForm(data, prefix=ASSIGN_PREFIX, coordinators=coordinators_of(fresh.office))

    form = rebuild(case, request.POST)
    if not form.is_valid():
        return _render_case(request, access, bound={ASSIGN_PREFIX: form})
    try:
        case_assign(
            actor=request.user,
            case=case,
            coordinator=form.cleaned_data["coordinator"],
            expected_version=form.cleaned_data["version"],
            http_request=request,
        )
    except StaleVersion:
        return _stale_case(request, pk, ASSIGN_PREFIX, rebuild)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render_case(request, access, bound={ASSIGN_PREFIX: form})
    messages.success(request, _("The coordinator was assigned."))
    return redirect("backoffice:case_detail", pk=case.pk)


@require_permission("cases.change_case")
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editable(request, pk)
    case = access.case
    current = None
    if request.method == "GET":
        form = CaseEditForm(initial={"version": case.version, "framework": case.framework, "summary": case.summary})
    else:
        form = CaseEditForm(request.POST)
        if form.is_valid():
            try:
                case_update(
                    actor=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    framework=form.cleaned_data["framework"],
                    summary=form.cleaned_data["summary"],
                    http_request=request,
                )
            except StaleVersion:
                # What they typed stays in the form; the current values are shown beside it.
                current = get_case_for(request.user, pk, http_request=request).case
                form = CaseEditForm(_with_version(request.POST, "", current.version))
                form.is_valid()
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The case was saved."))
                return redirect("backoffice:case_detail", pk=case.pk)
    errors = [("", str(StaleVersion.message))] if current is not None else []
    context = {
        "case": current or case,
        "form": form,
        "current": current,
        "error_summary": errors + (form.error_summary() if form.is_bound else []),
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/edit.html", context, status=409 if current is not None else 200)


@require_permission("cases.change_case")
@require_POST
def case_participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    access = _editable(request, pk)
    participant = access.case.participants.select_related("person", "case").filter(pk=participant_pk).first()
    if participant is None:
        raise Http404
    try:
        participant_remove(actor=request.user, participant=participant, http_request=request)
    except ValidationError as error:
        return _render_case(request, access, errors=error.messages, status=400)
    messages.success(request, _("%(name)s was taken out of the case.") % {"name": participant.person.full_name})
    return redirect("backoffice:case_detail", pk=access.case.pk)
