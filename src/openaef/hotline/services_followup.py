"""Writes to missing-child follow-ups (seed 002: accompany the family during and after a
disappearance, pass on news of the investigation, contact other countries' 116 000 services,
help child and family reconnect after the return). Each write in one transaction, version
checked, audited last."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile
from openaef.core.errors import StaleVersion, TransitionNotAllowed

from .models import Call, FollowUpEntry, FollowUpEntryKind, FollowUpStatus, MissingChildFollowUp
from .states import FOLLOW_UP_MACHINE


def _locked(follow_up: MissingChildFollowUp, expected_version: int) -> MissingChildFollowUp:
    current = MissingChildFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _bump(follow_up: MissingChildFollowUp, fields: list[str]) -> None:
    follow_up.version += 1
    follow_up.save(update_fields=[*fields, "version", "updated_at"])


def follow_up_open(
    *, actor: Any, call: Call, expected_version: int, http_request: HttpRequest | None = None
) -> MissingChildFollowUp:
    """Opens the follow-up of a missing child from one of its calls."""
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.version != expected_version:
            raise StaleVersion
        if current.follow_up_id is not None:
            raise TransitionNotAllowed("followed", "followed")
        follow_up = MissingChildFollowUp.objects.create(opened_by=actor)
        current.follow_up = follow_up
        current.version += 1
        current.save(update_fields=["follow_up", "version", "updated_at"])
        audit_record(actor=actor, action=AuditAction.CREATE, obj=follow_up, fields=["call"], request=http_request)
    return follow_up


def follow_up_link_call(
    *, actor: Any, follow_up: MissingChildFollowUp, call_pk: int, expected_version: int, http_request: HttpRequest | None = None
) -> Call:
    """Links a further call about the same child to the follow-up."""
    with transaction.atomic():
        current = _locked(follow_up, expected_version)
        call = Call.objects.select_for_update().filter(pk=call_pk).first()
        if call is None:
            raise ValidationError({"call": _("There is no call with this number.")})
        if call.follow_up_id is not None:
            raise ValidationError({"call": _("This call is already linked to a follow-up.")})
        call.follow_up = current
        call.version += 1
        call.save(update_fields=["follow_up", "version", "updated_at"])
        _bump(current, [])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=[f"call:{call.pk}"], request=http_request)
    return call


def follow_up_link_case(
    *,
    actor: Any,
    follow_up: MissingChildFollowUp,
    reference: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> MissingChildFollowUp:
    """Links the child's case file, by its reference; only the reference is shown here."""
    with transaction.atomic():
        current = _locked(follow_up, expected_version)
        case = (
            CaseFile.objects.filter(reference=reference.strip().upper(), archived_at__isnull=True).only("id", "reference").first()
        )
        if case is None:
            raise ValidationError({"reference": _("There is no case file with this reference.")})
        current.case = case
        _bump(current, ["case"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["case"], request=http_request)
    return current


def follow_up_entry_add(
    *,
    actor: Any,
    follow_up: MissingChildFollowUp,
    kind: str,
    text: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> FollowUpEntry:
    if kind not in FollowUpEntryKind.values:
        raise ValidationError({"kind": _("Choose what happened.")})
    with transaction.atomic():
        current = _locked(follow_up, expected_version)
        if current.status != FollowUpStatus.OPEN:
            raise TransitionNotAllowed(current.status, "entry")
        entry = FollowUpEntry.objects.create(follow_up=current, kind=kind, text=text.strip(), by=actor)
        _bump(current, [])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=[f"entry:{kind}"], request=http_request)
    return entry


def follow_up_close(
    *,
    actor: Any,
    follow_up: MissingChildFollowUp,
    closing_note: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> MissingChildFollowUp:
    """Closes the follow-up when the family no longer needs it; the note says why."""
    if not closing_note.strip():
        raise ValidationError({"closing_note": _("Say why the follow-up can be closed.")})
    with transaction.atomic():
        current = _locked(follow_up, expected_version)
        if not FOLLOW_UP_MACHINE.can_transition(current.status, FollowUpStatus.CLOSED):
            raise TransitionNotAllowed(current.status, FollowUpStatus.CLOSED)
        current.status, current.closed_at, current.closing_note = FollowUpStatus.CLOSED, timezone.now(), closing_note.strip()
        _bump(current, ["status", "closed_at", "closing_note"])
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], request=http_request)
    return current
