"""Writes on file-access requests: each in one transaction, with its history and audit entries
(audit_record last: it takes the chain lock)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import compute_due
from openaef.core.errors import StaleVersion, TransitionNotAllowed

from .models import AccessEventKind, Applicant, FileAccessRequest, FileAccessRequestEvent, IdentityDocument
from .parameters import rights_rules
from .reference import new_reference
from .states import OPEN_STATES, AccessStatus, can_transition, needs


@dataclass
class AccessRequestInput:
    applicant: str
    surname_at_birth: str
    first_names: str
    place_of_birth: str
    birth_date: date | None = None
    child_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""


_PERSONAL_FIELDS = [
    "surname_at_birth",
    "first_names",
    "place_of_birth",
    "birth_date",
    "child_name",
    "contact_email",
    "contact_phone",
    "contact_address",
]


def access_due_on(received_at: datetime) -> date:
    """The day the answer is due: one month after receipt by default (GDPR art. 12(3))."""
    return compute_due(rights_rules().response_due, timezone.localdate(received_at))


def access_request_submit(
    *,
    actor: Any,
    data: AccessRequestInput,
    channel: str,
    submission_token: uuid.UUID | None = None,
    received_at: datetime | None = None,
    language: str | None = None,
    http_request: HttpRequest | None = None,
) -> tuple[FileAccessRequest, bool]:
    """Records a file-access request. Returns (request, created); a second submission of the
    same form (same ``submission_token``) returns the first request. ``language`` is the one to
    write to the person in; online it defaults to the page's."""
    if submission_token is not None:
        existing = FileAccessRequest.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    staff = actor if getattr(actor, "is_authenticated", False) else None
    received = received_at or timezone.now()
    try:
        with transaction.atomic():
            access_request = FileAccessRequest(
                pack=settings.OPENAEF_PACK,
                reference=_unused_reference(received.year),
                channel=channel,
                received_at=received,
                due_on=access_due_on(received),
                submission_token=submission_token,
                created_by=staff,
                # Online, the page's language is the person's; at the desk it is the officer's.
                language=language if language is not None else (translation.get_language() or "") if staff is None else "",
                **{name: value.strip() if isinstance(value, str) else value for name, value in vars(data).items()},
            )
            access_request.full_clean(exclude=["submission_token"])
            access_request.save()
            FileAccessRequestEvent.objects.create(
                request=access_request,
                actor=staff,
                kind=AccessEventKind.CREATED,
                to_status=access_request.status,
                data={"channel": channel},
            )
            audit_record(
                actor=staff, action=AuditAction.CREATE, obj=access_request, fields=_PERSONAL_FIELDS, request=http_request
            )
            created = access_request
            transaction.on_commit(lambda: _tell_received(created))
    except IntegrityError:
        # Two submissions of the same form raced: the other one won, return it.
        if submission_token is not None:
            existing = FileAccessRequest.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        raise
    return access_request, True


def _tell_received(access_request: FileAccessRequest) -> None:
    """The data protection officers learn of a new request at once: the month runs from receipt."""
    from openaef.notifications.models import NotificationKind
    from openaef.notifications.selectors import holders_of
    from openaef.notifications.services import notify

    notify(
        users=holders_of("rights.handle_request"),
        kind=NotificationKind.ACCESS_REQUEST_RECEIVED,
        url=reverse("backoffice:file_access_detail", args=[access_request.pk]),
        params={"reference": access_request.reference, "due_on": access_request.due_on.isoformat()},
        dedupe_key=f"access_received:{access_request.pk}",
    )


def _unused_reference(year: int) -> str:
    for _attempt in range(10):
        reference = new_reference(year)
        if not FileAccessRequest.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference")  # 30^6 choices: never in practice


