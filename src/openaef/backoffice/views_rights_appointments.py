"""The appointment offered for a file-access request (its invitation as a calendar file and as a
letter), and the record of the consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.accounts.models import User
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.rights import ics
from openaef.rights.models import AccessAppointment, AppointmentStatus, FileAccessRequest
from openaef.rights.selectors import (
    appointment_of,
    appointments_of,
    get_access_request_for,
    professionals_for_appointments,
    regional_offices,
    released_exports,
    request_has_judicial_case,
)
from openaef.rights.services_appointments import (
    DEFAULT_DURATION,
    ConsultationInput,
    Slot,
    access_appointment_cancel,
    access_appointment_mark_missed,
    access_appointment_offer,
    access_appointment_reschedule,
    access_consultation_record,
)

from .form_support import add_errors, with_version
from .forms_rights import AppointmentCancelForm, AppointmentForm, ConsultationForm, VersionOnlyForm

NAV = "file_access"
RENAME = {"held_at": "held_on"}


def _appointment_form(data: Any = None, **kwargs: Any) -> AppointmentForm:
    return AppointmentForm(data, offices=regional_offices(), professionals=professionals_for_appointments(), **kwargs)


def _slot(form: AppointmentForm) -> Slot | None:
    """The slot the form describes; None (with the error on the form) for an unknown choice."""
    offices = {str(o.pk): o for o in regional_offices()}
    office = offices.get(form.cleaned_data["office"])
    professional = User.objects.filter(pk=form.cleaned_data["professional"], is_active=True).first()
    if office is None or professional is None:
        form.add_error("professional" if office else "office", _("Choose again."))
        return None
    starts = timezone.make_aware(dt.datetime.combine(form.cleaned_data["date"], form.cleaned_data["start_time"]))
    return Slot(office=office, starts_at=starts, duration_minutes=form.cleaned_data["duration"], professional=professional)


def _render_appointment(
    request: HttpRequest, access_request: FileAccessRequest, form: AppointmentForm, appointment: AccessAppointment | None
) -> HttpResponse:
    context = {"access_request": access_request, "form": form, "appointment": appointment, "nav_section": NAV}
    return render(request, "backoffice/rights/appointment.html", context, status=400 if form.errors else 200)


def _save_slot(request: HttpRequest, access_request: FileAccessRequest, appointment: AccessAppointment | None) -> HttpResponse:
    form = _appointment_form(request.POST)
    slot = _slot(form) if form.is_valid() else None
    if slot is not None:
        try:
            common = {
                "actor": request.user,
                "slot": slot,
                "expected_version": form.cleaned_data["version"],
                "confirm_after_due": form.cleaned_data["confirm_after_due"],
                "http_request": request,
            }
            if appointment is None:
                access_appointment_offer(access_request=access_request, **common)
            else:
                access_appointment_reschedule(appointment=appointment, **common)
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            current = appointment.version if appointment else access_request.version
            form = _appointment_form(with_version(request.POST, "version", current))
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The appointment is saved and the invitation is on its way."))
            return redirect("backoffice:file_access_detail", pk=access_request.pk)
    return _render_appointment(request, access_request, form, appointment)


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    if request.method == "POST":
        return _save_slot(request, access_request, None)
    initial = {"version": access_request.version, "duration": DEFAULT_DURATION, "professional": str(request.user.pk)}
    return _render_appointment(request, access_request, _appointment_form(initial=initial), None)


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_appointment_move(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    appointment = appointment_of(access_request, appointment_pk)
    if appointment.status != AppointmentStatus.OFFERED:
        raise Http404
    if request.method == "POST":
        return _save_slot(request, access_request, appointment)
    local = timezone.localtime(appointment.starts_at)
    initial = {
        "version": appointment.version,
        "office": str(appointment.office_id),
        "date": local.date(),
        "start_time": local.time(),
        "duration": int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
        "professional": str(appointment.professional_id),
    }
    return _render_appointment(request, access_request, _appointment_form(initial=initial), appointment)


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_appointment_cancel(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    appointment = appointment_of(access_request, appointment_pk)
    form = AppointmentCancelForm(request.POST or None, initial={"version": appointment.version})
    if request.method == "POST" and form.is_valid():
        try:
            access_appointment_cancel(
                actor=request.user,
                appointment=appointment,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                http_request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except (StaleVersion, TransitionNotAllowed):
            form = AppointmentCancelForm(with_version(request.POST, "version", appointment.version))
            form.is_valid()
            form.add_error(None, str(StaleVersion.message))
        else:
            messages.success(request, _("The appointment is cancelled."))
            return redirect("backoffice:file_access_detail", pk=pk)
    context = {"access_request": access_request, "appointment": appointment, "form": form, "nav_section": NAV}
    return render(request, "backoffice/rights/appointment_cancel.html", context, status=400 if form.errors else 200)


@require_http_methods(["POST"])
@require_permission("rights.handle_request")
def file_access_appointment_missed(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    appointment = appointment_of(access_request, appointment_pk)
    form = VersionOnlyForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        access_appointment_mark_missed(
            actor=request.user, appointment=appointment, expected_version=form.cleaned_data["version"], http_request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (StaleVersion, TransitionNotAllowed):
        messages.error(request, str(StaleVersion.message))
    else:
        messages.success(request, _("The appointment is recorded as missed."))
    return redirect("backoffice:file_access_detail", pk=pk)


@require_GET
@require_permission("rights.handle_request")
def file_access_appointment_ics(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    appointment = appointment_of(access_request, appointment_pk)
    method = ics.CANCEL if appointment.status == AppointmentStatus.CANCELLED else ics.REQUEST
    body = ics.invitation_ics(appointment, method=method, judicial=request_has_judicial_case(access_request))
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=appointment, fields=["ics"], request=request)
    response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="{ics.ics_filename(appointment)}"'
    return response


@require_GET
@require_permission("rights.handle_request")
def file_access_appointment_letter(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    """The invitation as a letter to print and post, for a person without an e-mail address."""
    access_request = get_access_request_for(request.user, pk, http_request=request)
    appointment = appointment_of(access_request, appointment_pk)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=appointment, fields=["letter"], request=request)
    context = {
        "access_request": access_request,
        "appointment": appointment,
        "address": ics.office_address(appointment),
        "what_to_bring": ics.what_to_bring(),
        "judicial_notice": ics.judicial_notice() if request_has_judicial_case(access_request) else "",
        "today": timezone.localdate(),
        "nav_section": NAV,
    }
    return render(request, "backoffice/rights/letter.html", context)


# ---------------------------------------------------------------- the consultation


def _consultation_form(access_request: FileAccessRequest, data: Any = None, **kwargs: Any) -> ConsultationForm:
    offered = [a for a in appointments_of(access_request) if a.status == AppointmentStatus.OFFERED]
    return ConsultationForm(data, appointments=offered, exports=released_exports(access_request), **kwargs)


def _consultation_input(access_request: FileAccessRequest, form: ConsultationForm) -> ConsultationInput:
    data = form.cleaned_data
    appointment = appointment_of(access_request, int(data["appointment"])) if data["appointment"] else None
    exports = {str(e.pk): e for e in released_exports(access_request)}
    return ConsultationInput(
        held_at=timezone.make_aware(dt.datetime.combine(data["held_on"], data["held_time"])),
        attendees=data["attendees"],
        identity_document=data["identity_document"],
        identity_document_last4=data["identity_document_last4"],
        shown=data["shown"],
        notes=data["notes"],
        appointment=appointment,
        export=exports.get(data["export"]) if data["export"] else None,
    )


@require_http_methods(["GET", "POST"])
@require_permission("rights.handle_request")
def file_access_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, http_request=request)
    if request.method != "POST":
        now = timezone.localtime()
        offered = next((a for a in appointments_of(access_request) if a.status == AppointmentStatus.OFFERED), None)
        initial = {
            "version": access_request.version,
            "held_on": now.date(),
            "held_time": now.time().replace(second=0, microsecond=0),
            "appointment": str(offered.pk) if offered else "",
            "export": "",
        }
        form = _consultation_form(access_request, initial=initial)
    else:
        form = _consultation_form(access_request, request.POST)
        if form.is_valid():
            try:
                access_consultation_record(
                    actor=request.user,
                    access_request=access_request,
                    data=_consultation_input(access_request, form),
                    expected_version=form.cleaned_data["version"],
                    http_request=request,
                )
            except ValidationError as error:
                add_errors(form, error, rename=RENAME)
            except (StaleVersion, TransitionNotAllowed):
                form = _consultation_form(access_request, with_version(request.POST, "version", access_request.version))
                form.is_valid()
                form.add_error(None, str(StaleVersion.message))
            else:
                messages.success(request, _("The consultation is recorded."))
                return redirect("backoffice:file_access_detail", pk=pk)
    context = {"access_request": access_request, "form": form, "nav_section": NAV}
    return render(request, "backoffice/rights/consultation.html", context, status=400 if form.errors else 200)
