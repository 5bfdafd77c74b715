"""Reads about accounts and their memberships."""

from __future__ import annotations

from typing import Any

from openaef.directory.models import Office

from .models import Role, User


def coordinators_of(office: Office) -> list[Any]:
    """The office's active coordinators, by name: what a choice list shows and nothing else
    (an office of 200 coordinators built 400 full objects per page before)."""
    return list(
        User.objects.filter(memberships__office=office, memberships__role=Role.COORDINATOR, is_active=True)
        .only("id", "full_name", "email", "is_active")
        .distinct()
        .order_by("full_name", "id")
    )


def coordinator_choices_of(office: Office) -> list[tuple[int, str]]:
    """The office's active coordinators as (id, name) pairs, by name, for a choice list:
    plain tuples from one query, no model objects."""
    rows = (
        User.objects.filter(memberships__office=office, memberships__role=Role.COORDINATOR, is_active=True)
        .values_list("id", "full_name", "email")
        .distinct()
        .order_by("full_name", "id")
    )
    return [(pk, full_name or email) for pk, full_name, email in rows]