def _locked(access_request: FileAccessRequest, expected_version: int) -> FileAccessRequest:
    current = FileAccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _identity_errors(document: str, last4: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if document not in IdentityDocument.values:
        errors["identity_document"] = _("Choose the document you checked.")
    if not (1 <= len(last4) <= 4) or not last4.isalnum():
        errors["identity_document_last4"] = _("Enter the last 4 letters or numbers of the document's number.")
    return errors


def access_request_transition(
    *,
    actor: Any,
    access_request: FileAccessRequest,
    target: str,
    expected_version: int,
    reason: str = "",
    identity_document: str = "",
    identity_document_last4: str = "",
    discernment_note: str = "",
    http_request: HttpRequest | None = None,
) -> FileAccessRequest:
    """Moves a request along its state machine (rights/states.py), recording who, when and why.
    The appointment and the consultation have their own services (services_appointments)."""
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if target in (AccessStatus.APPOINTMENT_OFFERED, AccessStatus.CONSULTED) or not can_transition(current.status, target):
            raise TransitionNotAllowed(current.status, target)
        required = needs(current.status, target)
        reason, note = reason.strip(), discernment_note.strip()
        last4 = identity_document_last4.strip().upper()[-4:]
        errors: dict[str, str] = {}
        if required.get("reason") and not reason:
            errors["reason"] = _("Say why.")
        if required.get("identity"):
            errors.update(_identity_errors(identity_document, last4))
            if current.applicant == Applicant.CHILD and not note:
                # AEF art. 7: only a child capable of discernment may consult their own file.
                errors["discernment_note"] = _("Say why the child is judged capable of discernment.")
        if errors:
            raise ValidationError(errors)
        changed: list[str] = []
        if required.get("identity"):
            current.identity_document, current.identity_document_last4 = identity_document, last4
            current.identity_checked_at, current.identity_checked_by = timezone.now(), actor
            changed += ["identity_document", "identity_document_last4", "identity_checked_at", "identity_checked_by"]
            if current.applicant == Applicant.CHILD:
                current.discernment_note = note
                changed.append("discernment_note")
        if target in (AccessStatus.REFUSED, AccessStatus.WITHDRAWN):
            current.outcome_reason = reason
            changed.append("outcome_reason")
        data = {"identity_document": identity_document} if required.get("identity") else {}
        changed += access_request_move(current, actor=actor, target=target, reason=reason, data=data, changed=changed)
        if required.get("identity") and current.applicant == Applicant.CHILD:
            access_event(current, actor=actor, kind=AccessEventKind.DISCERNMENT, reason=note)
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=changed, request=http_request)
    return current


def access_request_move(
    current: FileAccessRequest,
    *,
    actor: Any,
    target: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    changed: list[str],
) -> list[str]:
    """The status change itself, inside the caller's transaction on a locked row: saves the
    request with ``changed`` and the status, and writes the history line. Returns what it saved."""
    if not can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    previous = current.status
    current.status = target
    current.version += 1
    saved = ["status", "version", "updated_at"]
    current.save(update_fields=[*changed, *saved])
    FileAccessRequestEvent.objects.create(
        request=current,
        actor=actor,
        kind=AccessEventKind.STATUS,
        from_status=previous,
        to_status=target,
        reason=reason,
        data=data or {},
    )
    return saved


def access_event(
    access_request: FileAccessRequest, *, actor: Any, kind: str, reason: str = "", data: dict[str, Any] | None = None
) -> None:
    FileAccessRequestEvent.objects.create(request=access_request, actor=actor, kind=kind, reason=reason, data=data or {})


def locked_request(access_request: FileAccessRequest, expected_version: int) -> FileAccessRequest:
    """The request locked for a change, StaleVersion when someone changed it since it was read."""
    return _locked(access_request, expected_version)


def access_request_link_person(
    *,
    actor: Any,
    access_request: FileAccessRequest,
    person: Any,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> FileAccessRequest:
    """Records whose file the request is about (the person found by rights.selectors'
    person search). Allowed while the request is open; a later link replaces the earlier one."""
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if current.status not in OPEN_STATES:
            raise TransitionNotAllowed(current.status, current.status)
        if person.pack != current.pack or person.merged_into_id is not None or person.anonymised_at is not None:
            raise ValidationError(_("This person cannot be linked."))
        previous = current.person_id
        current.person = person
        current.version += 1
        current.save(update_fields=["person", "version", "updated_at"])
        access_event(current, actor=actor, kind=AccessEventKind.PERSON_LINKED, data={"person": person.pk, "previous": previous})
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=current, fields=["person"], request=http_request, persons=[person.pk]
        )
    return current
