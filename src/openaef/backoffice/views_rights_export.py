"""The data protection officer's review of an export of a person's file: prepare, decide each
item (release, redact, withhold), release the PDF, download it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.rights.models import ExportStatus, FileExport
from openaef.rights.pdf_export import pdf_filename
from openaef.rights.selectors import get_access_request_for
from openaef.rights.selectors_export import (
    SHOW_ALL,
    SHOW_PENDING,
    decision_counts,
    export_pdf_for,
    export_review_page,
    get_export_for,
    get_export_item,
)
from openaef.rights.services_export import export_discard, export_item_decide, export_prepare, export_release

from .form_support import add_errors, with_version
from .forms_rights_export import ExportDiscardForm, ExportVersionForm, ItemDecisionForm

NAV = "file_access"


@require_POST
@require_permission("rights.handle_request")
def export_prepare_view(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    try:
        export = export_prepare(actor=request.user, access_request=access_request, http_request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:file_access_detail", pk=pk)
    except TransitionNotAllowed:
        messages.error(request, _("An export can be prepared once the identity is checked, and until the file was consulted."))
        return redirect("backoffice:file_access_detail", pk=pk)
    return redirect("backoffice:file_access_export_review", export_pk=export.pk)


def _show(value: str | None) -> str:
    return SHOW_ALL if value == SHOW_ALL else SHOW_PENDING


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def _review(
    request: HttpRequest,
    export: FileExport,
    show: str,
    page_number: int,
    bound: ItemDecisionForm | None = None,
    bound_pk: int = 0,
) -> HttpResponse:
    review = export_review_page(request.user, export, show=show, page_number=page_number, http_request=request)
    editable = export.status == ExportStatus.REVIEW and request.user.has_perm("rights.handle_request")
    rows = [
        (row, bound if bound is not None and row.item.pk == bound_pk else ItemDecisionForm.for_item(row.item, export.version))
        for row in review.items
    ]
    context = {
        "export": export,
        "access_request": export.request,
        "review": review,
        "rows": rows,
        "editable": editable,
        "errors": bound.error_summary() if bound is not None else [],
        "show_pending": SHOW_PENDING,
        "show_all": SHOW_ALL,
        "nav_section": NAV,
    }
    return render(request, "backoffice/rights_export/review.html", context, status=400 if bound is not None else 200)


@require_GET
@never_cache
@require_permission("rights.view_requests")
def export_review(request: HttpRequest, export_pk: int) -> HttpResponse:
    export = get_export_for(request.user, export_pk, http_request=request)
    return _review(request, export, _show(request.GET.get("show")), _page_number(request.GET.get("page")))


@require_POST
@require_permission("rights.handle_request")
def export_item_decide_view(request: HttpRequest, export_pk: int, item_pk: int) -> HttpResponse:
    export = get_export_for(request.user, export_pk, http_request=request)
    item = get_export_item(export, item_pk)
    show, page_number = _show(request.POST.get("show")), _page_number(request.POST.get("page"))
    form = ItemDecisionForm.for_item(item, export.version, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            export_item_decide(
                actor=request.user,
                item=item,
                expected_version=data["version"],
                decision=data["decision"],
                released_text=data["released_text"],
                reason_category=data["reason_category"],
                reason=data["reason"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            export.refresh_from_db()
            form = ItemDecisionForm.for_item(
                item, export.version, with_version(request.POST, f"item{item.pk}-version", export.version)
            )
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("Your decision on “%(title)s” is saved.") % {"title": item.title})
            url = reverse("backoffice:file_access_export_review", args=[export.pk])
            return redirect(f"{url}?{urlencode({'show': show, 'page': str(page_number)})}")
    return _review(request, export, show, page_number, bound=form, bound_pk=item.pk)


def _release_page(request: HttpRequest, export: FileExport, form: ExportVersionForm) -> HttpResponse:
    counts = decision_counts(export)
    context = {"export": export, "access_request": export.request, "counts": counts, "form": form, "nav_section": NAV}
    return render(request, "backoffice/rights_export/release.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@never_cache
@require_permission("rights.handle_request")
def export_release_view(request: HttpRequest, export_pk: int) -> HttpResponse:
    export = get_export_for(request.user, export_pk, http_request=request)
    if request.method != "POST":
        return _release_page(request, export, ExportVersionForm(initial={"version": export.version}))
    form = ExportVersionForm(request.POST)
    if form.is_valid():
        try:
            export_release(actor=request.user, export=export, expected_version=form.cleaned_data["version"], http_request=request)
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            export.refresh_from_db()
            form = ExportVersionForm(with_version(request.POST, "version", export.version))
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The copy of the file is released: download it from the request."))
            return redirect("backoffice:file_access_detail", pk=export.request_id)
    return _release_page(request, export, form)


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def export_discard_view(request: HttpRequest, export_pk: int) -> HttpResponse:
    export = get_export_for(request.user, export_pk, http_request=request)
    form = ExportDiscardForm(request.POST if request.method == "POST" else None, initial={"version": export.version})
    if request.method == "POST" and form.is_valid():
        try:
            export_discard(
                actor=request.user,
                export=export,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            export.refresh_from_db()
            form = ExportDiscardForm(with_version(request.POST, "version", export.version))
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The export is discarded."))
            return redirect("backoffice:file_access_detail", pk=export.request_id)
    context = {"export": export, "access_request": export.request, "form": form, "nav_section": NAV}
    return render(request, "backoffice/rights_export/discard.html", context, status=400 if form.errors else 200)


@require_GET
@require_permission("rights.view_requests")
def export_pdf_download(request: HttpRequest, export_pk: int) -> FileResponse:
    export = export_pdf_for(request.user, export_pk, http_request=request)
    response = FileResponse(
        export.pdf.open("rb"), as_attachment=True, filename=pdf_filename(export), content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    return response
