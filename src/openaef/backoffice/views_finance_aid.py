"""Financial help pages (France, CASF L222-3/L222-4): the case's list and the proposal form
(coordinators and office heads), an aid's page, and the finance officers' worklists and actions
(decide, record a repayment, waive, stop), with the decision letter as a PDF.

A pack without financial help (Luxembourg) has none of these pages: they answer "not found".
"""

from __future__ import annotations

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

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.finance import aid_pdf, aid_rules, selectors_aid, services_aid
from openaef.finance.models import AidKind
from openaef.finance.states import AidStatus

from . import presentation_finance_aid as present
from .form_support import add_errors, with_version
from .forms_finance_aid import AidProposeForm, DecideForm, ReasonForm, RepaymentForm, WaiveForm

TEMPLATES = "backoffice/finance/aid/"
CASE_MONEY = "finance.view_case_money"
NOT_POSSIBLE = gettext_lazy("This change is not possible from the current state. The page shows it as it is now.")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def _case(request: HttpRequest, case_pk: int, *, audit: bool = True) -> CaseAccess:
    access = get_case_for(request.user, case_pk, http_request=request, audit=audit)
    if not selectors_aid.aid_offered(access.case.pack):
        raise Http404
    return access


# The case's financial help -----------------------------------------------------------------------


