"""A request's page and the triage actions on it (POST, then redirect back to the page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openaef.accounts.selectors import coordinators_of
from openaef.core.access import require_permission
from openaef.directory.models import Office
from openaef.intake.errors import StaleVersion, TransitionNotAllowed
from openaef.intake.models import HelpRequest
from openaef.intake.selectors import get_request_for, possible_duplicates
from openaef.intake.services import request_set_priority, request_transition
from openaef.intake.states import OPEN_STATES, RequestStatus, allowed_targets, can_transition, needs

from .forms import (
    AcceptForm,
    PriorityForm,
    ReasonRequiredTriageForm,
    ReferForm,
    TriageForm,
    coordinator_choices,
    regional_offices,
)
from .presentation import ACTION_LABELS, PRIORITY_TAGS, STATUS_TAGS, history_items

PRIORITY_PREFIX = "priority"


def _triage_form(help_request: HelpRequest, target: str, data: QueryDict | None, offices: list[Office]) -> forms.Form:
    """The form a transition needs, read from the state machine's table (intake/states.py)."""
    required = needs(help_request.status, target)
    initial: dict[str, Any] = {"version": help_request.version}
    kwargs: dict[str, Any] = {"data": data, "prefix": target, "initial": initial}
    if required.get("assignment"):
        initial["office"] = help_request.proposed_office_id
        return AcceptForm(offices=offices, coordinators=coordinator_choices(offices), **kwargs)
    if required.get("referred_to"):
        return ReferForm(**kwargs)
    if required.get("reason"):
        return ReasonRequiredTriageForm(**kwargs)
    return TriageForm(**kwargs)


def _render(
    request: HttpRequest,
    help_request: HelpRequest,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    offices = regional_offices()
    can_triage = request.user.has_perm("intake.triage_request")
    actions = []
    if can_triage:
        for target in allowed_targets(help_request.status):
            form = bound.get(target) or _triage_form(help_request, target, None, offices)
            actions.append({"target": target, "label": ACTION_LABELS[target], "form": form})
    priority_form = bound.get(PRIORITY_PREFIX) or PriorityForm(
        prefix=PRIORITY_PREFIX, initial={"version": help_request.version, "priority": help_request.priority}
    )
    today = timezone.localdate()
    context = {
        **_case_context(request, help_request),
        "help_request": help_request,
        "age": help_request.age_on(today),
        "parents": list(help_request.parents.all()),
        "needs": list(help_request.needs.all()),
        "history": history_items(help_request.events.select_related("actor"), offices, help_request),
        "duplicates": possible_duplicates(help_request, request.user),
        "actions": actions,
        "can_triage": can_triage,
        # Priority orders the queue: it means nothing once the request has left it.
        "priority_form": priority_form if can_triage and help_request.status in OPEN_STATES else None,
        "status_tag": STATUS_TAGS.get(help_request.status, ""),
        "priority_tag": PRIORITY_TAGS.get(help_request.priority, ""),
        "error_summary": [("", str(message)) for message in errors or []]
        + [item for form in bound.values() for item in form.error_summary()],
        "nav_section": "inbox",
    }
    return render(request, "backoffice/request_detail.html", context, status=status)


def _case_context(request: HttpRequest, help_request: HelpRequest) -> dict[str, Any]:
    """The case file the request became, or whether this user may open it; and the persons
    already recorded who may be the child (the people app's duplicate check)."""
    from openaef.cases.selectors import case_of_request, may_open_from_request
    from openaef.people.duplicates import find_duplicates

    case_file = case_of_request(help_request)
    can_open_case = (
        case_file is None
        and help_request.status == RequestStatus.ACCEPTED
        and request.user.has_perm("cases.open_case")
        and may_open_from_request(request.user, help_request)
    )
    known_persons = find_duplicates(
        pack=help_request.pack,
        surname=help_request.child_surname,
        first_names=help_request.child_first_names,
        birth_date=help_request.child_birth_date,
    )
    return {"case_file": case_file, "can_open_case": can_open_case, "known_persons": known_persons}


@require_permission("intake.view_request")
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for(request.user, pk, http_request=request)
    return _render(request, help_request)


def _with_version(data: QueryDict, prefix: str, version: int) -> QueryDict:
    """The user's input, kept, with the version they now see: applying it again is a deliberate act."""
    data = data.copy()
    data[f"{prefix}-version"] = str(version)
    return data


def _stale(request: HttpRequest, pk: int, prefix: str, rebuild: Any) -> HttpResponse:
    fresh = get_request_for(request.user, pk, http_request=request)
    bound: dict[str, forms.Form] = {}
    form = rebuild(fresh, _with_version(request.POST, prefix, fresh.version))
    if form is not None:
        form.is_valid()
        bound[prefix] = form
    return _render(request, fresh, bound=bound, errors=[str(StaleVersion.message)], status=409)


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_permission("intake.triage_request")
@require_POST
def request_triage(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for(request.user, pk, http_request=request)
    target = request.POST.get("target", "")
    if target not in RequestStatus.values:
        return HttpResponseBadRequest()
    offices = regional_offices()

    def rebuild(fresh: HelpRequest, data: QueryDict) -> forms.Form | None:
        return _triage_form(fresh, target, data, offices) if can_transition(fresh.status, target) else None

    if not can_transition(help_request.status, target):
        if request.POST.get(f"{target}-version") != str(help_request.version):
            return _stale(request, pk, target, rebuild)
        return _render(request, help_request, errors=[_("This change is not possible from the request's current status.")])
    form = _triage_form(help_request, target, request.POST, offices)
    if not form.is_valid():
        return _render(request, help_request, bound={target: form})
    data = form.cleaned_data
    try:
        request_transition(
            actor=request.user,
            help_request=help_request,
            target=target,
            expected_version=data["version"],
            reason=data.get("reason", ""),
            office=data.get("office"),
            coordinator=data.get("coordinator"),
            referred_to=data.get("referred_to", ""),
            http_request=request,
        )
    except StaleVersion:
        return _stale(request, pk, target, rebuild)
    except TransitionNotAllowed:
        return _stale(request, pk, target, rebuild)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render(request, help_request, bound={target: form})
    messages.success(request, _("%(action)s: done.") % {"action": ACTION_LABELS[target]})
    return redirect("backoffice:request_detail", pk=help_request.pk)


@require_permission("intake.triage_request")
@require_POST
def request_priority(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_request_for(request.user, pk, http_request=request)
    form = PriorityForm(request.POST, prefix=PRIORITY_PREFIX)
    if not form.is_valid():
        return _render(request, help_request, bound={PRIORITY_PREFIX: form})
    try:
        request_set_priority(
            actor=request.user,
            help_request=help_request,
            priority=form.cleaned_data["priority"],
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            http_request=request,
        )
    except StaleVersion:
        return _stale(request, pk, PRIORITY_PREFIX, lambda fresh, data: PriorityForm(data, prefix=PRIORITY_PREFIX))
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render(request, help_request, bound={PRIORITY_PREFIX: form})
    messages.success(request, _("The priority was saved."))
    return redirect("backoffice:request_detail", pk=help_request.pk)


@require_permission("intake.triage_request")
@require_GET
def coordinator_options(request: HttpRequest) -> HttpResponse:
    """htmx: the coordinators of the office just chosen in the accept form (no personal data in the URL: an id)."""
    raw = request.GET.get("accepted-office") or request.GET.get("office") or ""
    office = next((o for o in regional_offices() if str(o.pk) == raw), None)
    coordinators = coordinators_of(office) if office is not None else []
    return render(request, "backoffice/includes/coordinator_options.html", {"coordinators": coordinators})
