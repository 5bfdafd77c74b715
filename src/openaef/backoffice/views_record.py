"""Staff entry of a request received by telephone, in person or on paper."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from openaef.core.access import require_permission
from openaef.intake.services import request_submit

from .forms import StaffRequestForm


@require_permission("intake.record_request")
def request_record(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StaffRequestForm(request.POST)
        if form.is_valid():
            help_request, created = request_submit(
                actor=request.user,
                data=form.to_input(),
                channel=form.cleaned_data["channel"],
                submission_token=form.token,
                received_at=form.cleaned_data["received_at"],
                priority=form.cleaned_data["priority"],
                http_request=request,
            )
            if created:
                messages.success(request, _("The request was recorded with reference %s.") % help_request.reference)
            return redirect("backoffice:request_detail", pk=help_request.pk)
    else:
        form = StaffRequestForm()
    return render(request, "backoffice/request_record.html", {"form": form, "nav_section": "record"})
