"""Writes to 116 000 calls: each in one transaction, checked against the call's state machine
and version, recorded in the audit log (last, as it takes the chain lock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.accounts.models import Role, User
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from .clock import responder_at
from .models import Call, CallOutcome, CallStatus, ProtocolStep, Responder, Urgency
from .parameters import hotline_rules
from .states import CALL_MACHINE

RECORD_FIELDS = ("received_at", "caller_type", "language", "category", "urgency", "summary")


def _locked(call: Call, expected_version: int) -> Call:
    current = Call.objects.select_for_update().get(pk=call.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _bump(call: Call, fields: list[str]) -> None:
    call.version += 1
    call.save(update_fields=[*fields, "version", "updated_at"])


def call_record(
    *,
    actor: Any,
    received_at: dt.datetime,
    caller_type: str,
    language: str,
    category: str,
    urgency: str,
    summary: str = "",
    http_request: HttpRequest | None = None,
) -> Call:
    """Logs a call; the clock decides who answers; an urgent call gets the pack's protocol as a checklist."""
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": _("The time of the call cannot be in the future.")})
    call = Call(
        received_at=received_at,
        responder=responder_at(received_at),
        caller_type=caller_type,
        language=language,
        category=category,
        urgency=urgency,
        summary=summary.strip(),
        recorded_by=actor,
    )
    call.full_clean()
    with transaction.atomic():
        call.save()
        if call.urgency == Urgency.URGENT:
            ProtocolStep.objects.bulk_create(
                [ProtocolStep(call=call, code=s.code, position=i) for i, s in enumerate(hotline_rules().urgent_protocol)]
            )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=call, fields=RECORD_FIELDS, request=http_request)
    return call


def protocol_step_done(
    *, actor: Any, call: Call, code: str, expected_version: int, http_request: HttpRequest | None = None
) -> ProtocolStep:
    """Marks one protocol step done now, by ``actor``. Done once: it cannot be undone or redone."""
    with transaction.atomic():
        current = _locked(call, expected_version)
        if current.status != CallStatus.OPEN:
            raise TransitionNotAllowed(current.status, "step")
        step = ProtocolStep.objects.select_for_update().filter(call=current, code=code).first()
        if step is None:
            raise ValidationError({"code": _("This step is not part of this call's protocol.")})
        if step.done_at is not None:
            raise TransitionNotAllowed("done", "done")
        step.done_at, step.done_by = timezone.now(), actor
        step.save(update_fields=["done_at", "done_by"])
        _bump(current, [])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=[f"protocol:{code}"], request=http_request)
    return step


def call_handover(
    *, actor: Any, call: Call, expected_version: int, police_reference: str = "", http_request: HttpRequest | None = None
) -> Call:
    """Records that a call taken out of office hours was handed over to the police."""
    with transaction.atomic():
        current = _locked(call, expected_version)
        if current.responder != Responder.POLICE or current.handed_over_at is not None:
            raise TransitionNotAllowed(current.responder, "handover")
        current.handed_over_at, current.handed_over_by = timezone.now(), actor
        current.police_reference = police_reference.strip()
        _bump(current, ["handed_over_at", "handed_over_by", "police_reference"])
        _tell_the_morning_shift(current)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            fields=["handed_over_at", "police_reference"],
            request=http_request,
        )
    return current


def _tell_the_morning_shift(call: Call) -> None:
    """The police took the call at night: the agency's 116 000 agents are told, so that in the
    morning someone follows the family up (seed 002). Only the call's number travels; told once."""
    agents = User.objects.filter(is_active=True, memberships__role=Role.HOTLINE_AGENT).distinct()
    notify(
        users=agents,
        kind=NotificationKind.HOTLINE_HANDOVER,
        url=reverse("backoffice:hotline_call", args=[call.pk]),
        params={"reference": str(call.pk)},
        dedupe_key=f"hotline-handover:{call.pk}",
    )


def call_close(*, actor: Any, call: Call, outcome: str, expected_version: int, http_request: HttpRequest | None = None) -> Call:
    """Closes a call with its outcome; an urgent call only once every protocol step is done, and a
    call taken by the police only once the handover is recorded: the protocol forgets no step."""
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the call.")})
    with transaction.atomic():
        current = _locked(call, expected_version)
        if not CALL_MACHINE.can_transition(current.status, CallStatus.CLOSED):
            raise TransitionNotAllowed(current.status, CallStatus.CLOSED)
        if current.protocol_steps.filter(done_at__isnull=True).exists():
            raise ValidationError({"outcome": _("Every step of the urgent-case protocol must be done first.")})
        if current.needs_handover:
            raise ValidationError({"outcome": _("Record the handover to the police first.")})
        current.status, current.outcome, current.closed_at = CallStatus.CLOSED, outcome, timezone.now()
        _bump(current, ["status", "outcome", "closed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status", "outcome"],
            request=http_request,
        )
    return current
