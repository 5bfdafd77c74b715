"""The providers' portal: monthly statements, prepared from the activity recorded, checked, sent
to finance; a statement sent back shows why and can be prepared again and sent again.

Statements are reached through ``finance.selectors_billing.get_statement_for_provider``: the
user's own providers only (Http404 for any other, the refusal logged).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.finance import rules  # noqa: F401  registers the finance permissions
from openaef.finance import selectors_billing as sel
from openaef.finance.services_billing import StatementOutdated, statement_prepare, statement_submit
from openaef.finance.states import StatementStatus

from .forms_finance_billing import StatementPrepareForm, StatementSubmitForm
from .presentation_finance_billing import line_rows, money, month_label, silent_rows, statement_rows, status_cells
from .views_provider import add_service_errors

NAV = "provider"
PREPARABLE = (StatementStatus.DRAFT, StatementStatus.RETURNED)


def _list(request: HttpRequest, form: StatementPrepareForm, status: int = 200) -> HttpResponse:
    page = sel.provider_statement_page(request.user, cursor=request.GET.get("cursor") or None)
    context = {
        "form": form,
        "error_summary": form.error_summary(),
        "page": page,
        "rows": statement_rows(page.items, detail_url="backoffice:billing_portal_statement"),
        "has_provider": bool(form.fields["provider"].choices),  # type: ignore[attr-defined]
        "nav_section": NAV,
        "tab": "statements",
    }
    return render(request, "backoffice/finance/billing/portal_statements.html", context, status=status)


@require_permission("finance.submit_statement")
@require_GET
def billing_portal_statements(request: HttpRequest) -> HttpResponse:
    providers = sel.user_providers(request.user)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    form = StatementPrepareForm(providers=providers, initial={"month": last_month})
    return _list(request, form)


@require_permission("finance.submit_statement")
@require_POST
def billing_portal_prepare(request: HttpRequest) -> HttpResponse:
    providers = sel.user_providers(request.user)
    form = StatementPrepareForm(request.POST, providers=providers)
    if not form.is_valid():
        return _list(request, form, status=400)
    data = form.cleaned_data
    try:
        statement, _built = statement_prepare(
            actor=request.user,
            provider_id=data["provider"],
            month=data["month"],
            expected_version=data.get("version"),
            http_request=request,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _list(request, form, status=400)
    except TransitionNotAllowed:
        existing = sel.statement_of(request.user, data["provider"], data["month"])
        if existing is None:
            raise Http404 from None
        messages.success(request, _("This month's statement has already been sent to finance: it cannot be prepared again."))
        return redirect("backoffice:billing_portal_statement", pk=existing.pk)
    except StaleVersion:
        existing = sel.statement_of(request.user, data["provider"], data["month"])
        if existing is None:
            raise Http404 from None
        messages.success(request, str(StaleVersion.message))
        return redirect("backoffice:billing_portal_statement", pk=existing.pk)
    messages.success(request, _("Statement prepared from the activity recorded. Check it, then send it to finance."))
    return redirect("backoffice:billing_portal_statement", pk=statement.pk)


def _statement_context(view: sel.StatementView) -> dict[str, object]:
    statement = view.statement
    return {
        "statement": statement,
        "month": month_label(statement.month),
        "total": money(statement.total),
        "lines": line_rows(view),
        "silent": silent_rows(view),
        "preparable": statement.status in PREPARABLE,
        "flag_count": len(view.flagged),
        "nav_section": NAV,
        **status_cells(statement),
    }


@require_permission("finance.submit_statement")
@require_GET
def billing_portal_statement(request: HttpRequest, pk: int) -> HttpResponse:
    view = sel.get_statement_for_provider(request.user, pk, http_request=request)
    context = _statement_context(view)
    return render(request, "backoffice/finance/billing/portal_statement.html", context)


@require_permission("finance.submit_statement")
@require_http_methods(["GET", "POST"])
def billing_portal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sending a statement to finance: a confirmation page with the total and the warnings."""
    view = sel.get_statement_for_provider(request.user, pk, http_request=request)
    if view.statement.status not in PREPARABLE:
        return redirect("backoffice:billing_portal_statement", pk=pk)
    form = StatementSubmitForm(request.POST or None, initial={"version": view.statement.version})
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            statement_submit(
                actor=request.user, statement=view.statement, expected_version=form.cleaned_data["version"], http_request=request
            )
        except (StaleVersion, TransitionNotAllowed):
            view = sel.get_statement_for_provider(request.user, pk, http_request=request)
            errors, status = [("", str(StaleVersion.message))], 409
            form = StatementSubmitForm(initial={"version": view.statement.version})
        except StatementOutdated:
            errors, status = [("", str(StatementOutdated.message))], 409
        except ValidationError as error:
            errors, status = [("", message) for message in error.messages], 400
        else:
            messages.success(request, _("Statement sent to finance."))
            return redirect("backoffice:billing_portal_statement", pk=pk)
    context = {**_statement_context(view), "form": form, "error_summary": errors}
    return render(request, "backoffice/finance/billing/portal_submit.html", context, status=status)
