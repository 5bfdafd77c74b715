"""Reads of requests for help. Personal data is reached only through these functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.dates import years_before
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.text import fold

from .models import AgeBand, HelpRequest

INBOX_SORTS: dict[str, list[SortKey]] = {
    "newest": [SortKey("received_at", True), SortKey("id", True)],
    "oldest": [SortKey("received_at", False), SortKey("id", False)],
    "priority": [SortKey("priority", False), SortKey("received_at", False), SortKey("id", False)],
}
DEFAULT_SORT = "newest"
INBOX_ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "priority",
    "channel",
    "received_at",
    "child_first_names",
    "child_surname",
    "child_birth_date",
    "child_commune__name",
    "office__name",
    "office__locality",
    "proposed_office__name",
    "proposed_office__locality",
)
PAGE_SIZE = 25


def get_request_for(user: Any, pk: int, *, http_request: HttpRequest | None = None) -> HelpRequest:
    """The request if ``user`` may see it; 404 both when it is missing and when it is not theirs."""
    help_request = (
        HelpRequest.objects.visible_to(user)
        .select_related("child_commune", "proposed_office", "office", "coordinator", "created_by")
        .filter(pk=pk)
        .first()
    )
    if help_request is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=help_request, request=http_request)
    return help_request


@dataclass
class InboxFilters:
    statuses: list[str]
    priorities: list[int]
    channels: list[str]
    office_id: int | None = None
    age_band: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    query: str = ""


def _birth_date_range(band: str, today: date) -> tuple[date, date]:
    """Birth dates of children whose age today lies in the band."""
    low, high = AgeBand(band).bounds()
    latest = years_before(today, low)
    earliest = years_before(today, high + 1)
    return earliest, latest


def inbox_queryset(user: Any, filters: InboxFilters, today: date) -> Any:
    qs = HelpRequest.objects.visible_to(user)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.priorities:
        qs = qs.filter(priority__in=filters.priorities)
    if filters.channels:
        qs = qs.filter(channel__in=filters.channels)
    if filters.office_id:
        # The office a request was assigned to or, before assignment, the one proposed for it.
        qs = qs.filter(Q(office_id=filters.office_id) | Q(office__isnull=True, proposed_office_id=filters.office_id))
    if filters.age_band:
        earliest, latest = _birth_date_range(filters.age_band, today)
        qs = qs.filter(child_birth_date__gt=earliest, child_birth_date__lte=latest)
    if filters.received_from:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    if filters.query:
        from .reference import normalise_reference

        reference = normalise_reference(filters.query)
        if reference:
            qs = qs.filter(reference=reference)
        else:
            for word in fold(filters.query).split():
                qs = qs.filter(Q(child_surname_folded__contains=word) | Q(child_first_names_folded__contains=word))
    return qs


def inbox_page(
    user: Any, filters: InboxFilters, *, sort: str, cursor: str | None, today: date, size: int = PAGE_SIZE
) -> Page[HelpRequest]:
    keys = INBOX_SORTS.get(sort) or INBOX_SORTS[DEFAULT_SORT]
    qs = (
        inbox_queryset(user, filters, today)
        .select_related("office", "proposed_office", "child_commune")
        # Only what a row shows: the long texts (the situation, the contact details) stay in the database.
        .only(*INBOX_ROW_FIELDS)
    )
    return keyset_page(qs, keys, cursor, size)


def possible_duplicates(help_request: HelpRequest, user: Any) -> list[HelpRequest]:
    """Other requests about the same person: same birth date and the same names once accents
    and case are ignored (surname equal, and one first name in common)."""
    candidates = (
        HelpRequest.objects.visible_to(user)
        .filter(child_birth_date=help_request.child_birth_date, child_surname_folded=help_request.child_surname_folded)
        .exclude(pk=help_request.pk)
        .select_related("office")
        .order_by("-received_at", "-id")
    )
    first_names = set(help_request.child_first_names_folded.split())
    return [c for c in candidates[:50] if first_names & set(c.child_first_names_folded.split())]
