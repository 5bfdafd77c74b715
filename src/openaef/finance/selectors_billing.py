"""What finance and providers read of providers' billing: tariffs, payee accounts, statements.

A statement is money: its lines name a measure by the case's reference and the child's
initials, never more (finance sees money, not the child's story; the provider knows the child
already). Statements are reached through ``get_statement_for_provider`` (the user's providers
only) or ``get_statement_for_finance``: both answer Http404 for missing and forbidden alike and
log the read, naming the children of the lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record, audit_refused
from openaef.core.pagination import SortKey, keyset_page
from openaef.directory.models import Provider, Service
from openaef.measures.models import Measure
from openaef.measures.selectors_provider import provider_ids_of

from .billing_build import build_statement
from .models import PayeeAccount, Statement, StatementLine, Tariff
from .states import StatementStatus

PAGE_SIZE = 25
# While finance has a statement (or has paid it), the month's activity it was built from is frozen.
LOCKING_STATES = (StatementStatus.SUBMITTED, StatementStatus.VALIDATED, StatementStatus.PAID)


def statement_locks_activity(measure_id: int, month: dt.date) -> bool:
    """True when the month's statement of the measure's provider has been sent (or validated,
    or paid): the activity of that month can no longer change.

    Inside a transaction the statement's row is locked, so that a statement being sent and an
    activity being recorded wait for each other instead of crossing: ``statement_submit``
    locks the same row first and then compares the lines with the activity."""
    provider = Measure.objects.filter(pk=measure_id).values("provider_id")[:1]
    statements = Statement.objects.filter(provider_id=Subquery(provider), month=month.replace(day=1))
    if transaction.get_connection().in_atomic_block:
        statements = statements.select_for_update()
    return any(status in LOCKING_STATES for status in statements.values_list("status", flat=True))


# ---------------------------------------------------------------- providers and their tariffs


@dataclass
class ProviderBilling:
    provider: Provider
    offered: int  # measure types the provider's services offer
    covered: int  # of which with a tariff in force today
    account: PayeeAccount | None

    @property
    def missing(self) -> int:
        return self.offered - self.covered


def provider_billing_page(*, cursor: str | None = None, size: int = 50) -> tuple[Any, list[ProviderBilling]]:
    """Providers in name order with how many of their measure types have a tariff in force
    and whether they have an account to be paid to (three queries)."""
    qs = Provider.objects.filter(pack=settings.OPENAEF_PACK).select_related("payee_account")
    page = keyset_page(qs, [SortKey("name", False), SortKey("id", False)], cursor, size)
    ids = [p.pk for p in page.items]
    offered: dict[int, set[int]] = defaultdict(set)
    through = Service.measure_types.through
    for provider_id, type_id in through.objects.filter(service__provider_id__in=ids).values_list(
        "service__provider_id", "measuretype_id"
    ):
        offered[provider_id].add(type_id)
    priced: dict[int, set[int]] = defaultdict(set)
    today = timezone.localdate()
    for provider_id, type_id in (
        Tariff.objects.filter(provider_id__in=ids, valid_from__lte=today).values_list("provider_id", "measure_type_id").distinct()
    ):
        priced[provider_id].add(type_id)
    rows = [
        ProviderBilling(
            provider=p,
            offered=len(offered[p.pk]),
            covered=len(offered[p.pk] & priced[p.pk]),
            account=getattr(p, "payee_account", None),
        )
        for p in page.items
    ]
    return page, rows


def get_provider(pk: int) -> Provider:
    provider = Provider.objects.filter(pk=pk, pack=settings.OPENAEF_PACK).first()
    if provider is None:
        raise Http404
    return provider


def provider_services_of(provider: Provider) -> list[Service]:
    return list(Service.objects.filter(provider=provider).order_by("code", "id"))


@dataclass
class TariffRow:
    tariff: Tariff
    in_force: bool
    future: bool
    until: dt.date | None  # the day before the next value started
    used: bool


@dataclass
class TariffGroup:
    service: Service | None
    measure_type: Any
    unit: str
    rows: list[TariffRow] = field(default_factory=list)


def tariff_history(provider: Provider, *, today: dt.date | None = None) -> list[TariffGroup]:
    """Every tariff of the provider, grouped by service, measure type and unit, newest first,
    the one in force today marked (one query)."""
    today = today or timezone.localdate()
    used = StatementLine.objects.filter(tariff=OuterRef("pk"))
    tariffs = (
        Tariff.objects.filter(provider=provider)
        .select_related("service", "measure_type")
        .annotate(used=Exists(used))
        .order_by("service_id", "measure_type__position", "measure_type_id", "unit", "-valid_from")
    )
    groups: dict[tuple[int | None, int, str], TariffGroup] = {}
    for tariff in tariffs:
        key = (tariff.service_id, tariff.measure_type_id, tariff.unit)
        group = groups.setdefault(key, TariffGroup(tariff.service, tariff.measure_type, tariff.unit))
        newer = group.rows[-1].tariff if group.rows else None
        in_force = tariff.valid_from <= today and (newer is None or newer.valid_from > today)
        until = newer.valid_from - dt.timedelta(days=1) if newer else None
        group.rows.append(TariffRow(tariff, in_force, tariff.valid_from > today, until, tariff.used))  # type: ignore[attr-defined]
    return list(groups.values())


def get_tariff(pk: int) -> Tariff:
    tariff = Tariff.objects.select_related("provider", "service", "measure_type").filter(pk=pk).first()
    if tariff is None:
        raise Http404
    return tariff


def payee_account_of(provider: Provider) -> PayeeAccount | None:
    return PayeeAccount.objects.filter(provider=provider).first()


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class StatementFilters:
    month: dt.date | None = None
    provider_id: int | None = None
    statuses: tuple[str, ...] = (StatementStatus.SUBMITTED,)


STATEMENT_SORT = [SortKey("month", True), SortKey("id", True)]


def _with_counts(qs: QuerySet[Statement]) -> QuerySet[Statement]:
    return qs.select_related("provider").annotate(
        line_count=Count("lines"), flagged_count=Count("lines", filter=~Q(lines__flags=[]))
    )


def statement_page(filters: StatementFilters, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Any:
    """Finance's list: statements by month (newest first), with their lines and flags counted."""
    qs = Statement.objects.filter(provider__pack=settings.OPENAEF_PACK)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.month:
        qs = qs.filter(month=filters.month)
    if filters.provider_id:
        qs = qs.filter(provider_id=filters.provider_id)
    return keyset_page(_with_counts(qs), STATEMENT_SORT, cursor, size)


