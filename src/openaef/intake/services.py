"""Writes on requests for help: each in one transaction, with its history and audit entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.accounts.selectors import coordinators_of
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.text import fold
from openaef.directory.models import Commune, Need, Office

from .errors import StaleVersion, TransitionNotAllowed
from .models import Channel, HelpRequest, HelpRequestEvent, Priority, RequestEventKind, RequestParent
from .reference import new_reference
from .states import RequestStatus, can_transition, needs


@dataclass
class ParentInput:
    relationship: str
    full_name: str
    phone: str = ""
    parental_authority: str = "unknown"
    agreement: str = "unknown"


@dataclass
class RequestInput:
    requester_type: str
    contact_preference: str
    preferred_language: str
    child_first_names: str
    child_surname: str
    child_birth_date: date
    situation: str
    requester_name: str = ""
    requester_organisation: str = ""
    requester_relationship: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_address: str = ""
    contact_times: str = ""
    child_commune: Commune | None = None
    child_present_in_country: bool = True
    child_situation: str = ""
    child_situation_details: str = ""
    parents_informed: str = ""
    needs: list[Need] = field(default_factory=list)
    parents: list[ParentInput] = field(default_factory=list)


_PERSONAL_FIELDS = [
    "requester_name",
    "contact_phone",
    "contact_email",
    "contact_address",
    "child_first_names",
    "child_surname",
    "child_birth_date",
    "child_commune",
    "situation",
    "parents",
]


def _proposed_office(commune: Commune | None) -> Office | None:
    return commune.office if commune is not None else None


def request_submit(
    *,
    actor: Any,
    data: RequestInput,
    channel: str,
    submission_token: uuid.UUID | None = None,
    received_at: datetime | None = None,
    priority: int = Priority.NORMAL,
    http_request: HttpRequest | None = None,
) -> tuple[HelpRequest, bool]:
    """Records a request for help. Returns (request, created).

    A form carries a one-time ``submission_token``: submitting it twice (a double click, a
    reload of the POST) returns the first request instead of creating a second one.
    """
    if submission_token is not None:
        existing = HelpRequest.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    now = timezone.now()
    staff = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            help_request = HelpRequest(
                pack=settings.OPENAEF_PACK,
                reference=_unused_reference(now.year),
                channel=channel,
                priority=priority,
                received_at=received_at or now,
                requester_type=data.requester_type,
                requester_name=data.requester_name,
                requester_organisation=data.requester_organisation,
                requester_relationship=data.requester_relationship,
                contact_phone=data.contact_phone,
                contact_email=data.contact_email,
                contact_address=data.contact_address,
                contact_preference=data.contact_preference,
                contact_times=data.contact_times,
                preferred_language=data.preferred_language,
                child_first_names=data.child_first_names.strip(),
                child_surname=data.child_surname.strip(),
                child_birth_date=data.child_birth_date,
                child_commune=data.child_commune,
                child_present_in_country=data.child_present_in_country,
                child_situation=data.child_situation,
                child_situation_details=data.child_situation_details,
                child_surname_folded=fold(data.child_surname),
                child_first_names_folded=fold(data.child_first_names),
                situation=data.situation,
                parents_informed=data.parents_informed,
                proposed_office=_proposed_office(data.child_commune),
                submission_token=submission_token,
                created_by=staff,
            )
            help_request.full_clean(exclude=["submission_token", "child_surname_folded", "child_first_names_folded"])
            help_request.save()
            help_request.needs.set(data.needs)
            RequestParent.objects.bulk_create(
                RequestParent(request=help_request, position=i, **vars(parent)) for i, parent in enumerate(data.parents)
            )
            HelpRequestEvent.objects.create(
                request=help_request,
                actor=staff,
                kind=RequestEventKind.CREATED,
                to_status=help_request.status,
                data={"channel": channel},
            )
            audit_record(actor=staff, action=AuditAction.CREATE, obj=help_request, fields=_PERSONAL_FIELDS, request=http_request)
            transaction.on_commit(lambda: _after_submit(help_request.pk))
    except IntegrityError:
        # Two submissions of the same form raced: the other one won, return it.
        if submission_token is not None:
            existing = HelpRequest.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        raise
    return help_request, True


def _unused_reference(year: int) -> str:
    for _attempt in range(10):
        reference = new_reference(year)
        if not HelpRequest.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference")  # 30^6 choices: never in practice


def _after_submit(request_id: int) -> None:
    from .tasks import notify_intake_team, send_receipt_email

    notify_intake_team.enqueue(request_id)
    send_receipt_email.enqueue(request_id)


def _locked(help_request: HelpRequest, expected_version: int) -> HelpRequest:
    current = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def request_transition(
    *,
    actor: Any,
    help_request: HelpRequest,
    target: str,
    expected_version: int,
    reason: str = "",
    office: Office | None = None,
    coordinator: Any = None,
    referred_to: str = "",
    http_request: HttpRequest | None = None,
) -> HelpRequest:
    """Moves a request along its state machine (intake/states.py), recording who, when and why."""
    with transaction.atomic():
        current = _locked(help_request, expected_version)
        if not can_transition(current.status, target):
            raise TransitionNotAllowed(current.status, target)
        required = needs(current.status, target)
        errors: dict[str, str] = {}
        reason = reason.strip()
        if required.get("reason") and not reason:
            errors["reason"] = _("Say why.")
        if required.get("referred_to") and not referred_to.strip():
            errors["referred_to"] = _("Say where the request was referred.")
        if required.get("assignment"):
            if office is None:
                errors["office"] = _("Choose the regional office.")
            if coordinator is None:
                errors["coordinator"] = _("Choose the coordinator.")
            elif office is not None and coordinator not in coordinators_of(office):
                errors["coordinator"] = _("This person is not a coordinator of the chosen office.")
        if errors:
            raise ValidationError(errors)
        previous = current.status
        current.status = target
        current.version += 1
        changed = ["status", "version", "updated_at"]
        if required.get("assignment"):
            current.office, current.coordinator = office, coordinator
            changed += ["office", "coordinator"]
        if required.get("referred_to"):
            current.referred_to = referred_to.strip()
            changed.append("referred_to")
        if target in (RequestStatus.REFERRED, RequestStatus.NOT_ELIGIBLE, RequestStatus.WITHDRAWN):
            current.outcome_reason = reason
            changed.append("outcome_reason")
        current.save(update_fields=changed)
        HelpRequestEvent.objects.create(
            request=current,
            actor=actor,
            kind=RequestEventKind.STATUS,
            from_status=previous,
            to_status=target,
            reason=reason,
            data={
                key: value
                for key, value in {
                    "office": office.code if office and required.get("assignment") else None,
                    "coordinator": coordinator.pk if coordinator and required.get("assignment") else None,
                    "referred_to": current.referred_to if required.get("referred_to") else None,
                }.items()
                if value
            },
        )
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=changed, request=http_request)
    return current


def request_set_priority(
    *,
    actor: Any,
    help_request: HelpRequest,
    priority: int,
    expected_version: int,
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> HelpRequest:
    with transaction.atomic():
        current = _locked(help_request, expected_version)
        if priority not in Priority.values:
            raise ValidationError({"priority": _("Choose a priority.")})
        if current.priority == priority:
            return current
        previous = current.priority
        current.priority = priority
        current.version += 1
        current.save(update_fields=["priority", "version", "updated_at"])
        HelpRequestEvent.objects.create(
            request=current,
            actor=actor,
            kind=RequestEventKind.PRIORITY,
            reason=reason.strip(),
            data={"from": previous, "to": priority},
        )
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["priority"], request=http_request)
    return current


__all__ = [
    "Channel",
    "ParentInput",
    "RequestInput",
    "request_set_priority",
    "request_submit",
    "request_transition",
]
