"""Finance's pages on providers' billing: providers and their tariffs, the account each is paid
to, and the monthly statements to validate or return."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import MeasureType, Provider, Service
from openaef.finance import rules  # noqa: F401  registers the finance permissions
from openaef.finance import selectors_billing as sel
from openaef.finance.banking import format_iban
from openaef.finance.billing_checks import BLOCKING_FLAGS
from openaef.finance.services_billing import (
    offered_measure_types,
    payee_account_save,
    statement_return,
    statement_validate,
    tariff_add,
    tariff_remove,
)
from openaef.finance.states import StatementStatus

from .forms_finance_billing import (
    PayeeAccountForm,
    StatementFilterForm,
    StatementReturnForm,
    StatementValidateForm,
    TariffForm,
)
from .presentation_finance_billing import (
    line_label,
    line_rows,
    money,
    month_label,
    provider_rows,
    silent_rows,
    statement_rows,
    status_cells,
    tariff_groups,
)
from .views_provider import add_service_errors

NAV = "finance"


# ---------------------------------------------------------------- providers and tariffs


@require_permission("finance.view_finance")
@require_GET
def billing_provider_list(request: HttpRequest) -> HttpResponse:
    page, rows = sel.provider_billing_page(cursor=request.GET.get("cursor") or None)
    context = {"page": page, "rows": provider_rows(rows), "nav_section": NAV}
    return render(request, "backoffice/finance/billing/providers.html", context)


@require_permission("finance.view_finance")
@require_GET
def billing_tariffs(request: HttpRequest, provider_pk: int) -> HttpResponse:
    provider = sel.get_provider(provider_pk)
    account = sel.payee_account_of(provider)
    context = {
        "provider": provider,
        "groups": tariff_groups(sel.tariff_history(provider)),
        "account": account,
        "iban": format_iban(account.iban) if account else "",
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/billing/tariffs.html", context)


def _tariff_form(request: HttpRequest, provider: Provider) -> TariffForm:
    return TariffForm(
        request.POST or None,
        services=sel.provider_services_of(provider),
        measure_types=offered_measure_types(provider, None),
    )


@require_permission("finance.change_finance")
@require_http_methods(["GET", "POST"])
def billing_tariff_add(request: HttpRequest, provider_pk: int) -> HttpResponse:
    provider = sel.get_provider(provider_pk)
    form = _tariff_form(request, provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tariff_add(
                actor=request.user,
                provider=provider,
                service=Service.objects.filter(pk=data["service"]).first() if data.get("service") else None,
                measure_type=MeasureType.objects.get(pk=data["measure_type"]),
                unit=data["unit"],
                amount=data["amount"],
                valid_from=data["valid_from"],
                reference=data["reference"],
                http_request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tariff added."))
            return redirect("backoffice:billing_tariffs", provider_pk=provider.pk)
    context = {"provider": provider, "form": form, "error_summary": form.error_summary(), "nav_section": NAV}
    return render(request, "backoffice/finance/billing/tariff_form.html", context)


@require_permission("finance.change_finance")
@require_http_methods(["GET", "POST"])
def billing_tariff_remove(request: HttpRequest, pk: int) -> HttpResponse:
    tariff = sel.get_tariff(pk)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            tariff_remove(actor=request.user, tariff=tariff, http_request=request)
        except StaleVersion:
            messages.success(request, _("This tariff had already been removed."))
            return redirect("backoffice:billing_tariffs", provider_pk=tariff.provider_id)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            messages.success(request, _("Tariff removed."))
            return redirect("backoffice:billing_tariffs", provider_pk=tariff.provider_id)
    context = {"tariff": tariff, "amount": money(tariff.amount), "error_summary": errors, "nav_section": NAV}
    return render(request, "backoffice/finance/billing/tariff_remove.html", context, status=409 if errors else 200)


@require_permission("finance.change_finance")
@require_http_methods(["GET", "POST"])
def billing_payee_account(request: HttpRequest, provider_pk: int) -> HttpResponse:
    provider = sel.get_provider(provider_pk)
    account = sel.payee_account_of(provider)
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        form = PayeeAccountForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                payee_account_save(
                    actor=request.user,
                    provider=provider,
                    holder=data["holder"],
                    iban=data["iban"],
                    bic=data.get("bic") or "",
                    expected_version=data.get("version"),
                    http_request=request,
                )
            except StaleVersion:
                account = sel.payee_account_of(provider)
                errors, status = [("", str(StaleVersion.message))], 409
                form = _keep_typed(request, account.version if account else None)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Account saved."))
                return redirect("backoffice:billing_tariffs", provider_pk=provider.pk)
    else:
        initial: dict[str, Any] = {}
        if account:
            initial = {
                "holder": account.holder,
                "iban": format_iban(account.iban),
                "bic": account.bic,
                "version": account.version,
            }
        form = PayeeAccountForm(initial=initial)
    context = {"provider": provider, "form": form, "error_summary": errors + form.error_summary(), "nav_section": NAV}
    return render(request, "backoffice/finance/billing/account_form.html", context, status=status)


def _keep_typed(request: HttpRequest, version: int | None) -> PayeeAccountForm:
    data = request.POST.copy()
    data["version"] = str(version) if version else ""
    form = PayeeAccountForm(data)
    form.is_valid()
    return form


# ---------------------------------------------------------------- statements


@require_permission("finance.view_finance")
@require_GET
def billing_statement_list(request: HttpRequest) -> HttpResponse:
    providers = list(Provider.objects.filter(statements__isnull=False).distinct().order_by("name", "id"))
    form = StatementFilterForm(request.GET, providers=providers)
    page = sel.statement_page(form.filters(), cursor=request.GET.get("cursor") or None)
    context = {
        "form": form,
        "filtered": form.is_filtered(),
        "page": page,
        "rows": statement_rows(page.items, detail_url="backoffice:billing_statement_detail"),
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/billing/statements.html", context)


def _render_statement(
    request: HttpRequest,
    view: sel.StatementView,
    *,
    validate_form: forms.Form | None = None,
    return_form: forms.Form | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    statement = view.statement
    actionable = statement.status == StatementStatus.SUBMITTED and request.user.has_perm("finance.change_finance")
    flagged = [(row.line.pk, line_label(row)) for row in view.flagged]
    initial = {"version": statement.version}
    if actionable:
        validate_form = validate_form or StatementValidateForm(initial=initial, flagged=flagged, prefix="validate")
        return_form = return_form or StatementReturnForm(initial=initial, prefix="return")
    summary = list(errors or [])
    for form in (validate_form, return_form):
        if form is not None and form.is_bound:
            summary += form.error_summary()  # type: ignore[attr-defined]
    context = {
        "statement": statement,
        "month": month_label(statement.month),
        "total": money(statement.total),
        "lines": line_rows(view),
        "silent": silent_rows(view),
        "blocked": any(set(row.flags) & BLOCKING_FLAGS for row in view.lines),
        "validate_form": validate_form if actionable else None,
        "return_form": return_form if actionable else None,
        "error_summary": summary,
        "nav_section": NAV,
        **status_cells(statement),
    }
    return render(request, "backoffice/finance/billing/statement.html", context, status=status)


@require_permission("finance.view_finance")
@require_GET
def billing_statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_statement(request, sel.get_statement_for_finance(request.user, pk, http_request=request))


def _stale(request: HttpRequest, pk: int) -> HttpResponse:
    fresh = sel.get_statement_for_finance(request.user, pk, http_request=request)
    return _render_statement(request, fresh, errors=[("", str(StaleVersion.message))], status=409)


@require_permission("finance.change_finance")
@require_POST
def billing_statement_validate(request: HttpRequest, pk: int) -> HttpResponse:
    view = sel.get_statement_for_finance(request.user, pk, http_request=request)
    flagged = [(row.line.pk, line_label(row)) for row in view.flagged]
    form = StatementValidateForm(request.POST, flagged=flagged, prefix="validate")
    if not form.is_valid():
        return _render_statement(request, view, validate_form=form, status=400)
    try:
        statement_validate(
            actor=request.user,
            statement=view.statement,
            expected_version=form.cleaned_data["version"],
            notes=form.notes(),
            http_request=request,
        )
    except (StaleVersion, TransitionNotAllowed):
        return _stale(request, pk)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_statement(request, view, validate_form=form, status=400)
    messages.success(request, _("Statement validated. It will be paid by the next payment run."))
    return redirect("backoffice:billing_statement_detail", pk=pk)


@require_permission("finance.change_finance")
@require_POST
def billing_statement_return(request: HttpRequest, pk: int) -> HttpResponse:
    view = sel.get_statement_for_finance(request.user, pk, http_request=request)
    form = StatementReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        return _render_statement(request, view, return_form=form, status=400)
    try:
        statement_return(
            actor=request.user,
            statement=view.statement,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            http_request=request,
        )
    except (StaleVersion, TransitionNotAllowed):
        return _stale(request, pk)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_statement(request, view, return_form=form, status=400)
    messages.success(request, _("Statement sent back to the provider."))
    return redirect("backoffice:billing_statement_detail", pk=pk)
