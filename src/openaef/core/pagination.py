"""Keyset pagination: pages over large tables cost the same whatever the page number.

The cursor carries the sort values of the last (or first) row shown, never personal data:
dates, ranks and ids only. It is signed so that a tampered cursor is simply ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet

T = TypeVar("T", bound=Model)
_SALT = "openaef.keyset"


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
    return value


def _after(keys: list[SortKey], values: list[Any], reverse: bool) -> Q:
    """Rows strictly after ``values`` in the order ``keys`` (or before, when reverse)."""
    condition = Q()
    for i, key in enumerate(keys):
        descending = key.descending != reverse
        step = Q(**{f"{key.field}__{'lt' if descending else 'gt'}": values[i]})
        for previous, value in zip(keys[:i], values[:i], strict=False):
            step &= Q(**{previous.field: value})
        condition |= step
    return condition


def _order(keys: list[SortKey], reverse: bool) -> list[str]:
    return [("-" if key.descending != reverse else "") + key.field for key in keys]


def _cursor(keys: list[SortKey], row: Model, direction: str) -> str:
    values = [_encode(getattr(row, key.field if "__" not in key.field else key.field.replace("__", "_"))) for key in keys]
    return signing.dumps({"v": values, "d": direction}, salt=_SALT, compress=True)


def keyset_page(queryset: QuerySet[T], keys: list[SortKey], cursor: str | None, size: int) -> Page[T]:
    """One page of ``queryset`` ordered by ``keys`` (the last key must be unique, e.g. id)."""
    direction, values = "next", None
    if cursor:
        try:
            data = signing.loads(cursor, salt=_SALT)
            direction, values = data["d"], [_decode(v) for v in data["v"]]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            direction, values = "next", None
    reverse = direction == "previous"
    qs = queryset
    if values is not None and len(values) == len(keys):
        qs = qs.filter(_after(keys, values, reverse))
    rows = list(qs.order_by(*_order(keys, reverse))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    has_next = more if not reverse else values is not None
    has_previous = (values is not None) if not reverse else more
    return Page(
        items=rows,
        next_cursor=_cursor(keys, rows[-1], "next") if rows and has_next else None,
        previous_cursor=_cursor(keys, rows[0], "previous") if rows and has_previous else None,
    )
