"""The appointment where a professional helps the person read their file (AEF art. 7), and the
record of the consultation. Each write in one transaction, with its history line and audit entry
(audit_record last: it takes the chain lock); invitations leave by e-mail once committed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import is_business_day
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import Office, OfficeKind

from .ics import CANCEL, REQUEST
from .models import (
    AccessAppointment,
    AccessConsultation,
    AccessEventKind,
    Applicant,
    AppointmentStatus,
    ExportStatus,
    FileAccessRequest,
    FileExport,
    IdentityDocument,
)
from .selectors import may_attend
from .services import access_event, access_request_move, locked_request
from .states import AccessStatus

DEFAULT_DURATION = 60
MAX_DURATION = 240


@dataclass(frozen=True)
class Slot:
    office: Office
    starts_at: dt.datetime  # aware
    duration_minutes: int
    professional: Any

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


def _within_opening_hours(office: Office, start: dt.datetime, end: dt.datetime) -> bool:
    """Pack opening hours use ISO weekdays (1 = Monday) and "HH:MM" times; none means no limit."""
    if not office.opening_hours:
        return True
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() != local_end.date():
        return False
    for row in office.opening_hours:
        opens, closes = dt.time.fromisoformat(row["opens"]), dt.time.fromisoformat(row["closes"])
        if int(row["weekday"]) == local_start.isoweekday() and opens <= local_start.time() and local_end.time() <= closes:
            return True
    return False


def slot_errors(access_request: FileAccessRequest, slot: Slot, *, confirm_after_due: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if slot.office.kind != OfficeKind.REGIONAL or slot.office.pack != access_request.pack:
        errors["office"] = _("Choose a regional office.")
    if not 15 <= slot.duration_minutes <= MAX_DURATION:
        errors["duration"] = _("Enter a duration between 15 and 240 minutes.")
    day = timezone.localtime(slot.starts_at).date()
    if slot.starts_at <= timezone.now():
        errors["date"] = _("The appointment must be in the future.")
    elif not is_business_day(day):
        errors["date"] = _("Choose a working day: not a weekend or a public holiday.")
    elif "office" not in errors and not _within_opening_hours(slot.office, slot.starts_at, slot.ends_at):
        errors["start_time"] = _("The office is not open then: choose a time within its opening hours.")
    if "office" not in errors and not may_attend(slot.professional, slot.office):
        errors["professional"] = _("Choose a data protection officer or a member of this office's staff.")
    if not errors and day > access_request.due_on and not confirm_after_due:
        errors["confirm_after_due"] = _(
            "This day is after the answer is due (%(due)s). Confirm that the person agreed to a later day."
        ) % {"due": access_request.due_on.strftime("%d/%m/%Y")}
    return errors


def _send(appointment: AccessAppointment, method: str) -> None:
    """Queues the invitation once the change is committed, in the language the person wrote in
    (else the page's)."""
    from .tasks import send_access_invitation

    if not appointment.request.contact_email:
        return  # sent by post: the request page offers the letter
    language = appointment.request.language or translation.get_language() or ""
    transaction.on_commit(lambda: send_access_invitation.enqueue(appointment.pk, method, language))


def _locked_appointment(appointment: AccessAppointment, expected_version: int) -> AccessAppointment:
    current = AccessAppointment.objects.select_for_update().select_related("request", "office").get(pk=appointment.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def access_appointment_offer(
    *,
    actor: Any,
    access_request: FileAccessRequest,
    slot: Slot,
    expected_version: int,
    confirm_after_due: bool = False,
    http_request: HttpRequest | None = None,
) -> AccessAppointment:
    """Offers an appointment: the request must have its identity checked (or have had its earlier
    appointment cancelled or missed). The request moves to appointment_offered."""
    with transaction.atomic():
        current = locked_request(access_request, expected_version)
        renewed = current.status == AccessStatus.APPOINTMENT_OFFERED
        if renewed and current.appointments.filter(status=AppointmentStatus.OFFERED).exists():
            raise ValidationError(_("An appointment is already offered: move or cancel it instead."))
        if current.status not in (AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED):
            raise ValidationError(_("An appointment can be offered only once the applicant's identity is checked."))
        if current.applicant == Applicant.CHILD and not current.discernment_note:
            raise ValidationError(_("Record why the child is judged capable of discernment first."))
        errors = slot_errors(current, slot, confirm_after_due=confirm_after_due)
        if errors:
            raise ValidationError(errors)
        appointment = AccessAppointment.objects.create(
            request=current,
            office=slot.office,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            professional=slot.professional,
            uid=uuid.uuid4(),
            created_by=actor,
        )
        data = {"appointment": appointment.pk, "starts_at": slot.starts_at.isoformat(), "office": slot.office.code}
        if renewed:
            current.version += 1
            current.save(update_fields=["version", "updated_at"])
            changed = ["version"]
        else:
            changed = access_request_move(current, actor=actor, target=AccessStatus.APPOINTMENT_OFFERED, data=data, changed=[])
        access_event(current, actor=actor, kind=AccessEventKind.APPOINTMENT_OFFERED, data=data)
        _send(appointment, REQUEST)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=appointment, request=http_request)
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=changed, request=http_request)
    return appointment


