"""The case's consent page (requests to the parents for special acts, everyday acts, complaints),
their forms and actions, and the six-monthly list of placed children with its exports.

Every case view reaches the case through ``get_case_for`` (404 for missing and forbidden alike),
then the record through ``consents.selectors`` (404 for another case's); writes go through
``consents.services`` (``can_edit`` on the case; the coordinator a complaint is assigned to may
answer it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.consents import parameters, placed_list, selectors, services
from openaef.consents.states import ANSWERABLE, COMPLAINT_MACHINE, CONSENT_MACHINE, ComplaintStatus, ConsentStatus
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed

from . import presentation_consents as present
from .form_support import add_errors, with_version
from .forms_consents import (
    AnswerForm,
    AssignForm,
    ComplaintAnswerForm,
    ComplaintForm,
    ConsentRequestForm,
    CourtDecisionForm,
    EverydayActForm,
    PlacedListForm,
    ReasonForm,
    ReferForm,
    VersionForm,
)

READ = "consents.view_consent"
WRITE = "consents.change_consent"
VIEW_LIST = "consents.view_placed_list"
TEMPLATES = "backoffice/consents/"
NOT_POSSIBLE = gettext_lazy("This change is not possible from the current state. The page shows it as it is now.")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def _writable(request: HttpRequest, case_pk: int) -> CaseAccess:
    access = get_case_for(request.user, case_pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    return access


def _placements(access: CaseAccess) -> list[tuple[str, str]]:
    return [
        (str(pk), f"{code}, {formats.date_format(day, 'DATE_FORMAT')}" if day else code)
        for pk, code, day in selectors.case_placement_choices(access.case)
    ]


def _placement(access: CaseAccess, value: str) -> Any:
    return selectors.case_placement(access.case, value)


def _people(persons: list[Any]) -> list[tuple[str, str]]:
    return [(str(p.pk), p.full_name) for p in persons]


def _pick(items: list[Any], value: str | None) -> Any:
    return next((item for item in items if str(item.pk) == str(value)), None)


def _page_url(case_pk: int, anchor: str = "") -> str:
    url = reverse("backoffice:consent_page", args=[case_pk])
    return f"{url}#{anchor}" if anchor else url


# The case's consent page ------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def consent_page(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    case = access.case
    context = {
        "case": case,
        "access": access,
        "requests": [
            {"request": r, "tag": present.CONSENT_TAGS.get(r.status, ""), "act": present.act_label(r.act_kind)}
            for r in selectors.case_consent_requests(case)
        ],
        "acts": selectors.case_everyday_acts(case),
        "complaints": [
            {"complaint": c, "tag": present.COMPLAINT_TAGS.get(c.status, "")} for c in selectors.case_complaints(case)
        ],
        "today": timezone.localdate(),
    }
    return _page(request, "page.html", context)


def _create_view(
    request: HttpRequest,
    case_pk: int,
    *,
    template: str,
    make_form: Callable[[CaseAccess, QueryDict | None], forms.Form],
    save: Callable[[HttpRequest, CaseAccess, forms.Form], Any],
    done: str,
    anchor: str,
    extra: Callable[[CaseAccess], dict[str, Any]] | None = None,
) -> HttpResponse:
    """GET shows the form, POST saves through ``save`` (a service) and goes back to the page;
    on an error the form comes back with what was typed."""
    access = _writable(request, case_pk)
    form = make_form(access, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(request, access, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_page_url(case_pk, anchor))
    context = {
        "case": access.case,
        "form": form,
        "forms_in_error": [form] if form.errors else [],
        **(extra(access) if extra else {}),
    }
    return _page(request, template, context, status=400 if form.errors else 200)


def _request_form(access: CaseAccess, data: QueryDict | None) -> forms.Form:
    return ConsentRequestForm(
        data,
        parents=_people(selectors.parent_candidates(access.case)),
        placements=_placements(access),
        typed_deadline=parameters.consent_rules().answer_within is None,
        initial={"asked_on": timezone.localdate()},
    )


def _request_save(request: HttpRequest, access: CaseAccess, form: forms.Form) -> Any:
    data = form.cleaned_data
    parents = selectors.parent_candidates(access.case)
    return services.consent_request_create(
        actor=request.user,
        access=access,
        act_kind=data["act_kind"],
        description=data["description"],
        asked_of=[p for p in parents if str(p.pk) in data["asked_of"]],
        asked_on=data["asked_on"],
        deadline_on=data.get("deadline_on"),
        placement=_placement(access, data["placement"]),
        http_request=request,
    )


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def consent_request_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    return _create_view(
        request,
        case_pk,
        template="request_create.html",
        make_form=_request_form,
        save=_request_save,
        done=_("The request was recorded. A deadline follows the parents' answer."),
        anchor="requests",
        extra=lambda access: {
            "has_parents": bool(selectors.parent_candidates(access.case)),
            "rule": parameters.consent_rules().answer_within,
        },
    )


def _act_form(access: CaseAccess, data: QueryDict | None) -> forms.Form:
    return EverydayActForm(data, placements=_placements(access), initial={"on": timezone.localdate()})


def _act_save(request: HttpRequest, access: CaseAccess, form: forms.Form) -> Any:
    data = form.cleaned_data
    return services.everyday_act_record(
        actor=request.user,
        access=access,
        on=data["on"],
        kind=data["kind"],
        what=data["what"],
        decided_by=data["decided_by"],
        placement=_placement(access, data["placement"]),
        http_request=request,
    )


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def everyday_act_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    return _create_view(
        request,
        case_pk,
        template="act_create.html",
        make_form=_act_form,
        save=_act_save,
        done=_("The everyday act was recorded."),
        anchor="everyday-acts",
    )


def _complaint_form(access: CaseAccess, data: QueryDict | None) -> forms.Form:
    people = _people(selectors.case_people(access.case))
    return ComplaintForm(data, people=people, placements=_placements(access), initial={"received_on": timezone.localdate()})


def _complaint_save(request: HttpRequest, access: CaseAccess, form: forms.Form) -> Any:
    data = form.cleaned_data
    return services.complaint_record(
        actor=request.user,
        access=access,
        received_on=data["received_on"],
        from_person=_pick(selectors.case_people(access.case), data["from_person"]),
        about=data["about"],
        placement=_placement(access, data["placement"]),
        http_request=request,
    )


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    return _create_view(
        request,
        case_pk,
        template="complaint_create.html",
        make_form=_complaint_form,
        save=_complaint_save,
        done=_("The complaint was recorded. Assign it to a coordinator."),
        anchor="complaints",
    )


# A consent request and its actions -------------------------------------------------------------


def _request_actions(access: CaseAccess, obj: Any) -> list[str]:
    if not access.can_edit:
        return []
    names = []
    if obj.status in ANSWERABLE and _unanswered(obj):
        names.append("answer")
    if obj.status == ConsentStatus.ASKED and timezone.localdate() > obj.deadline_on:
        names.append("no_answer")
    if access.case.framework == "judicial" and CONSENT_MACHINE.can_transition(obj.status, ConsentStatus.REFERRED):
        names.append("refer")
    if obj.status == ConsentStatus.REFERRED:
        names.append("court_decision")
    if CONSENT_MACHINE.can_transition(obj.status, ConsentStatus.WITHDRAWN):
        names.append("withdraw")
    return names


def _unanswered(obj: Any) -> list[Any]:
    answered = {a.person_id for a in obj.answers.all()}
    return [p for p in obj.asked_of.all() if p.pk not in answered]


REQUEST_LABELS = {
    "answer": gettext_lazy("Record a parent's answer"),
    "no_answer": gettext_lazy("Record that there was no answer by the deadline"),
    "refer": gettext_lazy("Refer to the court"),
    "court_decision": gettext_lazy("Record the court's decision"),
    "withdraw": gettext_lazy("Withdraw the request"),
}


def _request_action_form(name: str, access: CaseAccess, obj: Any, data: QueryDict | None = None) -> forms.Form:
    initial: dict[str, Any] = {"version": obj.version}
    if name == "answer":
        initial["on"] = timezone.localdate()
        return AnswerForm(data, prefix=name, parents=_people(_unanswered(obj)), initial=initial)
    if name == "refer":
        return ReferForm(data, prefix=name, initial={**initial, "referred_on": timezone.localdate()})
    if name == "court_decision":
        decisions = [(str(d.pk), str(d)) for d in selectors.case_decisions(access.case)]
        # A decision recorded before its ruling could be (older requests) is offered again.
        initial.update(decision=str(obj.court_decision_id or ""), court_reference=obj.court_reference)
        initial["decided_on"] = obj.court_decided_on
        return CourtDecisionForm(data, prefix=name, decisions=decisions, initial=initial)
    if name == "withdraw":
        return ReasonForm(data, prefix=name, initial=initial)
    return VersionForm(data, prefix=name, initial=initial)


def _call_request_service(name: str, request: HttpRequest, access: CaseAccess, obj: Any, data: dict[str, Any]) -> None:
    common = {"actor": request.user, "access": access, "request": obj, "expected_version": data["version"] or 0}
    common["http_request"] = request
    if name == "answer":
        person = _pick(list(obj.asked_of.all()), data["person"])
        keys = ("answer", "on", "how", "note")
        services.consent_answer_record(**common, person=person, **{k: data[k] for k in keys})
    elif name == "no_answer":
        services.consent_request_no_answer(**common)
    elif name == "refer":
        services.consent_request_refer(**common, referred_on=data["referred_on"])
    elif name == "court_decision":
        decision = _pick(selectors.case_decisions(access.case), data["decision"])
        services.consent_request_court_decision(
            **common,
            ruling=data["ruling"],
            decision=decision,
            court_reference=data["court_reference"],
            decided_on=data["decided_on"],
        )
    else:
        services.consent_request_withdraw(**common, reason=data["reason"])


def _render_request(
    request: HttpRequest,
    access: CaseAccess,
    obj: Any,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    actions = [
        {"name": n, "label": REQUEST_LABELS[n], "form": bound.get(n) or _request_action_form(n, access, obj)}
        for n in _request_actions(access, obj)
    ]
    events = selectors.record_events(access.case, selectors.CONSENT_EVENT, "request", obj.pk)
    context = {
        "case": access.case,
        "access": access,
        "obj": obj,
        "act": present.act_label(obj.act_kind),
        "tag": present.CONSENT_TAGS.get(obj.status, ""),
        "waiting_for": _unanswered(obj) if obj.status in ANSWERABLE else [],
        "actions": actions,
        "history": present.history(events),
        "errors": errors or [],
        "forms_in_error": [f for f in bound.values() if f.errors],
    }
    return _page(request, "request_detail.html", context, status=status)


@require_permission(READ)
@require_GET
def consent_request_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    return _render_request(request, access, selectors.get_consent_request_for(access, pk))


@require_permission(WRITE)
@require_POST
def consent_request_action(request: HttpRequest, case_pk: int, pk: int, action: str) -> HttpResponse:
    if action not in REQUEST_LABELS:
        raise Http404
    access = _writable(request, case_pk)
    obj = selectors.get_consent_request_for(access, pk)
    form = _request_action_form(action, access, obj, request.POST)
    if not form.is_valid():
        return _render_request(request, access, obj, bound={action: form}, status=400)
    try:
        _call_request_service(action, request, access, obj, form.cleaned_data)
    except StaleVersion:
        fresh = selectors.get_consent_request_for(access, pk)
        form = _request_action_form(action, access, fresh, with_version(request.POST, f"{action}-version", fresh.version))
        form.is_valid()
        return _render_request(request, access, fresh, bound={action: form}, errors=[str(StaleVersion.message)], status=409)
    except TransitionNotAllowed:
        fresh = selectors.get_consent_request_for(access, pk)
        return _render_request(request, access, fresh, errors=[str(NOT_POSSIBLE)], status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_request(request, access, obj, bound={action: form}, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": REQUEST_LABELS[action]})
    return redirect(reverse("backoffice:consent_request_detail", args=[case_pk, pk]))


# A complaint and its actions -------------------------------------------------------------------

COMPLAINT_LABELS = {
    "assign": gettext_lazy("Assign to a coordinator"),
    "answer": gettext_lazy("Record the answer"),
    "withdraw": gettext_lazy("Record that the complaint was withdrawn"),
}


def _complaint_actions(user: Any, access: CaseAccess, obj: Any) -> list[str]:
    names = []
    if access.can_edit and COMPLAINT_MACHINE.can_transition(obj.status, ComplaintStatus.ASSIGNED):
        names.append("assign")
    if obj.status == ComplaintStatus.ASSIGNED and selectors.may_answer_complaint(user, access, obj):
        names.append("answer")
    if access.can_edit and COMPLAINT_MACHINE.can_transition(obj.status, ComplaintStatus.WITHDRAWN):
        names.append("withdraw")
    return names


def _complaint_action_form(name: str, access: CaseAccess, obj: Any, data: QueryDict | None = None) -> forms.Form:
    initial: dict[str, Any] = {"version": obj.version}
    if name == "assign":
        coordinators = selectors.assignable_coordinators(access.case)
        typed = parameters.consent_rules().complaint_answer_within is None
        initial["assignee"] = str(obj.assigned_to_id or "")
        return AssignForm(data, prefix=name, coordinators=coordinators, typed_deadline=typed, initial=initial)
    if name == "answer":
        return ComplaintAnswerForm(data, prefix=name, initial={**initial, "answered_on": timezone.localdate()})
    return ReasonForm(data, prefix=name, initial=initial)


def _call_complaint_service(name: str, request: HttpRequest, access: CaseAccess, obj: Any, data: dict[str, Any]) -> None:
    common = {"actor": request.user, "access": access, "complaint": obj, "expected_version": data["version"] or 0}
    common["http_request"] = request
    if name == "assign":
        assignee = selectors.get_coordinator(access.case, data["assignee"])
        services.complaint_assign(**common, assignee=assignee, answer_due_on=data.get("answer_due_on"))
    elif name == "answer":
        services.complaint_answer(**common, answer=data["answer"], answered_on=data["answered_on"])
    else:
        services.complaint_withdraw(**common, reason=data["reason"])


def _render_complaint(
    request: HttpRequest,
    access: CaseAccess,
    obj: Any,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    actions = [
        {"name": n, "label": COMPLAINT_LABELS[n], "form": bound.get(n) or _complaint_action_form(n, access, obj)}
        for n in _complaint_actions(request.user, access, obj)
    ]
    events = selectors.record_events(access.case, selectors.COMPLAINT_EVENT, "complaint", obj.pk)
    context = {
        "case": access.case,
        "access": access,
        "obj": obj,
        "tag": present.COMPLAINT_TAGS.get(obj.status, ""),
        "actions": actions,
        "history": present.history(events, complaint=True),
        "errors": errors or [],
        "forms_in_error": [f for f in bound.values() if f.errors],
    }
    return _page(request, "complaint_detail.html", context, status=status)


@require_permission(READ)
@require_GET
def complaint_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    return _render_complaint(request, access, selectors.get_complaint_for(access, pk))


@require_permission(WRITE)
@require_POST
def complaint_action(request: HttpRequest, case_pk: int, pk: int, action: str) -> HttpResponse:
    if action not in COMPLAINT_LABELS:
        raise Http404
    access = get_case_for(request.user, case_pk, http_request=request, audit=False)
    obj = selectors.get_complaint_for(access, pk)
    if action not in _complaint_actions(request.user, access, obj) and not access.can_edit:
        raise PermissionDenied
    form = _complaint_action_form(action, access, obj, request.POST)
    if not form.is_valid():
        return _render_complaint(request, access, obj, bound={action: form}, status=400)
    try:
        _call_complaint_service(action, request, access, obj, form.cleaned_data)
    except StaleVersion:
        fresh = selectors.get_complaint_for(access, pk)
        form = _complaint_action_form(action, access, fresh, with_version(request.POST, f"{action}-version", fresh.version))
        form.is_valid()
        return _render_complaint(request, access, fresh, bound={action: form}, errors=[str(StaleVersion.message)], status=409)
    except TransitionNotAllowed:
        fresh = selectors.get_complaint_for(access, pk)
        return _render_complaint(request, access, fresh, errors=[str(NOT_POSSIBLE)], status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_complaint(request, access, obj, bound={action: form}, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": COMPLAINT_LABELS[action]})
    return redirect(reverse("backoffice:complaint_detail", args=[case_pk, pk]))


# The six-monthly list of placed children ---------------------------------------------------------


def _reference_day(request: HttpRequest) -> tuple[PlacedListForm, Any, bool]:
    days = placed_list.reference_dates(timezone.localdate())
    asked = "on" in request.GET
    form = PlacedListForm(request.GET if asked else {"on": days[0].isoformat()}, days=days)
    valid = form.is_valid()
    day = form.cleaned_data["on"] if valid else days[0]
    if not asked:
        form = PlacedListForm(initial={"on": day.isoformat()}, days=days)
    return form, day, valid


@require_permission(VIEW_LIST)
@require_GET
def placed_children(request: HttpRequest) -> HttpResponse:
    form, day, valid = _reference_day(request)
    placed = placed_list.placed_children_for(request.user, day, http_request=request)
    context = {
        "form": form,
        "placed": placed,
        "query": f"on={day.isoformat()}",
        "forms_in_error": [] if valid else [form],
        "nav_section": "placed",
    }
    return _page(request, "placed_children.html", context, status=200 if valid else 400)


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", placed_list.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", placed_list.to_xlsx),
}


@require_permission(VIEW_LIST)
@require_GET
def placed_children_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    _form, day, valid = _reference_day(request)
    if not valid:
        return redirect(reverse("backoffice:placed_children"))
    content_type, render_file = EXPORTS[fmt]
    placed = placed_list.placed_children_for(request.user, day, http_request=request, export=fmt)
    response = HttpResponse(render_file(placed), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="placed-children-{day.isoformat()}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
