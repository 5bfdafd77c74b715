"""Payment runs (prepare, check, approve or cancel, download the SEPA file) and the ledger
pages (journal, trial balance, CSV export), for finance officers.

Reads go through ``finance.selectors_payments``, writes through ``finance.services_payments``.
A run's page and its file show the account holders of financial help: each is audited.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import next_business_day
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.text import spreadsheet_safe
from openaef.finance import selectors_payments as selectors
from openaef.finance import services_payments as services
from openaef.finance.models import LedgerEntry, PaymentRun
from openaef.finance.states import PaymentRunStatus

from . import presentation_finance_payments as present
from .form_support import add_errors
from .forms_finance_payments import CancelRunForm, LedgerFilterForm, PrepareRunForm, VersionForm

READ = "finance.view_finance"
WRITE = "finance.change_finance"
TEMPLATES = "backoffice/finance/payments/"


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors: list[tuple[str, str]] = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "finance")
    return render(request, TEMPLATES + template, context, status=status)


# Payment runs ---------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def payment_run_list(request: HttpRequest) -> HttpResponse:
    page = selectors.run_page(request.GET.get("cursor") or None)
    return _page(request, "run_list.html", {"page": page, "tags": present.RUN_TAGS})


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def payment_run_prepare(request: HttpRequest) -> HttpResponse:
    suggested = next_business_day(timezone.localdate())
    form = PrepareRunForm(request.POST or None, initial={"execution_date": suggested})
    nothing = False
    if request.method == "POST" and form.is_valid():
        try:
            result = services.payment_run_prepare(
                actor=request.user, execution_date=form.cleaned_data["execution_date"], request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if result.run is not None:
                messages.success(request, present.prepared_message(result))
                return redirect("backoffice:payment_run_detail", pk=result.run.pk)
            nothing = True
    day = form.cleaned_data.get("execution_date") if form.is_bound and hasattr(form, "cleaned_data") else None
    context = {
        "form": form,
        "waiting": selectors.waiting(day or suggested),
        "waiting_on": day or suggested,
        "nothing_to_pay": nothing,
        "debtor": services.agency_debtor(),
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "prepare.html", context, status=200 if not form.errors else 400)


def _run_context(request: HttpRequest, run: PaymentRun, **forms: Any) -> dict[str, Any]:
    payments = selectors.run_payments(run) if run.status != PaymentRunStatus.CANCELLED else []
    transfers = selectors.cancelled_run_transfers(run) if run.status == PaymentRunStatus.CANCELLED else []
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        obj=run,
        request=request,
        persons=selectors.beneficiaries_of(payments),
    )
    draft = run.status == PaymentRunStatus.DRAFT
    return {
        "run": run,
        "rows": present.payment_rows(payments),
        "cancelled_rows": present.transfer_rows(transfers),
        "tag": present.RUN_TAGS.get(run.status, ""),
        "draft": draft,
        "prepared_by_me": run.created_by_id == request.user.pk,
        "can_write": request.user.has_perm(WRITE),
        "approve_form": forms.get("approve_form") or VersionForm(initial={"version": run.version}),
        "cancel_form": forms.get("cancel_form") or CancelRunForm(initial={"version": run.version}),
    }


@require_permission(READ)
@require_GET
def payment_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run(pk)
    return _page(request, "run_detail.html", _run_context(request, run))


@require_permission(READ)
@require_GET
def payment_run_file(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_file(pk)
    payments = selectors.run_payments(run)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        fields=["file"],
        request=request,
        persons=selectors.beneficiaries_of(payments),
    )
    response = HttpResponse(bytes(run.file or b""), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{run.message_id}.xml"'
    return response


def _refused(request: HttpRequest, run: PaymentRun, error: Exception, **forms: Any) -> HttpResponse:
    if isinstance(error, StaleVersion):
        text = str(StaleVersion.message)
    elif isinstance(error, TransitionNotAllowed):
        text = _("This is no longer possible: the run is already approved or cancelled. The page shows it as it is now.")
    else:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    run = selectors.get_run(run.pk)
    context = _run_context(request, run, **forms)
    context["errors"] = [text]
    return _page(request, "run_detail.html", context, status=409 if not isinstance(error, ValidationError) else 400)


@require_permission(WRITE)
@require_POST
def payment_run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run(pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(request, run, StaleVersion())
    try:
        services.payment_run_approve(actor=request.user, run=run, version=form.cleaned_data["version"], request=request)
    except (ValidationError, StaleVersion, TransitionNotAllowed) as error:
        return _refused(request, run, error)
    messages.success(request, _("The run is approved. Send its file to the bank if that is not automatic."))
    return redirect("backoffice:payment_run_detail", pk=run.pk)


@require_permission(WRITE)
@require_POST
def payment_run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run(pk)
    form = CancelRunForm(request.POST)
    if not form.is_valid():
        context = _run_context(request, run, cancel_form=form)
        context["forms_in_error"] = [form]
        return _page(request, "run_detail.html", context, status=400)
    try:
        services.payment_run_cancel(
            actor=request.user,
            run=run,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as error:
        add_errors(form, error)
        context = _run_context(request, run, cancel_form=form)
        context["forms_in_error"] = [form]
        return _page(request, "run_detail.html", context, status=400)
    except (StaleVersion, TransitionNotAllowed) as error:
        return _refused(request, run, error, cancel_form=form)
    messages.success(request, _("The run is cancelled. What it held will be in the next run."))
    return redirect("backoffice:payment_run_detail", pk=run.pk)


# The ledger -----------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def ledger_journal(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET)
    filters = form.filters()
    page, bookings = selectors.journal_page(filters, request.GET.get("cursor") or None)
    context = {
        "form": form,
        "filtered": filters.any(),
        "page": page,
        "bookings": present.booking_rows(bookings),
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "journal.html", context)


@require_permission(READ)
@require_GET
def ledger_balances(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET, with_account=False)
    filters = form.filters()
    context = {
        "form": form,
        "filtered": filters.any(),
        "filters": filters,
        "balance": selectors.trial_balance(filters),
        "forms_in_error": [form] if form.errors else [],
    }
    return _page(request, "balances.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = ["booking", "date", "account", "account_name", "debit", "credit", "text", "concerns"]


def _csv_lines(entries: Iterator[LedgerEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for line in entries:
        yield writer.writerow(
            [
                line.booking,
                line.booked_on.isoformat(),
                line.account,
                spreadsheet_safe(line.get_account_display()),
                f"{line.debit:.2f}",
                f"{line.credit:.2f}",
                spreadsheet_safe(line.text),
                spreadsheet_safe(selectors.line_reference(line)),
            ]
        )


@require_permission(READ)
@require_GET
def ledger_export(request: HttpRequest) -> StreamingHttpResponse:
    filters = LedgerFilterForm(request.GET).filters()
    used = "; ".join(f"{name}={value}" for name, value in vars(filters).items() if value)
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="finance.ledgerentry", reason=used, request=request)
    response = StreamingHttpResponse(_csv_lines(selectors.journal_rows(filters)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
