"""Reads of the audit log and of emergency accesses (the data protection officer's pages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from openaef.core.pagination import Page, SortKey, keyset_page

from .models import AuditEvent, AuditEventPerson, EmergencyAccess

LOG_PAGE_SIZE = 50
LOG_KEYS = [SortKey("id", descending=True)]
EMERGENCY_PAGE_SIZE = 25
EMERGENCY_KEYS = [SortKey("pending", descending=False), SortKey("started_at", True), SortKey("id", True)]


def emergency_access_current(
    user: Any, subject_type: str, subject_id: int, *, now: dt.datetime | None = None
) -> EmergencyAccess | None:
    """The emergency access ``user`` holds on this record right now, if any (its reason goes
    into the audit entries of what they read under it)."""
    if not getattr(user, "is_authenticated", False):
        return None
    moment = now or timezone.now()
    return (
        EmergencyAccess.objects.filter(
            user=user, subject_type=subject_type, subject_id=subject_id, started_at__lte=moment, expires_at__gt=moment
        )
        .order_by("-expires_at", "-id")
        .first()
    )


def emergency_access_active(user: Any, subject_type: str, subject_id: int, *, now: dt.datetime | None = None) -> bool:
    return emergency_access_current(user, subject_type, subject_id, now=now) is not None


@dataclass(frozen=True)
class LogFilters:
    person_id: int | None = None
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def any(self) -> bool:
        return any([self.person_id, self.user_id, self.action, self.object_type, self.object_id, self.date_from, self.date_to])


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def log_queryset(filters: LogFilters) -> QuerySet[AuditEvent]:
    """The entries matching ``filters``."""
    qs = AuditEvent.objects.all()
    if filters.person_id is not None:
        qs = qs.filter(person_links__person_id=filters.person_id)
    if filters.user_id is not None:
        qs = qs.filter(actor_id=filters.user_id)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return qs


def _with_details(qs: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    persons = Prefetch("person_links", queryset=AuditEventPerson.objects.order_by("person_id"))
    return qs.select_related("actor").prefetch_related(persons)


def log_page(filters: LogFilters, *, cursor: str | None, size: int = LOG_PAGE_SIZE) -> Page[AuditEvent]:
    """One page of matching entries, newest first (id order is the order they were written)."""
    return keyset_page(_with_details(log_queryset(filters)), LOG_KEYS, cursor, size)


def log_rows(filters: LogFilters) -> Iterator[AuditEvent]:
    """Every matching entry, newest first, streamed in chunks (for the CSV export)."""
    return _with_details(log_queryset(filters).order_by("-id")).iterator(chunk_size=2000)


def emergency_access_page(*, cursor: str | None, size: int = EMERGENCY_PAGE_SIZE) -> Page[EmergencyAccess]:
    """Every emergency access, those not yet reviewed first, then newest first."""
    qs = EmergencyAccess.objects.select_related("user", "reviewed_by").annotate(
        pending=Case(When(reviewed_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    return keyset_page(qs, EMERGENCY_KEYS, cursor, size)


def emergency_access_unreviewed_count() -> int:
    return EmergencyAccess.objects.filter(reviewed_at__isnull=True).count()


def get_emergency_access(pk: int) -> EmergencyAccess | None:
    return EmergencyAccess.objects.select_related("user", "reviewed_by").filter(pk=pk).first()


def log_users() -> list[tuple[int, str]]:
    """Every account, for the log's user filter: chosen by id, so that no e-mail address goes
    into the page's address (addresses end up in server logs and browser histories)."""
    users = get_user_model().objects.order_by("full_name", "email").values_list("pk", "full_name", "email")
    return [(pk, f"{name} ({email})" if name else email) for pk, name, email in users]