def provider_statement_page(user: Any, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Any:
    """A provider's own statements, newest month first."""
    ids = provider_ids_of(user)
    qs = Statement.objects.filter(provider_id__in=ids) if ids else Statement.objects.none()
    return keyset_page(_with_counts(qs), STATEMENT_SORT, cursor, size)


def user_providers(user: Any) -> list[Provider]:
    ids = provider_ids_of(user)
    return list(Provider.objects.filter(pk__in=ids).order_by("name", "id")) if ids else []


@dataclass(frozen=True)
class LineRow:
    line: StatementLine
    reference: str
    initials: str
    measure_type_name: dict[str, str]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class SilentMeasure:
    reference: str
    initials: str
    measure_type_name: dict[str, str]


@dataclass
class StatementView:
    statement: Statement
    lines: list[LineRow]
    silent: list[SilentMeasure]
    child_ids: list[int]

    @property
    def flagged(self) -> list[LineRow]:
        return [row for row in self.lines if row.flags]


def initials(first_names: str, surname: str) -> str:
    parts = [name.strip()[:1].upper() + "." for name in (first_names, surname) if name.strip()]
    return " ".join(parts)


def _statement_lines(statement: Statement) -> list[LineRow]:
    lines = (
        StatementLine.objects.filter(statement=statement)
        .select_related("measure__case__child", "measure__measure_type", "tariff")
        .order_by("measure__case__reference", "measure_id", "unit", "id")
    )
    return [
        LineRow(
            line=line,
            reference=line.measure.case.reference,
            initials=initials(line.measure.case.child.first_names, line.measure.case.child.surname),
            measure_type_name=line.measure.measure_type.name,
            flags=tuple(line.flags or ()),
        )
        for line in lines
    ]


def _silent(statement: Statement) -> tuple[list[SilentMeasure], list[int]]:
    """Measures under way in the month with nothing recorded (only while the statement can
    still change or is being checked: once validated, it is history)."""
    if statement.status in (StatementStatus.VALIDATED, StatementStatus.PAID):
        return [], []
    ids = [m.pk for m in build_statement(statement.provider_id, statement.month).silent]
    if not ids:
        return [], []
    measures = Measure.objects.filter(pk__in=ids).select_related("case__child", "measure_type").order_by("case__reference", "id")
    rows = [
        SilentMeasure(m.case.reference, initials(m.case.child.first_names, m.case.child.surname), m.measure_type.name)
        for m in measures
    ]
    return rows, [m.case.child_id for m in measures]


def statement_view(statement: Statement) -> StatementView:
    lines = _statement_lines(statement)
    silent, silent_children = _silent(statement)
    children = sorted({row.line.measure.case.child_id for row in lines} | set(silent_children))
    return StatementView(statement, lines, silent, children)


def _read(user: Any, qs: QuerySet[Statement], pk: int, http_request: HttpRequest | None) -> StatementView:
    statement = qs.select_related("provider").filter(pk=pk).first()
    if statement is None:
        audit_refused(actor=user, object_type="finance.statement", object_id=str(pk), request=http_request)
        raise Http404
    view = statement_view(statement)
    audit_record(actor=user, action=AuditAction.READ, obj=statement, request=http_request, persons=view.child_ids)
    return view


def get_statement_for_provider(user: Any, pk: int, http_request: HttpRequest | None = None) -> StatementView:
    """One of the user's providers' statements; Http404 for any other (the refusal logged)."""
    ids = provider_ids_of(user)
    qs = Statement.objects.filter(provider_id__in=ids) if ids else Statement.objects.none()
    return _read(user, qs, pk, http_request)


def get_statement_for_finance(user: Any, pk: int, http_request: HttpRequest | None = None) -> StatementView:
    if not user.has_perm("finance.view_finance"):
        raise Http404
    return _read(user, Statement.objects.filter(provider__pack=settings.OPENAEF_PACK), pk, http_request)


def statement_of(user: Any, provider_id: int, month: dt.date) -> Statement | None:
    """The user's provider's statement for a month, if it was prepared."""
    if provider_id not in provider_ids_of(user):
        return None
    return Statement.objects.filter(provider_id=provider_id, month=month.replace(day=1)).first()


def activity_guard(measure: Measure, month: dt.date) -> str:
    """``measures.guards`` activity guard: a month sent to finance is closed to changes."""
    if statement_locks_activity(measure.pk, month):
        return gettext(
            "This month's statement has been sent to finance: its activity can no longer change. "
            "Ask finance to send the statement back to correct it."
        )
    return ""
