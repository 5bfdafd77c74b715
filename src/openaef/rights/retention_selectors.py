"""Reading retention runs and what they did. A run's lines name records by kind, id and
reference, never by a person's name: the data protection officer reads them without opening
anyone's file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from openaef.core.pagination import Page, SortKey, keyset_page

from .models import RetentionAction, RetentionRun

RUN_KEYS = [SortKey("started_at", descending=True), SortKey("id", descending=True)]
ACTION_KEYS = [SortKey("id", descending=False)]


def _may_read(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.has_perm("rights.view_retention")


def retention_runs_page(user: Any, *, cursor: str | None, size: int = 25) -> Page[RetentionRun]:
    if not _may_read(user):
        return Page(items=[], next_cursor=None, previous_cursor=None)
    qs = RetentionRun.objects.select_related("triggered_by").only(
        "pk", "started_at", "finished_at", "as_of", "dry_run", "error", "summary", "triggered_by__full_name"
    )
    return keyset_page(qs, RUN_KEYS, cursor, size)


def get_retention_run_for(user: Any, pk: int) -> RetentionRun:
    """The run, or Http404 for missing and forbidden alike."""
    run = RetentionRun.objects.select_related("triggered_by").filter(pk=pk).first() if _may_read(user) else None
    if run is None:
        raise Http404
    return run


def _actions(run: RetentionRun, kind: str = "") -> QuerySet[RetentionAction]:
    qs = RetentionAction.objects.filter(run=run)
    return qs.filter(kind=kind) if kind else qs


def run_actions_page(run: RetentionRun, *, kind: str = "", cursor: str | None, size: int = 50) -> Page[RetentionAction]:
    return keyset_page(_actions(run, kind), ACTION_KEYS, cursor, size)


def run_actions_rows(run: RetentionRun) -> Iterator[tuple[Any, ...]]:
    """Every line of a run, streamed in chunks (a run may have touched 100,000 records)."""
    return (
        _actions(run)
        .order_by("id")
        .values_list("kind", "object_id", "reference", "outcome", "last_contact", "rule", "at")
        .iterator(chunk_size=2000)
    )
