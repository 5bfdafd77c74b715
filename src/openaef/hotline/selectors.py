"""Reads of 116 000 calls: the console's list, one call, the figures for a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractHour
from django.http import Http404, HttpRequest
from django.utils import timezone

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record

from .models import Call, FollowUpEntry, MissingChildFollowUp

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
