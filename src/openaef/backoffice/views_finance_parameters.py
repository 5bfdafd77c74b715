"""The dated parameters of the pack in use: what is in force on a date, one parameter's history,
and, for administrators, adding a value from a date (with a confirmation step) or removing an
added value whose date has not come yet. Finance officers read; administrators add."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.core.access import require_permission
from openaef.core.models import ParameterValue
from openaef.core.parameters import parameter_tree
from openaef.core.parameters_tree import Node, Scale, parse_value
from openaef.core.services_parameters import parameter_value_add, parameter_value_remove
from openaef.finance import rules  # noqa: F401  registers the parameters permissions
from openaef.finance import selectors_parameters as sel

from .form_support import add_errors
from .forms_finance_parameters import ParametersFilterForm, ParameterValueForm
from .presentation_finance_parameters import (
    UNIT_NAMES,
    day_text,
    entries_shown,
    format_value,
    history_rows,
    leaf_of,
    list_groups,
    matches,
    next_start,
    part_label,
    scale_table,
)

NAV = "parameters"
VIEW = "core.view_parameters"
ADD = "core.add_parameter_value"


@require_permission(VIEW)
@require_GET
def parameters_list(request: HttpRequest) -> HttpResponse:
    pack = sel.pack_in_use()
    today = timezone.localdate()
    form = ParametersFilterForm(request.GET)
    valid = form.is_valid()
    day = (form.cleaned_data.get("on") if valid else None) or today
    query = (form.cleaned_data.get("q") or "").strip() if valid else request.GET.get("q", "").strip()
    nodes = [node for node in parameter_tree(pack).values() if matches(node, query)]
    added = sel.added_values(e.db_id for e in entries_shown(nodes, day))
    context = {
        "pack_code": pack,
        "pack_name": sel.pack_name(pack),
        "form": form,
        "error_summary": form.error_summary(),
        "day": day,
        "is_today": day == today,
        "query": query,
        "groups": list_groups(nodes, day, added),
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/parameters/list.html", context)


def _detail_context(request: HttpRequest, pack: str, node: Node, form: ParameterValueForm | None) -> dict[str, Any]:
    today = timezone.localdate()
    leaves = node.components() if isinstance(node, Scale) else [node]
    added = sel.added_values(entry.db_id for leaf in leaves for entry in leaf.values)
    context: dict[str, Any] = {
        "pack_code": pack,
        "node": node,
        "is_scale": isinstance(node, Scale),
        "today": today,
        "unit_name": UNIT_NAMES.get(node.unit, node.unit),
        "rows": history_rows(node, today, added),
        "form": form,
        "error_summary": form.error_summary() if form is not None else [],
        "nav_section": NAV,
    }
    if isinstance(node, Scale):
        context.update(scale=scale_table(node, today), current=None, reference=node.reference)
    else:
        entry = node.entry_at(today)
        current = format_value(None if entry is None else entry.value, node.unit)
        context.update(scale=None, current=current, reference=node.reference_at(today))
    return context


@require_permission(VIEW)
@require_GET
def parameters_detail(request: HttpRequest, name: str) -> HttpResponse:
    pack = sel.pack_in_use()
    node = sel.get_node(pack, name)
    form = ParameterValueForm(node=node) if request.user.has_perm(ADD) else None
    return render(request, "backoffice/finance/parameters/detail.html", _detail_context(request, pack, node, form))


class _TrialOnly(Exception):
    """Rolls back the trial save of the confirmation step."""


def _trial(request: HttpRequest, pack: str, kwargs: dict[str, Any]) -> ParameterValue:
    """The service's verdict before the person confirms, so that the confirmation page never
    shows a value the service would refuse: the save is tried, then rolled back. Returns the
    unsaved row (its value as the service would store it); raises the service's ValidationError."""
    tried: list[ParameterValue] = []
    try:
        with transaction.atomic():
            tried.append(parameter_value_add(actor=request.user, pack=pack, **kwargs))
            raise _TrialOnly
    except _TrialOnly:
        pass
    return tried[0]


def _confirm_context(request: HttpRequest, pack: str, node: Node, tried: ParameterValue) -> dict[str, Any]:
    leaf = leaf_of(node, tried.name)
    typed = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in {"csrfmiddlewaretoken", "confirm", "edit"}
        for value in values
    ]
    return {
        "pack_code": pack,
        "node": node,
        "part": part_label(leaf.name) if isinstance(node, Scale) else "",
        "start": tried.start,
        "until": next_start(leaf, tried.start),
        "old": format_value(leaf.value_at(tried.start), leaf.unit),
        "new": format_value(parse_value(tried.value, leaf.unit), leaf.unit),
        "in_force_already": tried.start <= timezone.localdate(),
        "reference": tried.reference,
        "note": tried.note,
        "typed": typed,
        "nav_section": NAV,
    }


@require_permission(ADD)
@require_http_methods(["GET", "POST"])
def parameters_value_add(request: HttpRequest, name: str) -> HttpResponse:
    pack = sel.pack_in_use()
    node = sel.get_node(pack, name)
    if request.method == "GET":
        return redirect("backoffice:parameters_detail", name=node.name)
    form = ParameterValueForm(request.POST, node=node)
    rename = {"name": "part"} if isinstance(node, Scale) else {}
    if form.is_valid() and "edit" not in request.POST:
        kwargs = form.service_kwargs()
        if "confirm" not in request.POST:
            try:
                tried = _trial(request, pack, kwargs)
            except ValidationError as error:
                add_errors(form, error, rename)
            else:
                context = _confirm_context(request, pack, node, tried)
                return render(request, "backoffice/finance/parameters/confirm.html", context)
        else:
            try:
                parameter_value_add(actor=request.user, pack=pack, **kwargs)
            except ValidationError as error:
                add_errors(form, error, rename)
            else:
                messages.success(
                    request, _("The new value is saved. It applies from %(day)s.") % {"day": day_text(kwargs["start"])}
                )
                return redirect("backoffice:parameters_detail", name=node.name)
    context = _detail_context(request, pack, node, form)
    return render(request, "backoffice/finance/parameters/detail.html", context)


@require_permission(ADD)
@require_http_methods(["GET", "POST"])
def parameters_value_remove(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    pack = sel.pack_in_use()
    node = sel.get_node(pack, name)
    row = sel.get_added_value(pack, node, pk)
    leaf = leaf_of(node, row.name)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            parameter_value_remove(actor=request.user, value=row)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            messages.success(request, _("The value from %(day)s is removed.") % {"day": day_text(row.start)})
            return redirect("backoffice:parameters_detail", name=node.name)
    elif row.start <= timezone.localdate():
        errors = [("", _("A value already in force cannot be removed: add a new value instead."))]
    context = {
        "node": node,
        "row": row,
        "part": part_label(leaf.name) if isinstance(node, Scale) else "",
        "shown": format_value(parse_value(row.value, leaf.unit), leaf.unit),
        "error_summary": errors,
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/parameters/remove.html", context, status=409 if errors else 200)
