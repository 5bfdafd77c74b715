"""Writes on foster families: record an application, change its details and places, move it
through assessment and approval, renew the approval, its household, training and support service.

Each service checks that the actor may change the register, runs in one transaction, locks the
family and compares the version the user saw (StaleVersion otherwise), checks the state table of
``foster.states`` and the pack's maximum of children, records one event in the family's history
and, last, one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.text import fold
from openaef.directory.models import Commune, Language, Service

from .models import (
    ApprovalKind,
    FosterApproval,
    FosterEventKind,
    FosterFamily,
    FosterFamilyEvent,
    FosterFamilyStatus,
    FosterHouseholdMember,
    FosterTraining,
)
from .parameters import foster_rules
from .reference import new_family_reference
from .selectors import current_stay_count
from .states import EDITABLE, MACHINE, RENEWABLE

F = FosterFamilyStatus
CHANGE = "foster.change_family"
MAX_AGE = 27


@dataclass
class FamilyDetails:
    """What an application records and the family page edits."""

    name: str
    street: str = ""
    postcode: str = ""
    locality: str = ""
    commune: Commune | None = None
    languages: Sequence[Language] = field(default_factory=list)
    capacity: int = 1
    min_age: int | None = None
    max_age: int | None = None
    capacity_exception: str = ""

    FIELDS = ("name", "street", "postcode", "locality", "commune", "capacity", "min_age", "max_age", "capacity_exception")


# Shared steps ---------------------------------------------------------------------------------


def _require_change(actor: Any) -> None:
    if not actor.has_perm(CHANGE):
        raise PermissionDenied


def _locked(family: FosterFamily, expected_version: int) -> FosterFamily:
    current = FosterFamily.objects.select_for_update().get(pk=family.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _save(family: FosterFamily, fields: list[str]) -> None:
    family.version += 1
    family.save(update_fields=[*fields, "version", "updated_at"])


def _require_editable(family: FosterFamily) -> None:
    if family.status not in EDITABLE:
        raise ValidationError(_("This family no longer fosters: its record can no longer be changed."))


def _record(
    *,
    actor: Any,
    family: FosterFamily,
    kind: str,
    action: str,
    fields: Sequence[str],
    http_request: HttpRequest | None,
    data: dict[str, Any] | None = None,
    reason: str = "",
    obj: Any = None,
) -> None:
    FosterFamilyEvent.objects.create(family=family, actor=actor, kind=kind, data={**(data or {}), "reason": reason})
    audit_record(actor=actor, action=action, obj=obj or family, fields=fields, request=http_request, reason=reason[:500])


def _search_text(family: FosterFamily) -> str:
    compact = family.reference.replace("-", "")
    return " ".join(part for part in (fold(family.name), fold(family.reference), compact.lower(), fold(family.locality)) if part)


def check_details(details: FamilyDetails, *, pack: str, current_stays: int = 0) -> None:
    """The application's rules: a name, sensible ages and places, the pack's maximum of children
    unless a reason for the exception is recorded (guichet.lu: four, exceptions possible)."""
    errors: dict[str, list[str]] = {}
    if not details.name.strip():
        errors["name"] = [_("Enter the household's name.")]
    if details.capacity < 1:
        errors["capacity"] = [_("A family offers at least one place.")]
    for name in ("min_age", "max_age"):
        value = getattr(details, name)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[name] = [_("Enter an age from 0 to %(max)d.") % {"max": MAX_AGE}]
    if details.min_age is not None and details.max_age is not None and details.min_age > details.max_age:
        errors.setdefault("max_age", []).append(_("The oldest age accepted must be the youngest one or more."))
    maximum = foster_rules(pack).max_children
    if maximum is not None and details.capacity > maximum and not details.capacity_exception.strip():
        errors["capacity_exception"] = [
            ngettext(
                "A family takes at most %(max)d child at a time: give the reason for the exception.",
                "A family takes at most %(max)d children at a time: give the reason for the exception.",
                maximum,
            )
            % {"max": maximum}
        ]
    if details.capacity < current_stays:
        errors.setdefault("capacity", []).append(
            ngettext(
                "%(count)d child is staying with the family now: offer at least as many places.",
                "%(count)d children are staying with the family now: offer at least as many places.",
                current_stays,
            )
            % {"count": current_stays}
        )
    if errors:
        raise ValidationError(errors)


def _apply(family: FosterFamily, details: FamilyDetails, pack: str) -> None:
    for name in FamilyDetails.FIELDS:
        value = getattr(details, name)
        setattr(family, name, value.strip() if isinstance(value, str) else value)
    maximum = foster_rules(pack).max_children
    if maximum is None or family.capacity <= maximum:
        # An exception is kept only while it is needed.
        family.capacity_exception = ""
    family.name_folded = fold(family.name)
    family.search_text = _search_text(family)


# The application and its details --------------------------------------------------------------


def family_create(*, actor: Any, details: FamilyDetails, http_request: HttpRequest | None = None) -> FosterFamily:
    _require_change(actor)
    pack = settings.OPENAEF_PACK
    check_details(details, pack=pack)
    with transaction.atomic():
        family = FosterFamily(pack=pack, reference=new_family_reference(timezone.localdate().year), created_by=actor)
        _apply(family, details, pack)
        family.full_clean(exclude=["languages"])
        family.save()
        family.languages.set(details.languages)
        _record(
            actor=actor,
            family=family,
            kind=FosterEventKind.CREATED,
            action=AuditAction.CREATE,
            fields=[*FamilyDetails.FIELDS, "languages"],
            http_request=http_request,
        )
    return family


def family_update(
    *,
    actor: Any,
    family: FosterFamily,
    expected_version: int,
    details: FamilyDetails,
    http_request: HttpRequest | None = None,
) -> FosterFamily:
    _require_change(actor)
    _require_editable(family)
    check_details(details, pack=family.pack, current_stays=current_stay_count(family, timezone.localdate()))
    with transaction.atomic():
        current = _locked(family, expected_version)
        before = {name: getattr(current, name) for name in FamilyDetails.FIELDS}
        old_languages = set(current.languages.values_list("pk", flat=True))
        _apply(current, details, current.pack)
        changed = [name for name in FamilyDetails.FIELDS if getattr(current, name) != before[name]]
        if {language.pk for language in details.languages} != old_languages:
            current.languages.set(details.languages)
            changed.append("languages")
        _save(current, [*FamilyDetails.FIELDS, "name_folded", "search_text"])
        _record(
            actor=actor,
            family=current,
            kind=FosterEventKind.UPDATED,
            action=AuditAction.UPDATE,
            fields=changed,
            http_request=http_request,
            data={"fields": changed, "capacity": current.capacity},
        )
    return current


# Assessment and approval ----------------------------------------------------------------------


def family_transition(
    *,
    actor: Any,
    family: FosterFamily,
    expected_version: int,
    target: str,
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> FosterFamily:
    """A move of the state table that needs no dates (approval has its own service)."""
    _require_change(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _locked(family, expected_version)
        if not MACHINE.can_transition(current.status, target):
            raise TransitionNotAllowed(current.status, target)
        needs = MACHINE.needs(current.status, target)
        if needs["dates"]:
            raise TransitionNotAllowed(current.status, target)
        if needs["reason"] and not reason:
            raise ValidationError({"reason": _("Give the reason.")})
        old, current.status = current.status, target
        _save(current, ["status"])
        _record(
            actor=actor,
            family=current,
            kind=FosterEventKind.STATUS,
            action=AuditAction.TRANSITION,
            fields=["status"],
            http_request=http_request,
            data={"from": old, "to": target},
            reason=reason,
        )
    return current


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if start is None:
        errors["approved_from"] = _("Enter the date the approval starts.")
    if end is None:
        errors["approved_until"] = _("Enter the date the approval ends.")
    elif start is not None and end <= start:
        errors["approved_until"] = _("The approval must end after it starts.")
    if errors:
        raise ValidationError(errors)


def family_approve(
    *,
    actor: Any,
    family: FosterFamily,
    expected_version: int,
    approved_from: dt.date | None,
    approved_until: dt.date | None,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> FosterFamily:
    """The assessment ends with an approval for a period (the Ministry's decision, recorded)."""
    _require_change(actor)
    _check_period(approved_from, approved_until)
    assert approved_from is not None and approved_until is not None  # checked above
    with transaction.atomic():
        current = _locked(family, expected_version)
        if not MACHINE.can_transition(current.status, F.APPROVED) or not MACHINE.needs(current.status, F.APPROVED)["dates"]:
            raise TransitionNotAllowed(current.status, F.APPROVED)
        approval = FosterApproval.objects.create(
            family=current,
            kind=ApprovalKind.APPROVAL,
            from_on=approved_from,
            until_on=approved_until,
            decided_by=actor,
            note=(note or "").strip(),
        )
        old = current.status
        current.status, current.approved_from, current.approved_until = F.APPROVED, approved_from, approved_until
        _save(current, ["status", "approved_from", "approved_until"])
        _record(
            actor=actor,
            family=current,
            kind=FosterEventKind.APPROVED,
            action=AuditAction.TRANSITION,
            fields=["status", "approved_from", "approved_until"],
            http_request=http_request,
            data={"from": old, "to": F.APPROVED, "approval": approval.pk, "until": approved_until.isoformat()},
            reason=approval.note,
        )
    return current


def family_renew_approval(
    *,
    actor: Any,
    family: FosterFamily,
    expected_version: int,
    approved_until: dt.date | None,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> FosterFamily:
    """A renewal starts the day after the current period ends and moves its end."""
    _require_change(actor)
    with transaction.atomic():
        current = _locked(family, expected_version)
        if current.status not in RENEWABLE or current.approved_until is None:
            raise TransitionNotAllowed(current.status, "renewal")
        start = current.approved_until + dt.timedelta(days=1)
        if approved_until is None:
            raise ValidationError({"approved_until": _("Enter the date the renewed approval ends.")})
        if approved_until < start:
            raise ValidationError({"approved_until": _("The renewed approval must end after the current one.")})
        approval = FosterApproval.objects.create(
            family=current,
            kind=ApprovalKind.RENEWAL,
            from_on=start,
            until_on=approved_until,
            decided_by=actor,
            note=(note or "").strip(),
        )
        current.approved_until = approved_until
        _save(current, ["approved_until"])
        _record(
            actor=actor,
            family=current,
            kind=FosterEventKind.RENEWED,
            action=AuditAction.UPDATE,
            fields=["approved_until"],
            http_request=http_request,
            data={"approval": approval.pk, "from_on": start.isoformat(), "until": approved_until.isoformat()},
            reason=approval.note,
        )
    return current


# Support service, household and training -------------------------------------------------------


def family_set_support_service(
    *,
    actor: Any,
    family: FosterFamily,
    expected_version: int,
    service: Service | None,
    http_request: HttpRequest | None = None,
) -> FosterFamily:
    _require_change(actor)
    _require_editable(family)
    if service is not None and service.pack != family.pack:
        raise ValidationError({"service": _("Choose a service of the directory.")})
    with transaction.atomic():
        current = _locked(family, expected_version)
        current.support_service = service
        _save(current, ["support_service"])
        _record(
            actor=actor,
            family=current,
            kind=FosterEventKind.SUPPORT,
            action=AuditAction.UPDATE,
            fields=["support_service"],
            http_request=http_request,
            data={"service": service.code if service else ""},
        )
    return current


def member_add(
    *,
    actor: Any,
    family: FosterFamily,
    name: str,
    role: str,
    birth_year: int | None,
    lives_in_household: bool,
    http_request: HttpRequest | None = None,
) -> FosterHouseholdMember:
    _require_change(actor)
    _require_editable(family)
    year = timezone.localdate().year
    if birth_year is not None and not year - 120 <= birth_year <= year:
        raise ValidationError(
            {"birth_year": _("Enter a year of birth from %(first)d to %(last)d.") % {"first": year - 120, "last": year}}
        )
    with transaction.atomic():
        member = FosterHouseholdMember(
            family=family, name=name.strip(), role=role, birth_year=birth_year, lives_in_household=lives_in_household
        )
        member.full_clean()
        member.save()
        _record(
            actor=actor,
            family=family,
            kind=FosterEventKind.MEMBER,
            action=AuditAction.CREATE,
            fields=["name", "role", "birth_year", "lives_in_household"],
            http_request=http_request,
            data={"added": member.pk, "role": role},
            obj=member,
        )
    return member


def member_remove(
    *, actor: Any, family: FosterFamily, member: FosterHouseholdMember, reason: str, http_request: HttpRequest | None = None
) -> None:
    _require_change(actor)
    _require_editable(family)
    if member.family_id != family.pk:
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        role, pk = member.role, member.pk
        member.delete()
        _record(
            actor=actor,
            family=family,
            kind=FosterEventKind.MEMBER,
            action=AuditAction.UPDATE,
            fields=["members"],
            http_request=http_request,
            data={"removed": pk, "role": role},
            reason=reason.strip(),
        )


def training_add(
    *,
    actor: Any,
    family: FosterFamily,
    title: str,
    on: dt.date,
    hours: Decimal,
    provider: str = "",
    http_request: HttpRequest | None = None,
) -> FosterTraining:
    _require_change(actor)
    _require_editable(family)
    errors: dict[str, str] = {}
    if on > timezone.localdate():
        errors["on"] = _("Record a training that has taken place: the date must be today or in the past.")
    if hours <= 0:
        errors["hours"] = _("Enter the number of hours, more than 0.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        training = FosterTraining(
            family=family, title=title.strip(), on=on, hours=hours, provider=provider.strip(), created_by=actor
        )
        training.full_clean()
        training.save()
        _record(
            actor=actor,
            family=family,
            kind=FosterEventKind.TRAINING,
            action=AuditAction.CREATE,
            fields=["title", "on", "hours", "provider"],
            http_request=http_request,
            data={"training": training.pk, "on": on.isoformat(), "hours": str(hours)},
            obj=training,
        )
    return training
