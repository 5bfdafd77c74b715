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
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.deadlines import compute_due
from openaef.core.errors import StaleVersion, TransitionNotAllowed

from .models import AccessEventKind, FileAccessRequest, FileAccessRequestEvent, IdentityDocument
from .parameters import rights_rules
from .reference import new_reference
from .states import AccessStatus, can_transition, needs


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
    http_request: HttpRequest | None = None,
) -> tuple[FileAccessRequest, bool]:
    """Records a file-access request. Returns (request, created); a second submission of the
    same form (same ``submission_token``) returns the first request."""
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
    except IntegrityError:
        # Two submissions of the same form raced: the other one won, return it.
        if submission_token is not None:
            existing = FileAccessRequest.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        raise
    return access_request, True


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
    http_request: HttpRequest | None = None,
) -> FileAccessRequest:
    """Moves a request along its state machine (rights/states.py), recording who, when and why."""
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if not can_transition(current.status, target):
            raise TransitionNotAllowed(current.status, target)
        required = needs(current.status, target)
        reason = reason.strip()
        last4 = identity_document_last4.strip().upper()[-4:]
        errors: dict[str, str] = {}
        if required.get("reason") and not reason:
            errors["reason"] = _("Say why.")
        if required.get("identity"):
            errors.update(_identity_errors(identity_document, last4))
        if errors:
            raise ValidationError(errors)
        previous = current.status
        current.status = target
        current.version += 1
        changed = ["status", "version", "updated_at"]
        if required.get("identity"):
            current.identity_document, current.identity_document_last4 = identity_document, last4
            current.identity_checked_at, current.identity_checked_by = timezone.now(), actor
            changed += ["identity_document", "identity_document_last4", "identity_checked_at", "identity_checked_by"]
        if target in (AccessStatus.REFUSED, AccessStatus.WITHDRAWN):
            current.outcome_reason = reason
            changed.append("outcome_reason")
        current.save(update_fields=changed)
        FileAccessRequestEvent.objects.create(
            request=current,
            actor=actor,
            kind=AccessEventKind.STATUS,
            from_status=previous,
            to_status=target,
            reason=reason,
            data={"identity_document": identity_document} if required.get("identity") else {},
        )
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=changed, request=http_request)
    return current
