"""Reads of 116 000 calls: the console's list, one call, the figures for a period, and the
missing-child follow-ups (their list, one follow-up, those linked to a case)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractHour
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile

from .models import Call, FollowUpEntry, FollowUpStatus, MissingChildFollowUp

LIST_FIELDS = ("id", "received_at", "responder", "caller_type", "language", "category", "urgency", "status", "outcome")


def calls_visible_to(user: Any) -> QuerySet[Call]:
    """Every call, for those who work the line; none for anyone else."""
    if not user.has_perm("hotline.view_calls"):
        return Call.objects.none()
    return Call.objects.all()


def call_list(user: Any, *, category: str = "", urgency: str = "") -> QuerySet[Call]:
    qs = calls_visible_to(user).only(*LIST_FIELDS)
    if category:
        qs = qs.filter(category=category)
    if urgency:
        qs = qs.filter(urgency=urgency)
    return qs


def get_call_for(user: Any, pk: int, *, http_request: HttpRequest | None = None, audit: bool = True) -> Call:
    """The call with its protocol steps, or 404 for missing and forbidden alike; a read is logged."""
    call = (
        calls_visible_to(user)
        .select_related("recorded_by", "handed_over_by")
        .prefetch_related("protocol_steps__done_by")
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404
    if audit:
        audit_record(actor=user, action=AuditAction.READ, obj=call, request=http_request)
    return call


def _period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def call_figures(user: Any, start: dt.date, end: dt.date) -> dict[str, dict[Any, int]]:
    """Calls per category, per hour of the day (local time) and per outcome, from ``start`` to
    ``end`` inclusive: one aggregate query each, no personal data."""
    since, until = _period(start, end)
    qs = calls_visible_to(user).filter(received_at__gte=since, received_at__lt=until).order_by()

    def count_by(field: str, **annotations: Any) -> dict[Any, int]:
        rows = qs.annotate(**annotations).values(field).annotate(n=Count("id")).order_by(field)
        return {row[field]: row["n"] for row in rows}

    return {
        "category": count_by("category"),
        "hour": count_by("hour", hour=ExtractHour("received_at", tzinfo=timezone.get_current_timezone())),
        "outcome": count_by("outcome"),
    }


def get_follow_up_for(user: Any, pk: int, *, http_request: HttpRequest | None = None, audit: bool = True) -> MissingChildFollowUp:
    """The follow-up with its calls, entries and case reference, or 404 for missing and forbidden alike."""
    if not user.has_perm("hotline.view_calls"):
        raise Http404
    follow_up = (
        MissingChildFollowUp.objects.select_related("opened_by", "case")
        .prefetch_related(
            Prefetch("calls", queryset=Call.objects.only(*LIST_FIELDS, "follow_up_id").order_by("received_at", "id")),
            Prefetch("entries", queryset=FollowUpEntry.objects.select_related("by")),
        )
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404
    if audit:
        audit_record(actor=user, action=AuditAction.READ, obj=follow_up, request=http_request)
    return follow_up


# Missing-child follow-ups ----------------------------------------------------------------------


def follow_up_list(user: Any, *, status: str = "") -> QuerySet[MissingChildFollowUp]:
    """Follow-ups for the list, open ones first, each with its number of calls, the case
    reference when linked and the date of its last entry; counted by subqueries so a page
    costs one query whatever its size."""
    if not user.has_perm("hotline.view_calls"):
        return MissingChildFollowUp.objects.none()
    calls = Call.objects.filter(follow_up=OuterRef("pk")).order_by().values("follow_up").annotate(n=Count("id")).values("n")
    last_entry = FollowUpEntry.objects.filter(follow_up=OuterRef("pk")).order_by("-at").values("at")[:1]
    qs = (
        MissingChildFollowUp.objects.select_related("case")
        .only("id", "status", "opened_at", "closed_at", "case__id", "case__reference")
        .annotate(
            open_rank=DbCase(When(status=FollowUpStatus.OPEN, then=Value(0)), default=Value(1)),
            calls_count=Coalesce(Subquery(calls, output_field=IntegerField()), 0),
            last_entry_at=Subquery(last_entry),
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs


@dataclass(frozen=True)
class CaseFollowUp:
    """What the case page shows of a follow-up: that it exists and its status. ``url`` is set
    only for those who work the line: a coordinator sees no call."""

    pk: int
    status: str
    status_label: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    url: str


def follow_ups_for_case(user: Any, case: CaseFile) -> list[CaseFollowUp]:
    """The follow-ups linked to ``case`` that ``user`` may know of: every one for the 116 000's
    agents (with a link to it), and for those who may read the case (its coordinator, the
    office, an emergency access) that one exists and its status; nothing for anyone else."""
    from openaef.audit.selectors import emergency_access_active
    from openaef.cases.selectors import EMERGENCY_SUBJECT, visible_cases

    works_the_line = user.has_perm("hotline.view_calls")
    if not works_the_line and not (
        visible_cases(user).filter(pk=case.pk).exists() or emergency_access_active(user, EMERGENCY_SUBJECT, case.pk)
    ):
        return []
    rows = MissingChildFollowUp.objects.filter(case=case).only("id", "status", "opened_at", "closed_at")
    return [
        CaseFollowUp(
            pk=f.pk,
            status=f.status,
            status_label=str(f.get_status_display()),
            opened_at=f.opened_at,
            closed_at=f.closed_at,
            url=reverse("backoffice:hotline_follow_up", args=[f.pk]) if works_the_line else "",
        )
        for f in rows
    ]
