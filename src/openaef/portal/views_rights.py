"""Asking to consult one's file (AEF law art. 7): start page, form, confirmation."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openaef.core.access import public
from openaef.core.ratelimit import rate_limit_exceeded
from openaef.rights.models import AccessChannel
from openaef.rights.selectors import submission_known, web_submission_reference
from openaef.rights.services import access_request_submit

from .forms_rights import FileAccessRequestForm

SESSION_KEY = "portal_file_access_request_id"
# The confirmation stays reachable from the browser that sent the request for this long.
RECEIPT_ACCESS = timedelta(hours=2)
RATE_BUCKET = "file_access_request"


@public
def file_access_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/rights/start.html")


@public
@never_cache
@require_http_methods(["GET", "POST"])
def file_access_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/rights/form.html", {"form": FileAccessRequestForm()})
    form = FileAccessRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/rights/form.html", {"form": form})
    # A second click on "Send" carries the same token: it is not a new submission to count.
    if not submission_known(form.token) and rate_limit_exceeded(request, RATE_BUCKET):
        return render(request, "portal/rights/rate_limited.html", status=429)
    access_request, _created = access_request_submit(
        actor=request.user,
        data=form.to_input(),
        channel=AccessChannel.WEB,
        submission_token=form.token,
        http_request=request,
    )
    request.session[SESSION_KEY] = access_request.pk
    return redirect("portal:file_access_confirmation")


@public
@never_cache
def file_access_confirmation(request: HttpRequest) -> HttpResponse:
    """The reference only: the session is the only key to it, and it shows nothing else."""
    reference = web_submission_reference(request.session.get(SESSION_KEY), since=timezone.now() - RECEIPT_ACCESS)
    if reference is None:
        raise Http404
    return render(request, "portal/rights/confirmation.html", {"reference": reference})
