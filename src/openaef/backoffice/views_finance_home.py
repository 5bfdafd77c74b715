"""The finance officer's home: what waits, and the way to each part of the work."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openaef.core.access import require_permission
from openaef.finance.selectors_aid import aid_offered
from openaef.finance.selectors_home import finance_work


@require_GET
@require_permission("finance.view_finance")
def finance_home(request: HttpRequest) -> HttpResponse:
    context = {
        "work": finance_work(),
        "aid_offered": aid_offered(settings.OPENAEF_PACK),
        "nav_section": "finance",
    }
    return render(request, "backoffice/finance/home.html", context)
