"""Reading foster families: the register, one family's page, approvals ending soon, and the
matching suggestions for a child (``foster.matching``).

A family's record names the members of its household (personal data): ``get_family_for``
answers "not found" both for a missing family and for someone who may not see the register,
and writes every read to the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record, audit_refused
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.text import fold
from openaef.directory.models import Language, Service

from .models import FosterApproval, FosterFamily, FosterFamilyEvent, FosterFamilyStatus, FosterTraining
from .parameters import foster_rules

VIEW = "foster.view_family"
PAGE_SIZE = 25
REGISTER_SORT = [SortKey("name_folded", False), SortKey("id", False)]
OBJECT_TYPE = "foster.fosterfamily"


def current_stays_q(today: dt.date, prefix: str = "") -> Q:
    """Stays that hold one of the family's places on ``today``: open ones, or ending later."""
    return Q(**{f"{prefix}until_on__isnull": True}) | Q(**{f"{prefix}until_on__gte": today})


def current_stay_count(family: FosterFamily, today: dt.date) -> int:
    return family.stays.filter(current_stays_q(today)).count()


def with_occupancy(queryset: QuerySet[FosterFamily], today: dt.date) -> QuerySet[FosterFamily]:
    """Each family with ``occupied``: the children staying with it on ``today`` (one query)."""
    return queryset.annotate(occupied=Count("stays", filter=current_stays_q(today, "stays__"), distinct=True))


def visible_families(user: Any) -> QuerySet[FosterFamily]:
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.has_perm(VIEW):
        return FosterFamily.objects.none()
    return FosterFamily.objects.all()


def get_family_for(user: Any, pk: int, *, http_request: HttpRequest | None = None, audit: bool = True) -> FosterFamily:
    """The family if ``user`` may see the register; Http404 otherwise (the refusal is logged)."""
    family = (
        visible_families(user)
        .select_related("commune", "support_service__provider")
        .prefetch_related("languages")
        .filter(pk=pk)
        .first()
    )
    if family is None:
        audit_refused(actor=user, object_type=OBJECT_TYPE, object_id=str(pk), request=http_request)
        raise Http404
    if audit:
        audit_record(
            actor=user, action=AuditAction.READ, obj=family, fields=["members"], request=http_request, object_type=OBJECT_TYPE
        )
    return family


def register_page(
    user: Any,
    *,
    q: str = "",
    statuses: Iterable[str] = (),
    today: dt.date,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
) -> Page[FosterFamily]:
    """Families whose name, reference or locality contains every word of ``q``, in the given
    statuses (all when none), by name; a keyset page, two queries whatever its position."""
    queryset = visible_families(user).select_related("commune")
    for word in fold(q).split():
        queryset = queryset.filter(search_text__contains=word)
    statuses = list(statuses)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    page = keyset_page(with_occupancy(queryset, today), REGISTER_SORT, cursor, size)
    return page


def approvals_ending(user: Any, today: dt.date, days: int | None = None) -> list[FosterFamily]:
    """Approved or suspended families whose approval ends within ``days`` (the pack's) or has
    ended already without a renewal, the soonest first."""
    days = foster_rules().ending_soon_days if days is None else days
    return list(
        visible_families(user)
        .filter(
            status__in=(FosterFamilyStatus.APPROVED, FosterFamilyStatus.SUSPENDED),
            approved_until__lte=today + dt.timedelta(days=days),
        )
        .order_by("approved_until", "id")[:50]
    )


def family_members(family: FosterFamily) -> list[Any]:
    return list(family.members.order_by("-lives_in_household", "birth_year", "id"))


def family_approvals(family: FosterFamily) -> list[FosterApproval]:
    return list(FosterApproval.objects.filter(family=family).select_related("decided_by").order_by("-from_on", "-id"))


def family_trainings(family: FosterFamily) -> list[FosterTraining]:
    return list(FosterTraining.objects.filter(family=family).order_by("-on", "-id"))


def family_events(family: FosterFamily) -> list[FosterFamilyEvent]:
    return list(FosterFamilyEvent.objects.filter(family=family).select_related("actor").order_by("-at", "-id"))


def family_member(family: FosterFamily, member_pk: int) -> Any:
    member = family.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    return member


def support_services(pack: str) -> list[Service]:
    """The services that can follow a family: those offering the pack's foster measure types,
    or every service of the pack when none does."""
    base = Service.objects.for_pack(pack).select_related("provider")
    codes = foster_rules(pack).support_measure_types
    offering = list(base.filter(measure_types__code__in=codes).distinct().order_by("provider__name", "code")) if codes else []
    return offering or list(base.order_by("provider__name", "code"))


def languages() -> list[Language]:
    return list(Language.objects.order_by("code"))


# The matching lives in its own module; it is read through here.
from .matching import Suggestion, suggestions_for  # noqa: E402

__all__ = [
    "Suggestion",
    "approvals_ending",
    "current_stay_count",
    "family_approvals",
    "family_events",
    "family_members",
    "family_trainings",
    "get_family_for",
    "register_page",
    "suggestions_for",
    "support_services",
    "visible_families",
]
