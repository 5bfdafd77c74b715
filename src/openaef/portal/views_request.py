"""The public request for help: start page, form, not-eligible answer, confirmation, PDF receipt."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openaef.core.access import public
from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf
from openaef.core.ratelimit import rate_limit_exceeded
from openaef.intake.eligibility import Eligibility, eligibility_check
from openaef.intake.forms import HelpRequestForm, local_today
from openaef.intake.models import Channel, HelpRequest
from openaef.intake.services import request_submit

SESSION_KEY = "portal_help_request_id"
# The confirmation and the receipt stay reachable from the browser that sent the request for
# this long; afterwards the reference is enough to talk to the team.
RECEIPT_ACCESS = timedelta(hours=2)
# Shown again on the not-eligible page so that a mistyped birth date can be corrected there.
CORRECTABLE = ("child_birth_date", "child_present_in_country")


@public
def request_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/request/start.html")


@public
@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/request/form.html", {"form": HelpRequestForm()})
    form = HelpRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/request/form.html", {"form": form})
    eligibility = eligibility_check(
        birth_date=form.cleaned_data["child_birth_date"],
        present_in_country=form.cleaned_data["child_present_in_country"],
        on=local_today(),
    )
    if not eligibility.eligible:
        return _not_eligible(request, form, eligibility)
    # A second click on "Send" carries the same token: it is not a new submission to count.
    if not _already_submitted(form) and rate_limit_exceeded(request, "help_request"):
        return render(request, "portal/request/rate_limited.html", status=429)
    help_request, _created = request_submit(
        actor=request.user, data=form.to_input(), channel=Channel.WEB, submission_token=form.token, http_request=request
    )
    request.session[SESSION_KEY] = help_request.pk
    return redirect("portal:request_confirmation")


def _already_submitted(form: HelpRequestForm) -> bool:
    return HelpRequest.objects.filter(submission_token=form.token).exists()


def _not_eligible(request: HttpRequest, form: HelpRequestForm, eligibility: Eligibility) -> HttpResponse:
    """Nothing is stored: the answers travel in the page so that a wrong detail can be fixed."""
    context = {
        "form": form,
        "reasons": eligibility.reasons,
        "carried": form.carried_fields(exclude=CORRECTABLE),
        "max_age": get_pack().eligibility["max_age"],
    }
    return render(request, "portal/request/not_eligible.html", context)


@public
def request_not_eligible(request: HttpRequest) -> HttpResponse:
    """Who can ask and where else to turn, for anyone who wants to check before starting."""
    return render(request, "portal/request/not_eligible_info.html", {"max_age": get_pack().eligibility["max_age"]})


def _submitted_request(request: HttpRequest) -> HelpRequest:
    """The request this browser just sent, or 404: the session is the only key to it."""
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        raise Http404
    help_request = (
        HelpRequest.objects.select_related("child_commune")
        .prefetch_related("needs", "parents")
        .filter(pk=pk, channel=Channel.WEB, created_at__gte=timezone.now() - RECEIPT_ACCESS)
        .first()
    )
    if help_request is None:
        raise Http404
    return help_request


@public
@never_cache
def request_confirmation(request: HttpRequest) -> HttpResponse:
    help_request = _submitted_request(request)
    return render(request, "portal/request/confirmation.html", {"help_request": help_request})


@public
@never_cache
def request_receipt_pdf(request: HttpRequest) -> HttpResponse:
    help_request = _submitted_request(request)
    language = help_request.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        pdf = render_pdf("intake/receipt_pdf.html", receipt_context(help_request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{help_request.reference}.pdf"'
    return response


def receipt_context(help_request: HelpRequest) -> dict[str, object]:
    return {
        "help_request": help_request,
        "pack": get_pack().config,
        "received_on": timezone.localtime(help_request.received_at),
        "needs": list(help_request.needs.all()),
        "parents": list(help_request.parents.all()),
    }
