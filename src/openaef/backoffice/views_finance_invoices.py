"""Finance officers' pages for parents' invoices: the invoicing runs, the invoices, one invoice
(payments, reminders, cancellation, PDFs) and the arrears."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.text import spreadsheet_safe
from openaef.finance.invoices_pdf import invoice_filename, invoice_pdf, reminder_filename, reminder_pdf
from openaef.finance.invoices_tasks import send_due_reminders
from openaef.finance.models import Invoice
from openaef.finance.selectors_invoices import (
    arrears_page,
    arrears_payer_ids,
    arrears_rows,
    get_invoice,
    invoice_page,
    invoice_view,
    run_list,
)
from openaef.finance.services_invoices import invoice_cancel, invoice_payment_record, invoice_run_queue, outstanding
from openaef.finance.states import InvoiceStatus

from .forms_finance_invoices import (
    ArrearsSortForm,
    InvoiceCancelForm,
    InvoiceFilterForm,
    InvoicePaymentForm,
    InvoiceRunForm,
)

NAV = "finance_invoices"


def _invoice_or_404(pk: int) -> Invoice:
    invoice = get_invoice(pk)
    if invoice is None:
        raise Http404
    return invoice


def _read(request: HttpRequest, obj: Invoice | None, persons: list[int], object_type: str = "") -> None:
    audit_record(actor=request.user, action=AuditAction.READ, obj=obj, object_type=object_type, persons=persons, request=request)


@require_GET
@require_permission("finance.view_finance")
def invoice_runs(request: HttpRequest) -> HttpResponse:
    return _runs_page(request, InvoiceRunForm())


def _runs_page(request: HttpRequest, form: InvoiceRunForm) -> HttpResponse:
    context = {
        "runs": run_list(),
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/invoices/runs.html", context)


@require_POST
@require_permission("finance.change_finance")
def invoice_run_start(request: HttpRequest) -> HttpResponse:
    form = InvoiceRunForm(request.POST)
    if form.is_valid():
        try:
            invoice_run_queue(actor=request.user, month=form.cleaned_data["month"])
        except ValidationError as error:
            form.add_error("month", error)
        else:
            messages.success(request, _("The invoicing run has started. Its result appears below when it has finished."))
            return redirect("backoffice:invoice_runs")
    return _runs_page(request, form)


@require_POST
@require_permission("finance.change_finance")
def invoice_reminders_start(request: HttpRequest) -> HttpResponse:
    send_due_reminders.enqueue()
    messages.success(request, _("Today's reminders are being sent. The result appears below when it has finished."))
    return redirect("backoffice:invoice_runs")


@require_GET
@require_permission("finance.view_finance")
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET)
    filters = form.filters()
    today = timezone.localdate()
    page = invoice_page(filters, today=today, cursor=request.GET.get("cursor") or None)
    _read(request, None, [i.payer_id for i in page.items], object_type="finance.invoice")
    context = {
        "form": form,
        "page": page,
        "filtered": filters.any(),
        "today": today,
        "error_summary": form.error_summary() if form.errors else [],
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/invoices/list.html", context)


@require_GET
@require_permission("finance.view_finance")
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice_or_404(pk)
    view = invoice_view(invoice)
    _read(request, invoice, [invoice.payer_id])
    context = {
        "view": view,
        "invoice": invoice,
        "explanation": invoice.lines[0] if invoice.lines else {},
        "outstanding": outstanding(invoice),
        "can_pay": invoice.status in (InvoiceStatus.OPEN, InvoiceStatus.RECOVERY),
        "can_cancel": invoice.status == InvoiceStatus.OPEN and not invoice.paid,
        "today": timezone.localdate(),
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/invoices/detail.html", context)


@require_GET
@require_permission("finance.view_finance")
def invoice_download(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice_or_404(pk)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=invoice, persons=[invoice.payer_id], request=request)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response


@require_GET
@require_permission("finance.view_finance")
def invoice_reminder_download(request: HttpRequest, pk: int, level: int) -> HttpResponse:
    invoice = _invoice_or_404(pk)
    reminder = invoice.reminders.filter(level=level).first()
    if reminder is None:
        raise Http404
    reminder.invoice = invoice
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=reminder, persons=[invoice.payer_id], request=request)
    response = HttpResponse(reminder_pdf(reminder), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reminder_filename(reminder)}"'
    return response


@require_http_methods(["GET", "POST"])
@require_permission("finance.change_finance")
def invoice_payment(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice_or_404(pk)
    form = InvoicePaymentForm(request.POST if request.method == "POST" else None, initial={"version": invoice.version})
    if request.method == "POST" and form.is_valid():
        try:
            invoice_payment_record(actor=request.user, invoice=invoice, request=request, **form.cleaned_data)
        except StaleVersion:
            form.add_error(
                None,
                _(
                    "This invoice changed since you opened this page (a payment may already be recorded): check it before recording again."
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionNotAllowed:
            form.add_error(None, _("This invoice can no longer be paid: it is paid or cancelled."))
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("backoffice:invoice_detail", pk=invoice.pk)
    elif request.method == "GET":
        _read(request, invoice, [invoice.payer_id])
    context = {
        "invoice": invoice,
        "outstanding": outstanding(invoice),
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/invoices/payment.html", context)


def _add_errors(form: InvoicePaymentForm | InvoiceCancelForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@require_permission("finance.change_finance")
def invoice_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice_or_404(pk)
    data = request.POST if request.method == "POST" else None
    form = InvoiceCancelForm(data, initial={"version": invoice.version})
    if request.method == "POST" and form.is_valid():
        try:
            invoice_cancel(
                actor=request.user,
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except StaleVersion:
            form.add_error(None, StaleVersion.message)
        except TransitionNotAllowed:
            form.add_error(None, _("Only an open invoice with nothing paid on it can be cancelled."))
        else:
            messages.success(request, _("The invoice is cancelled."))
            return redirect("backoffice:invoice_detail", pk=invoice.pk)
    elif request.method == "GET":
        _read(request, invoice, [invoice.payer_id])
    context = {
        "invoice": invoice,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": NAV,
    }
    return render(request, "backoffice/finance/invoices/cancel.html", context)


@require_GET
@require_permission("finance.view_finance")
def invoice_arrears(request: HttpRequest) -> HttpResponse:
    form = ArrearsSortForm(request.GET)
    today = timezone.localdate()
    page = arrears_page(today=today, sort=form.chosen_sort(), cursor=request.GET.get("cursor") or None)
    _read(request, None, [row.payer_id for row in page.rows], object_type="finance.arrears")
    context = {"form": form, "page": page, "today": today, "nav_section": NAV}
    return render(request, "backoffice/finance/invoices/arrears.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


ARREARS_HEADER = [
    "payer",
    "surname",
    "first_names",
    "owed",
    "oldest_due",
    "days_overdue",
    "reminder_level",
    "invoices",
    "in_recovery",
]


def _arrears_csv(today: object) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(ARREARS_HEADER)
    for row, payer in arrears_rows(today=today):  # type: ignore[arg-type]
        yield writer.writerow(
            [
                row["payer_id"],
                spreadsheet_safe(payer.surname if payer else ""),
                spreadsheet_safe(payer.first_names if payer else ""),
                row["owed"],
                row["oldest_due"].isoformat(),
                (today - row["oldest_due"]).days,  # type: ignore[operator]
                row["level"],
                row["invoices"],
                row["in_recovery"],
            ]
        )


@require_GET
@require_permission("finance.view_finance")
def invoice_arrears_export(request: HttpRequest) -> StreamingHttpResponse:
    today = timezone.localdate()
    # The export names every payer in arrears: the audit entry lists them.
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="finance.arrears",
        request=request,
        persons=arrears_payer_ids(today=today),
    )
    response = StreamingHttpResponse(_arrears_csv(today), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arrears-{today:%Y-%m-%d}.csv"'
    return response
