"""The data protection officer's file-access request pages, and recording a request that came
by letter or at the desk."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.rights.models import Applicant, FileAccessRequest
from openaef.rights.selectors import (
    access_request_history,
    access_request_page,
    appointments_of,
    consultation_of,
    get_access_request_for,
    has_judicial_case,
    linked_cases,
    person_for_request,
    person_search_for_request,
)
from openaef.rights.services import access_request_link_person, access_request_submit, access_request_transition
from openaef.rights.states import OPEN_STATES, AccessStatus, allowed_targets

from .form_support import add_errors, with_version
from .forms_rights import (
    AccessFilterForm,
    AccessTransitionForm,
    FileAccessRecordForm,
    IdentityCheckForm,
    PersonLinkForm,
    PersonSearchForm,
)
from .presentation_rights import access_rows, active_appointment, history_lines, is_overdue

NAV = "file_access"


@require_GET
@require_permission("rights.view_requests")
def file_access_list(request: HttpRequest) -> HttpResponse:
    form = AccessFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = access_request_page(request.user, status=status, cursor=request.GET.get("cursor") or None)
    context = {"form": form, "page": page, "rows": access_rows(page.items), "nav_section": NAV}
    return render(request, "backoffice/rights/list.html", context)


# Steps with a form of their own: the identity check records the document seen, the appointment
# and the consultation their details (views_rights_appointments).
OWN_FORMS = {AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED, AccessStatus.CONSULTED}


def _step_targets(access_request: FileAccessRequest) -> list[str]:
    return [t for t in allowed_targets(access_request.status) if t not in OWN_FORMS]


def _detail(request: HttpRequest, access_request: FileAccessRequest, **forms: object) -> HttpResponse:
    can_handle = request.user.has_perm("rights.handle_request")
    targets = _step_targets(access_request)
    cases = linked_cases(request.user, access_request, http_request=request)
    appointments = appointments_of(access_request)
    active = active_appointment(appointments)
    status = access_request.status
    context = {
        "access_request": access_request,
        "overdue": is_overdue(access_request),
        "events": history_lines(access_request_history(access_request)),
        "can_handle": can_handle,
        "can_check_identity": can_handle and AccessStatus.IDENTITY_CHECKED in allowed_targets(status),
        "can_link_person": can_handle and status in OPEN_STATES,
        "cases": cases,
        "judicial": has_judicial_case(cases),
        "is_child": access_request.applicant == Applicant.CHILD,
        "is_parent": access_request.applicant == Applicant.PARENT,
        "appointments": appointments,
        "active_appointment": active,
        "can_offer": can_handle
        and active is None
        and status in (AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED),
        "can_record_consultation": can_handle and status in (AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED),
        "consultation": consultation_of(access_request),
        "transition_form": forms.get("transition_form")
        or (AccessTransitionForm(targets=targets, initial={"version": access_request.version}) if targets else None),
        "nav_section": NAV,
    }
    status = 400 if any(getattr(f, "errors", None) for f in forms.values()) else 200
    return render(request, "backoffice/rights/detail.html", context, status=status)


@require_GET
@require_permission("rights.view_requests")
def file_access_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_access_request_for(request.user, pk, http_request=request))


@require_http_methods(["POST"])
@require_permission("rights.handle_request")
def file_access_transition(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    form = AccessTransitionForm(request.POST, targets=_step_targets(access_request))
    if form.is_valid():
        try:
            access_request_transition(
                actor=request.user,
                access_request=access_request,
                target=form.cleaned_data["target"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            form = AccessTransitionForm(
                with_version(request.POST, "version", access_request.version), targets=_step_targets(access_request)
            )
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The request is updated."))
            return redirect("backoffice:file_access_detail", pk=pk)
    return _detail(request, access_request, transition_form=form)


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_identity(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    child = access_request.applicant == Applicant.CHILD
    if request.method != "POST":
        form = IdentityCheckForm(initial={"version": access_request.version}, child=child)
        return render(request, "backoffice/rights/identity.html", _identity_context(access_request, form))
    form = IdentityCheckForm(request.POST, child=child)
    if form.is_valid():
        try:
            access_request_transition(
                actor=request.user,
                access_request=access_request,
                target=AccessStatus.IDENTITY_CHECKED,
                expected_version=form.cleaned_data["version"],
                identity_document=form.cleaned_data["identity_document"],
                identity_document_last4=form.cleaned_data["identity_document_last4"],
                discernment_note=form.cleaned_data.get("discernment_note", ""),
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            form = IdentityCheckForm(with_version(request.POST, "version", access_request.version), child=child)
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The identity check is recorded."))
            return redirect("backoffice:file_access_detail", pk=pk)
    return render(request, "backoffice/rights/identity.html", _identity_context(access_request, form), status=400)


def _identity_context(access_request: FileAccessRequest, form: IdentityCheckForm) -> dict[str, object]:
    return {
        "access_request": access_request,
        "form": form,
        "is_child": access_request.applicant == Applicant.CHILD,
        "nav_section": NAV,
    }


@require_http_methods(["GET", "POST"])
@require_permission("rights.record_request")
def file_access_record(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = FileAccessRecordForm(initial={"received_on": timezone.localdate(), "language": translation.get_language()})
        return render(request, "backoffice/rights/record.html", {"form": form, "nav_section": NAV})
    form = FileAccessRecordForm(request.POST)
    if not form.is_valid():
        return render(request, "backoffice/rights/record.html", {"form": form, "nav_section": NAV}, status=400)
    received_on: dt.date = form.cleaned_data["received_on"]
    # Noon, local time: the day is what counts for the deadline, never the hour typed later.
    received_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))
    access_request, _created = access_request_submit(
        actor=request.user,
        data=form.to_input(),
        channel=form.cleaned_data["channel"],
        submission_token=form.token,
        received_at=received_at,
        language=form.cleaned_data["language"],
        http_request=request,
    )
    messages.success(request, _("File-access request %(reference)s is recorded.") % {"reference": access_request.reference})
    if request.user.has_perm("rights.view_requests"):
        return redirect("backoffice:file_access_detail", pk=access_request.pk)
    return redirect("backoffice:file_access_record")


# ---------------------------------------------------------------- whose file it is
# The search is posted, never put in the address: names and dates of birth stay out of URLs.


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_person(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    if access_request.status not in OPEN_STATES:
        raise Http404
    form = PersonSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = person_search_for_request(
            request.user,
            access_request,
            q=form.cleaned_data["q"],
            birth_date=form.cleaned_data["birth_date"],
            http_request=request,
        )
    context = {"access_request": access_request, "form": form, "results": results, "nav_section": NAV}
    return render(request, "backoffice/rights/person.html", context, status=400 if form.errors else 200)


@require_http_methods(["POST"])
@require_permission("rights.handle_request")
def file_access_person_link(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    form = PersonLinkForm(request.POST)
    if not form.is_valid():
        raise Http404
    person = person_for_request(request.user, access_request, form.cleaned_data["person"])
    try:
        access_request_link_person(
            actor=request.user,
            access_request=access_request,
            person=person,
            expected_version=form.cleaned_data["version"],
            http_request=request,
        )
    except (StaleVersion, TransitionNotAllowed):
        messages.error(request, str(StaleVersion.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is linked to the person's file."))
    return redirect("backoffice:file_access_detail", pk=pk)
