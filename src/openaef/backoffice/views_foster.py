"""The foster family pages: the register, recording an application, a family's page with its
assessment and approval, household, training and support service, and the suggestions of
families for a child.

Every family is read through ``foster.selectors.get_family_for`` (404 for missing and forbidden
alike, each read audited); every write goes through ``foster.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.cases.selectors import get_case_for
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import Commune
from openaef.foster import selectors, services
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.foster.parameters import foster_rules
from openaef.foster.states import EDITABLE, MACHINE, RENEWABLE
from openaef.placements.checks import stays_in_institution
from openaef.placements.parameters import placement_rules
from openaef.placements.selectors import current_placement, current_stay

from . import presentation_foster as present
from .form_support import add_errors, with_version
from .forms_foster import (
    ApproveForm,
    FamilyForm,
    MemberForm,
    MemberRemoveForm,
    ReasonForm,
    RegisterFilterForm,
    RenewForm,
    SupportForm,
    TrainingForm,
    VersionOnlyForm,
)

READ = "foster.view_family"
WRITE = "foster.change_family"
TEMPLATES = "backoffice/foster/"
F = FosterFamilyStatus
NOT_POSSIBLE = gettext_lazy("This change is not possible from the family's current status. The page shows it as it is now.")


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    form: type[forms.Form]
    target: str = ""
    warning: bool = False


ACTIONS = {
    a.name: a
    for a in (
        Action("assess", gettext_lazy("Start the assessment"), VersionOnlyForm, F.ASSESSMENT),
        Action("approve", gettext_lazy("Record the approval"), ApproveForm, F.APPROVED),
        Action("refuse", gettext_lazy("Record that the family is not approved"), ReasonForm, F.NOT_APPROVED, True),
        Action("suspend", gettext_lazy("Suspend the approval"), ReasonForm, F.SUSPENDED, True),
        Action("resume", gettext_lazy("Lift the suspension"), VersionOnlyForm, F.APPROVED),
        Action("renew", gettext_lazy("Renew the approval"), RenewForm),
        Action("end", gettext_lazy("Record that the family stops fostering"), ReasonForm, F.ENDED, True),
    )
}


def _available_actions(family: FosterFamily) -> list[str]:
    names = []
    for name, spec in ACTIONS.items():
        if name == "renew":
            if family.status in RENEWABLE and family.approved_until is not None:
                names.append(name)
            continue
        if not MACHINE.can_transition(family.status, spec.target):
            continue
        dates = MACHINE.needs(family.status, spec.target)["dates"]
        if (name == "approve") == dates:
            names.append(name)
    return names


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "foster")
    return render(request, TEMPLATES + template, context, status=status)


def _family_form(data: QueryDict | None = None, **kwargs: Any) -> FamilyForm:
    return FamilyForm(
        data,
        communes=list(Commune.objects.for_pack(_pack()).order_by("name_folded")),
        languages=selectors.languages(),
        max_children=foster_rules().max_children,
        **kwargs,
    )


def _pack() -> str:
    from django.conf import settings

    return str(settings.OPENAEF_PACK)


# The register ---------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def foster_register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None)
    q, statuses = form.values()
    page = selectors.register_page(request.user, q=q, statuses=statuses, today=today, cursor=request.GET.get("cursor") or None)
    rules = foster_rules()
    context = {
        "form": form,
        "page": page,
        "rows": present.register_rows(page.items, today),
        "filtered": form.is_filtered(),
        "ending": selectors.approvals_ending(request.user, today, rules.ending_soon_days),
        "ending_days": rules.ending_soon_days,
        "today": today,
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "register.html", context)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def foster_create(request: HttpRequest) -> HttpResponse:
    form = _family_form(request.POST or None, initial={"capacity": 1})
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create(actor=request.user, details=form.details(), http_request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The application was recorded with the reference %(reference)s.") % {"reference": family.reference}
            )
            return redirect("backoffice:foster_detail", family.pk)
    status = 400 if form.errors else 200
    return _page(request, "create.html", {"form": form, "forms_in_error": [form] if form.errors else []}, status)


# A family's page -----------------------------------------------------------------------------------


def _action_form(name: str, family: FosterFamily) -> forms.Form:
    initial: dict[str, Any] = {"version": family.version}
    if name == "approve":
        initial["approved_from"] = timezone.localdate()
    return ACTIONS[name].form(prefix=name, initial=initial)


def _render_detail(
    request: HttpRequest,
    family: FosterFamily,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    today = timezone.localdate()
    can_change = request.user.has_perm(WRITE)
    editable = can_change and family.status in EDITABLE
    members = selectors.family_members(family)
    occupied = selectors.current_stay_count(family, today)
    rules = foster_rules(family.pack)
    actions = []
    if can_change:
        for name in _available_actions(family):
            spec = ACTIONS[name]
            form = bound.get(name) or _action_form(name, family)
            actions.append({"name": name, "label": spec.label, "form": form, "warning": spec.warning})
    remove_forms = {m.pk: bound.get(f"remove-{m.pk}") or MemberRemoveForm(prefix=f"remove-{m.pk}") for m in members}
    context = {
        "family": family,
        "tag": present.STATUS_TAGS.get(family.status, ""),
        "languages": present.languages_text(family),
        "can_change": can_change,
        "editable": editable,
        "members": [{"member": m, "remove_form": remove_forms[m.pk] if editable else None} for m in members],
        "approvals": selectors.family_approvals(family),
        "trainings": selectors.family_trainings(family),
        "history": present.history(selectors.family_events(family)),
        "occupied": occupied,
        "free_places": max(family.capacity - occupied, 0),
        "max_children": rules.max_children,
        "over_maximum": rules.max_children is not None and family.capacity > rules.max_children,
        "ending_soon": family.status in RENEWABLE
        and family.approved_until is not None
        and (family.approved_until - today).days <= rules.ending_soon_days,
        "approval_lapsed": family.approved_until is not None and family.approved_until < today,
        "actions": actions,
        "member_form": bound.get("member") or MemberForm(prefix="member") if editable else None,
        "training_form": bound.get("training") or TrainingForm(prefix="training") if editable else None,
        "support_form": (
            bound.get("support")
            or SupportForm(
                prefix="support",
                services=selectors.support_services(family.pack),
                initial={"version": family.version, "service": str(family.support_service_id or "")},
            )
        )
        if editable
        else None,
        "errors": errors or [],
        "forms_in_error": [f for f in bound.values() if f.errors],
        "today": today,
    }
    return _page(request, "detail.html", context, status=status)


@require_permission(READ)
@require_GET
def foster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.get_family_for(request.user, pk, http_request=request))


def _writable(request: HttpRequest, pk: int) -> FosterFamily:
    return selectors.get_family_for(request.user, pk, http_request=request, audit=False)


def _run_action(request: HttpRequest, family: FosterFamily, name: str, data: dict[str, Any]) -> None:
    common: dict[str, Any] = {
        "actor": request.user,
        "family": family,
        "expected_version": data.get("version") or 0,
        "http_request": request,
    }
    if name == "approve":
        services.family_approve(
            **common, approved_from=data["approved_from"], approved_until=data["approved_until"], note=data["note"]
        )
    elif name == "renew":
        services.family_renew_approval(**common, approved_until=data["approved_until"], note=data["note"])
    else:
        services.family_transition(**common, target=ACTIONS[name].target, reason=data.get("reason", ""))


@require_permission(WRITE)
@require_POST
def foster_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    family = _writable(request, pk)
    form = spec.form(request.POST, prefix=action)
    if not form.is_valid():
        return _render_detail(request, family, bound={action: form}, status=400)
    try:
        _run_action(request, family, action, form.cleaned_data)
    except StaleVersion:
        fresh = selectors.get_family_for(request.user, pk, audit=False)
        form = spec.form(with_version(request.POST, f"{action}-version", fresh.version), prefix=action)
        form.is_valid()
        return _render_detail(request, fresh, bound={action: form}, errors=[str(StaleVersion.message)], status=409)
    except TransitionNotAllowed:
        fresh = selectors.get_family_for(request.user, pk, audit=False)
        return _render_detail(request, fresh, errors=[str(NOT_POSSIBLE)], status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_detail(request, family, bound={action: form}, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect("backoffice:foster_detail", pk)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def foster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.get_family_for(request.user, pk, http_request=request, audit=request.method == "GET")
    if family.status not in EDITABLE:
        raise Http404
    if request.method == "GET":
        form = _family_form(initial=FamilyForm.initial_for(family))
        return _page(request, "edit.html", {"family": family, "form": form})
    form = _family_form(request.POST)
    errors: list[str] = []
    status = 400
    if form.is_valid():
        try:
            services.family_update(
                actor=request.user,
                family=family,
                expected_version=form.cleaned_data["version"] or 0,
                details=form.details(),
                http_request=request,
            )
        except StaleVersion:
            fresh = selectors.get_family_for(request.user, pk, audit=False)
            form = _family_form(with_version(request.POST, "version", fresh.version))
            form.is_valid()
            errors, status = [str(StaleVersion.message)], 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The family's details were saved."))
            return redirect("backoffice:foster_detail", pk)
    context = {"family": family, "form": form, "errors": errors, "forms_in_error": [form] if form.errors else []}
    return _page(request, "edit.html", context, status)


@require_permission(WRITE)
@require_POST
def foster_support(request: HttpRequest, pk: int) -> HttpResponse:
    family = _writable(request, pk)
    form = SupportForm(request.POST, prefix="support", services=selectors.support_services(family.pack))
    if form.is_valid():
        try:
            services.family_set_support_service(
                actor=request.user,
                family=family,
                expected_version=form.cleaned_data["version"] or 0,
                service=form.chosen(),
                http_request=request,
            )
        except StaleVersion:
            fresh = selectors.get_family_for(request.user, pk, audit=False)
            return _render_detail(request, fresh, errors=[str(StaleVersion.message)], status=409)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The support service was saved."))
            return redirect(reverse("backoffice:foster_detail", args=[pk]) + "#support")
    return _render_detail(request, family, bound={"support": form}, status=400)


@require_permission(WRITE)
@require_POST
def foster_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _writable(request, pk)
    form = MemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            services.member_add(actor=request.user, family=family, http_request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The person was added to the household."))
            return redirect(reverse("backoffice:foster_detail", args=[pk]) + "#household")
    return _render_detail(request, family, bound={"member": form}, status=400)


@require_permission(WRITE)
@require_POST
def foster_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    family = _writable(request, pk)
    member = selectors.family_member(family, member_pk)
    key = f"remove-{member.pk}"
    form = MemberRemoveForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.member_remove(
                actor=request.user, family=family, member=member, reason=form.cleaned_data["reason"], http_request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The person was removed from the household."))
            return redirect(reverse("backoffice:foster_detail", args=[pk]) + "#household")
    return _render_detail(request, family, bound={key: form}, status=400)


@require_permission(WRITE)
@require_POST
def foster_training_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _writable(request, pk)
    form = TrainingForm(request.POST, prefix="training")
    if form.is_valid():
        try:
            services.training_add(actor=request.user, family=family, http_request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect(reverse("backoffice:foster_detail", args=[pk]) + "#training")
    return _render_detail(request, family, bound={"training": form}, status=400)


# Suggestions for a child -----------------------------------------------------------------------------


def _next_step(access: Any) -> dict[str, Any]:
    """What a suggested family leads to: moving on (a child living in an institution now) or the
    admission (a placement opened whose type takes a foster family); nothing otherwise."""
    placement = current_placement(access.case) if access.can_edit else None
    move_on = admit = False
    if placement is not None and placement.status == "active":
        move_on = stays_in_institution(current_stay(placement))
    elif placement is not None:
        admit = "foster_family" in placement_rules(access.case.pack).place_kinds(placement.measure.measure_type.code)
    return {"placement": placement, "move_on": move_on, "admit": admit}


@require_permission(READ)
@require_GET
def foster_suggestions(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    today = timezone.localdate()
    suggestions = selectors.suggestions_for(access.case, today=today)
    chosen = request.GET.get("family") or ""
    context = {
        "case": access.case,
        "suggestions": suggestions,
        **_next_step(access),
        "chosen": int(chosen) if chosen.isdigit() else None,
        "today": today,
        "nav_section": "cases",
    }
    return _page(request, "suggestions.html", context)
