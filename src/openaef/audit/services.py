"""Writes to the audit log and emergency accesses: each in one transaction, each recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import compute_hash, locked_head, normalise_ip
from .models import AuditAction, AuditEvent, AuditEventPerson, EmergencyAccess
from .subjects import emergency_subject

REASON_MIN_LENGTH = 20


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    request: HttpRequest | None = None,
    reason: str = "",
    persons: Iterable[int] = (),
    emergency: bool = False,
) -> AuditEvent:
    """Appends one entry to the chained log.

    Two queries (three with ``persons``): the head, read under the append lock, and the insert.
    Inside a caller's transaction the lock is held until that transaction ends, so call this
    last in a service: other appends wait for it.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    person_ids = sorted({int(p) for p in persons})
    event = AuditEvent(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        fields=sorted(set(fields)),
        ip_address=normalise_ip(request.META.get("REMOTE_ADDR")) if request is not None else None,
        reason=reason,
        emergency=emergency,
    )
    # No savepoint inside a caller's transaction: the append must commit or roll back with it.
    with transaction.atomic(savepoint=False):
        sequence, previous = locked_head()
        event.sequence = sequence + 1
        event.prev_hash = previous
        # The time is taken under the lock, so that times never go backwards along the chain.
        event.at = timezone.now()
        event.hash = compute_hash(event, person_ids)
        event.save(force_insert=True)
        if person_ids:
            AuditEventPerson.objects.bulk_create([AuditEventPerson(event=event, person_id=p) for p in person_ids])
    return event


def audit_refused(*, actor: Any, object_type: str, object_id: Any, request: HttpRequest | None = None) -> AuditEvent:
    """Records that ``actor`` asked for a record they may not see (an access function that
    answers "not found" for forbidden calls this before raising Http404)."""
    return audit_record(
        actor=actor, action=AuditAction.ACCESS_REFUSED, object_type=object_type, object_id=str(object_id), request=request
    )


def emergency_duration() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "OPENAEF_EMERGENCY_ACCESS_MINUTES", 60)))


def emergency_access_open(
    *,
    actor: Any,
    subject_type: str,
    subject_id: int,
    reason: str,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> EmergencyAccess:
    """Grants ``actor`` read access to one record for a limited time, for a written reason.

    The grant is logged as an emergency entry and every data protection officer is told by
    e-mail (no personal data in it: a link to the review page behind the login).
    """
    from .tasks import notify_emergency_access

    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": _("Explain in at least %(count)d characters why you need this access.") % {"count": REASON_MIN_LENGTH}}
        )
    emergency_subject(subject_type)  # an unknown type is a programming error: KeyError
    started = now or timezone.now()
    with transaction.atomic():
        access = EmergencyAccess(
            user=actor,
            subject_type=subject_type,
            subject_id=subject_id,
            reason=reason,
            started_at=started,
            expires_at=started + emergency_duration(),
        )
        access.full_clean()
        access.save()
        audit_record(
            actor=actor,
            action=AuditAction.EMERGENCY_ACCESS,
            object_type=subject_type,
            object_id=str(subject_id),
            request=request,
            reason=reason,
            emergency=True,
        )
        transaction.on_commit(lambda: notify_emergency_access.enqueue(access.pk))
    return access


def emergency_access_review(
    *,
    actor: Any,
    access: EmergencyAccess,
    note: str,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> EmergencyAccess:
    """The data protection officer's review of one emergency access."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what you found.")})
    with transaction.atomic():
        current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if current.reviewed_at is not None:
            raise ValidationError(_("This emergency access was already reviewed."))
        current.reviewed_by = actor
        current.reviewed_at = now or timezone.now()
        current.review_note = note
        current.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        audit_record(
            actor=actor,
            action=AuditAction.REVIEW,
            obj=current,
            object_type="audit.emergencyaccess",
            fields=["reviewed_by", "reviewed_at", "review_note"],
            request=request,
        )
    return current


__all__ = [
    "AuditAction",
    "audit_record",
    "audit_refused",
    "emergency_access_open",
    "emergency_access_review",
]