@require_permission(CASE_MONEY)
@require_GET
def aid_case_list(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = _case(request, case_pk)
    aids = selectors_aid.case_aids(access.case)
    context = {
        "case": access.case,
        "access": access,
        "may_propose": access.can_edit and request.user.has_perm("finance.propose_aid"),
        "rows": [{"aid": aid, "tag": present.AID_TAGS.get(aid.status, "")} for aid in aids],
    }
    return _page(request, "case_list.html", context)


def _beneficiary_choices(access: CaseAccess) -> list[Any]:
    return selectors_aid.aid_beneficiaries(access.case)


@require_permission("finance.propose_aid")
@require_http_methods(["GET", "POST"])
def aid_propose(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = _case(request, case_pk, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    people = _beneficiary_choices(access)
    choices = [(str(p.pk), p.full_name) for p in people]
    form = AidProposeForm(request.POST if request.method == "POST" else None, beneficiaries=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            aid = services_aid.aid_propose(
                actor=request.user,
                access=access,
                beneficiary=next((p for p in people if str(p.pk) == data["beneficiary"]), None),
                kind=data["kind"],
                amount=data["amount"],
                months=data["months"],
                starts_on=data["starts_on"],
                purpose=data["purpose"],
                repayable=data["repayable"] == "yes",
                repayment_months=data["repayment_months"],
                repayment_starts_on=data["repayment_starts_on"],
                holder=data["holder"],
                iban=data["iban"],
                bic=data["bic"],
                own_account_confirmed=data["own_account_confirmed"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The help was proposed. A finance officer decides on it."))
            return redirect(reverse("backoffice:aid_detail", args=[aid.pk]))
    limits = aid_rules.limits(access.case.pack, timezone.localdate())
    context = {
        "case": access.case,
        "form": form,
        "has_people": bool(people),
        "limits": limits,
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "propose.html", context, status=400 if form.errors else 200)


# An aid's page -----------------------------------------------------------------------------------


def _actions(found: selectors_aid.AidAccess, repayments: list[Any]) -> list[str]:
    aid = found.aid
    if not found.finance:
        return []
    names = []
    if aid.status == AidStatus.PROPOSED:
        names.append("decide")
    if aid.repayable and aid.status in (AidStatus.GRANTED, AidStatus.STOPPED) and present.open_lines(repayments):
        names += ["repayment", "waive"]
    if aid.status == AidStatus.GRANTED:
        names.append("stop")
    return names


def _action_form(name: str, aid: Any, repayments: list[Any], data: QueryDict | None = None) -> forms.Form:
    initial: dict[str, Any] = {"version": aid.version}
    if name == "decide":
        return DecideForm(data, prefix=name, initial=initial)
    if name == "repayment":
        initial["received_on"] = timezone.localdate()
        return RepaymentForm(data, prefix=name, lines=present.open_lines(repayments), initial=initial)
    if name == "waive":
        return WaiveForm(data, prefix=name, lines=present.open_lines(repayments), initial=initial)
    return ReasonForm(data, prefix=name, initial=initial)


def _render_aid(
    request: HttpRequest,
    found: selectors_aid.AidAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    aid, bound = found.aid, bound or {}
    instalments = selectors_aid.aid_instalments(aid)
    repayments = selectors_aid.aid_repayments(aid)
    actions = [
        {"name": n, "label": present.ACTION_LABELS[n], "form": bound.get(n) or _action_form(n, aid, repayments)}
        for n in _actions(found, repayments)
    ]
    context = {
        "aid": aid,
        "case": aid.case,
        "found": found,
        "tag": present.AID_TAGS.get(aid.status, ""),
        "is_allowance": aid.kind == AidKind.ALLOWANCE,
        "instalments": instalments,
        "repayments": repayments,
        "totals": selectors_aid.aid_totals(instalments, repayments),
        "has_letter": aid.status != AidStatus.PROPOSED,
        "actions": actions,
        "errors": errors or [],
        "forms_in_error": [f for f in bound.values() if f.errors],
        "nav_section": "finance" if found.finance else "cases",
    }
    return _page(request, "detail.html", context, status=status)


@require_permission(CASE_MONEY)
@require_GET
def aid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_aid(request, selectors_aid.get_aid_for(request.user, pk, http_request=request))


def _call(name: str, request: HttpRequest, aid: Any, data: dict[str, Any]) -> None:
    common: dict[str, Any] = {"actor": request.user, "expected_version": data["version"] or 0, "http_request": request}
    if name == "decide":
        services_aid.aid_decide(aid=aid, grant=data["decision"] == "grant", reason=data["reason"], **common)
    elif name == "stop":
        services_aid.aid_stop(aid=aid, reason=data["reason"], **common)
    else:
        line = aid.repayments.filter(pk=data["repayment"]).first()
        if line is None:
            raise ValidationError({"repayment": _("Choose a repayment of the schedule.")})
        if name == "repayment":
            services_aid.aid_repayment_record(repayment=line, amount=data["amount"], received_on=data["received_on"], **common)
        else:
            services_aid.aid_repayment_waive(repayment=line, reason=data["reason"], **common)


@require_permission("finance.change_finance")
@require_POST
def aid_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in present.ACTION_LABELS:
        raise Http404
    found = selectors_aid.get_aid_for(request.user, pk, http_request=request, audit=False)
    repayments = selectors_aid.aid_repayments(found.aid)
    form = _action_form(action, found.aid, repayments, request.POST)
    if not form.is_valid():
        return _render_aid(request, found, bound={action: form}, status=400)
    try:
        _call(action, request, found.aid, form.cleaned_data)
    except StaleVersion:
        fresh = selectors_aid.get_aid_for(request.user, pk, audit=False)
        again = _action_form(
            action,
            fresh.aid,
            selectors_aid.aid_repayments(fresh.aid),
            with_version(request.POST, f"{action}-version", fresh.aid.version),
        )
        again.is_valid()
        return _render_aid(request, fresh, bound={action: again}, errors=[str(StaleVersion.message)], status=409)
    except TransitionNotAllowed:
        fresh = selectors_aid.get_aid_for(request.user, pk, audit=False)
        return _render_aid(request, fresh, errors=[str(NOT_POSSIBLE)], status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_aid(request, found, bound={action: form}, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": present.ACTION_LABELS[action]})
    return redirect(reverse("backoffice:aid_detail", args=[pk]))


@require_permission(CASE_MONEY)
@require_GET
def aid_decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors_aid.get_aid_for(request.user, pk, http_request=request)
    if found.aid.status == AidStatus.PROPOSED:
        raise Http404
    response = HttpResponse(aid_pdf.decision_pdf(found.aid), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{aid_pdf.decision_filename(found.aid)}"'
    return response


# Finance officers' worklists ------------------------------------------------------------------


def _worklist_read(request: HttpRequest, name: str, persons: list[int]) -> None:
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        object_type="finance.financialaid",
        object_id=name,
        request=request,
        persons=persons,
    )


def _offered() -> None:
    if not selectors_aid.aid_offered():
        raise Http404


@require_permission("finance.view_finance")
@require_GET
def aid_worklist(request: HttpRequest) -> HttpResponse:
    _offered()
    page = selectors_aid.aids_to_decide(request.GET.get("cursor"))
    _worklist_read(request, "to-decide", [p for a in page.items for p in (a.case.child_id, a.beneficiary_id)])
    return _page(request, "worklist.html", {"page": page, "nav_section": "finance"})


@require_permission("finance.view_finance")
@require_GET
def aid_repayments_due(request: HttpRequest) -> HttpResponse:
    _offered()
    today = timezone.localdate()
    page = selectors_aid.repayments_due(today, request.GET.get("cursor"))
    _worklist_read(request, "repayments-due", [line.aid.beneficiary_id for line in page.items])
    context = {
        "page": page,
        "today": today,
        "rows": [{"line": line, "left": line.amount - line.received, "overdue": line.due_on < today} for line in page.items],
        "nav_section": "finance",
    }
    return _page(request, "repayments.html", context)