def access_appointment_reschedule(
    *,
    actor: Any,
    appointment: AccessAppointment,
    slot: Slot,
    expected_version: int,
    confirm_after_due: bool = False,
    http_request: HttpRequest | None = None,
) -> AccessAppointment:
    """Moves an offered appointment: same UID, SEQUENCE + 1, a new invitation."""
    with transaction.atomic():
        current = _locked_appointment(appointment, expected_version)
        if current.status != AppointmentStatus.OFFERED:
            raise TransitionNotAllowed(current.status, current.status)
        errors = slot_errors(current.request, slot, confirm_after_due=confirm_after_due)
        if errors:
            raise ValidationError(errors)
        before = current.starts_at.isoformat()
        current.office, current.professional = slot.office, slot.professional
        current.starts_at, current.ends_at = slot.starts_at, slot.ends_at
        current.sequence += 1
        current.version += 1
        fields = ["office", "professional", "starts_at", "ends_at", "sequence", "version", "updated_at"]
        current.save(update_fields=fields)
        data = {"appointment": current.pk, "from": before, "starts_at": slot.starts_at.isoformat(), "office": slot.office.code}
        access_event(current.request, actor=actor, kind=AccessEventKind.APPOINTMENT_MOVED, data=data)
        _send(current, REQUEST)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=fields, request=http_request)
    return current


def access_appointment_cancel(
    *, actor: Any, appointment: AccessAppointment, expected_version: int, reason: str, http_request: HttpRequest | None = None
) -> AccessAppointment:
    """Cancels an offered appointment with a reason; the calendar gets METHOD:CANCEL."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the appointment is cancelled.")})
    with transaction.atomic():
        current = _locked_appointment(appointment, expected_version)
        if current.status != AppointmentStatus.OFFERED:
            raise TransitionNotAllowed(current.status, AppointmentStatus.CANCELLED)
        current.status, current.cancel_reason = AppointmentStatus.CANCELLED, reason
        current.sequence += 1
        current.version += 1
        fields = ["status", "cancel_reason", "sequence", "version", "updated_at"]
        current.save(update_fields=fields)
        access_event(current.request, actor=actor, kind=AccessEventKind.APPOINTMENT_CANCELLED, reason=reason)
        _send(current, CANCEL)
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=fields, request=http_request)
    return current


def access_appointment_mark_missed(
    *, actor: Any, appointment: AccessAppointment, expected_version: int, http_request: HttpRequest | None = None
) -> AccessAppointment:
    with transaction.atomic():
        current = _locked_appointment(appointment, expected_version)
        if current.status != AppointmentStatus.OFFERED:
            raise TransitionNotAllowed(current.status, AppointmentStatus.MISSED)
        if current.starts_at > timezone.now():
            raise ValidationError(_("The appointment has not happened yet."))
        current.status = AppointmentStatus.MISSED
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        access_event(current.request, actor=actor, kind=AccessEventKind.APPOINTMENT_MISSED, data={"appointment": current.pk})
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], request=http_request)
    return current


@dataclass
class ConsultationInput:
    held_at: dt.datetime
    attendees: str
    identity_document: str
    identity_document_last4: str
    shown: str
    notes: str = ""
    appointment: AccessAppointment | None = None
    export: FileExport | None = None


def _consultation_errors(access_request: FileAccessRequest, data: ConsultationInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.attendees.strip():
        errors["attendees"] = _("Say who came.")
    if data.identity_document not in IdentityDocument.values:
        errors["identity_document"] = _("Choose the document you checked.")
    last4 = data.identity_document_last4.strip()
    if not (1 <= len(last4) <= 4) or not last4.isalnum():
        errors["identity_document_last4"] = _("Enter the last 4 letters or numbers of the document's number.")
    if not data.shown.strip():
        errors["shown"] = _("Say what was shown.")
    if data.held_at > timezone.now():
        errors["held_on"] = _("The consultation cannot be in the future.")
    if data.appointment is not None and (
        data.appointment.request_id != access_request.pk or data.appointment.status != AppointmentStatus.OFFERED
    ):
        errors["appointment"] = _("Choose an appointment of this request that is still offered.")
    if data.export is not None and (data.export.request_id != access_request.pk or data.export.status != ExportStatus.RELEASED):
        errors["export"] = _("Choose a released export of this request.")
    return errors


def access_consultation_record(
    *,
    actor: Any,
    access_request: FileAccessRequest,
    data: ConsultationInput,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> AccessConsultation:
    """Records the consultation (at the appointment, or a walk-in) and moves the request to consulted."""
    with transaction.atomic():
        current = locked_request(access_request, expected_version)
        if current.status not in (AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED):
            raise TransitionNotAllowed(current.status, AccessStatus.CONSULTED)
        if current.applicant == Applicant.CHILD and not current.discernment_note:
            raise ValidationError(_("Record why the child is judged capable of discernment first."))
        errors = _consultation_errors(current, data)
        if errors:
            raise ValidationError(errors)
        consultation = AccessConsultation(
            request=current,
            appointment=data.appointment,
            held_at=data.held_at,
            attendees=data.attendees.strip(),
            identity_document=data.identity_document,
            identity_document_last4=data.identity_document_last4.strip().upper()[-4:],
            shown=data.shown.strip(),
            notes=data.notes.strip(),
            export=data.export,
            recorded_by=actor,
        )
        consultation.full_clean(exclude=["request", "appointment", "export", "recorded_by"])
        consultation.save()
        if data.appointment is not None:
            AccessAppointment.objects.filter(pk=data.appointment.pk).update(
                status=AppointmentStatus.HELD, version=data.appointment.version + 1
            )
        event = {
            "appointment": data.appointment.pk if data.appointment else None,
            "export": data.export.pk if data.export else None,
        }
        access_event(current, actor=actor, kind=AccessEventKind.CONSULTATION, data=event)
        changed = access_request_move(current, actor=actor, target=AccessStatus.CONSULTED, changed=[])
        audit_record(actor=actor, action=AuditAction.CREATE, obj=consultation, request=http_request)
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=changed, request=http_request)
    return consultation
