"""Reading case files: who may see which, and the one access function every view goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest

from openaef.accounts.models import Membership, Role, User
from openaef.accounts.selectors import coordinators_of
from openaef.audit.services import AuditAction, audit_record
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.text import fold
from openaef.directory.models import Office
from openaef.intake.models import HelpRequest
from openaef.intake.states import RequestStatus
from openaef.people.models import Person

from .models import CaseEvent, CaseFile, CaseParticipant
from .reference import normalise_case_reference
from .states import OPEN_STATES, CaseStatus

# The subject type under which emergency accesses to a case are recorded.
EMERGENCY_SUBJECT = "case"


def _offices_where(user: Any, *roles: str) -> QuerySet[Any]:
    return user.memberships.filter(role__in=roles, office__isnull=False).values("office")


def visible_cases(user: Any) -> QuerySet[CaseFile]:
    """Cases ``user`` may read in the ordinary course of their work (emergency access aside).

    DESIGN.md: a coordinator sees the cases assigned to them and, read-only, their office's;
    the head of an office sees the office's cases. Nobody else sees case content by default.
    An archived file (rights.retention) has left the active base: nobody sees it here.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CaseFile.objects.none()
    if not user.has_role(Role.COORDINATOR, Role.OFFICE_HEAD):
        return CaseFile.objects.none()
    return CaseFile.objects.filter(
        Q(coordinator=user) | Q(office__in=_offices_where(user, Role.COORDINATOR, Role.OFFICE_HEAD)), archived_at__isnull=True
    )


def can_edit_case(user: Any, case: CaseFile) -> bool:
    """The assigned coordinator and the head of the case's office may change it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if case.coordinator_id == user.pk and user.has_role(Role.COORDINATOR):
        return True
    return user.memberships.filter(role=Role.OFFICE_HEAD, office=case.office_id).exists()


@dataclass(frozen=True)
class CaseAccess:
    case: CaseFile
    can_edit: bool
    # Read-only access granted by a written reason (break the glass), shown to the DPO.
    emergency: bool = False


def get_case_for(user: Any, pk: int, *, http_request: HttpRequest | None = None, audit: bool = True) -> CaseAccess:
    """The case if ``user`` may see it, and whether they may change it.

    Raises Http404 both when the case does not exist and when it is not theirs to see (the
    refusal is logged). Every successful read is written to the audit log, naming the child.
    """
    from openaef.audit.selectors import emergency_access_active
    from openaef.audit.services import audit_refused

    # Not even an emergency access reaches an archived file: it is out of the active base.
    queryset = CaseFile.objects.select_related("child", "office", "coordinator", "request").filter(archived_at__isnull=True)
    case = visible_cases(user).select_related("child", "office", "coordinator", "request").filter(pk=pk).first()
    emergency = False
    if case is None:
        if emergency_access_active(user, EMERGENCY_SUBJECT, pk):
            case = queryset.filter(pk=pk).first()
            emergency = case is not None
        if case is None:
            audit_refused(actor=user, object_type="cases.casefile", object_id=str(pk), request=http_request)
            raise Http404
    access = CaseAccess(case=case, can_edit=not emergency and can_edit_case(user, case), emergency=emergency)
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            obj=case,
            request=http_request,
            persons=[case.child_id],
            emergency=emergency,
        )
    return access


# Who may do what beyond reading: used by the services and by the pages to show only the
# actions a user may take.


def is_coordinator_of(user: Any, office: Office | int | None) -> bool:
    if user is None or office is None:
        return False
    office_id = office.pk if isinstance(office, Office) else office
    return Membership.objects.filter(user=user, role=Role.COORDINATOR, office_id=office_id, user__is_active=True).exists()


def is_head_of(user: Any, office_id: int | None) -> bool:
    return (
        office_id is not None
        and bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and Membership.objects.filter(user=user, role=Role.OFFICE_HEAD, office_id=office_id).exists()
    )


def may_open_case_in(user: Any, office: Office) -> bool:
    """A coordinator or the head of ``office`` may open a case there."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_coordinator_of(user, office) or is_head_of(user, office.pk)


def case_of_request(help_request: HelpRequest) -> CaseFile | None:
    """The case file a request became (its reference and id only), if any. The request itself
    was read through its access function: a reference says no more than the request page does."""
    return CaseFile.objects.filter(request=help_request).only("pk", "reference").first()


def may_open_from_request(user: Any, help_request: HelpRequest) -> bool:
    """The coordinator the request was assigned to, or the head of its office."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if help_request.coordinator_id == user.pk and user.has_role(Role.COORDINATOR):
        return True
    return is_head_of(user, help_request.office_id)


def offices_of(user: Any, *roles: str) -> list[Office]:
    """The offices where ``user`` holds one of ``roles`` (all case roles when none is given)."""
    roles = roles or (Role.COORDINATOR, Role.OFFICE_HEAD)
    return list(
        Office.objects.filter(memberships__user=user, memberships__role__in=roles).distinct().order_by("locality", "code")
    )


# Lists. Every list is a keyset page over an index (cases/models.py, migration 0003): the cost
# of a page does not depend on how many cases there are, nor on how far one has paged.

PAGE_SIZE = 25
CASE_SORT = [SortKey("opened_on", True), SortKey("id", True)]
CASE_ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "framework",
    "opened_on",
    "child__first_names",
    "child__surname",
    "child__birth_date",
    "office__name",
    "office__locality",
    "coordinator__full_name",
    "coordinator__email",
)


def _rows(qs: QuerySet[CaseFile]) -> QuerySet[CaseFile]:
    # Only what a row shows: the situation and the other long texts stay in the database.
    return qs.select_related("child", "office", "coordinator").only(*CASE_ROW_FIELDS)


@dataclass
class CaseFilters:
    """An empty status list means the cases someone is working on (OPEN_STATES)."""

    statuses: list[str] = field(default_factory=list)
    coordinator_id: int | None = None
    framework: str = ""
    unassigned: bool = False


def _filtered(qs: QuerySet[CaseFile], filters: CaseFilters) -> QuerySet[CaseFile]:
    qs = qs.filter(status__in=filters.statuses or OPEN_STATES)
    if filters.unassigned:
        qs = qs.filter(coordinator__isnull=True)
    elif filters.coordinator_id:
        qs = qs.filter(coordinator_id=filters.coordinator_id)
    if filters.framework:
        qs = qs.filter(framework=filters.framework)
    return qs


def my_cases_page(user: Any, filters: CaseFilters, *, cursor: str | None, size: int = PAGE_SIZE) -> Page[CaseFile]:
    """The cases assigned to ``user``, newest first; by default those still being worked on."""
    # A case assigned to its coordinator is always visible to them (visible_cases' first branch):
    # filtering on the assignment alone, without visible_cases' OR over the offices, lets the
    # planner read the (coordinator, status, opened_on) index instead of the office's cases.
    mine = (
        CaseFile.objects.none()
        if visible_cases(user).query.is_empty()
        else CaseFile.objects.filter(coordinator=user, archived_at__isnull=True)
    )
    qs = _filtered(mine, CaseFilters(statuses=filters.statuses, framework=filters.framework))
    return keyset_page(_rows(qs), CASE_SORT, cursor, size)


def office_cases_page(
    user: Any, office: Office, filters: CaseFilters, *, cursor: str | None, size: int = PAGE_SIZE
) -> Page[CaseFile]:
    """One office's cases as its head and its coordinators see them (read-only for the latter)."""
    qs = _filtered(visible_cases(user).filter(office=office), filters)
    return keyset_page(_rows(qs), CASE_SORT, cursor, size)


@dataclass
class WorkloadRow:
    coordinator: User | None
    counts: dict[str, int]
    still_member: bool = True

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def office_workload(office: Office) -> list[WorkloadRow]:
    """Open cases per coordinator of ``office``, by status, and the cases nobody holds yet.

    Two queries whatever the size of the office: its coordinators, and one grouped count.
    """
    coordinators = coordinators_of(office)
    counts: dict[int | None, dict[str, int]] = {}
    # COUNT(*) rather than COUNT(id): every column the query reads is in the case_office_load
    # index, so PostgreSQL counts from the index alone (an index-only scan) instead of visiting
    # one table page per case (11,000 pages for an office of 15,000 open cases).
    grouped = (
        CaseFile.objects.filter(office=office, status__in=OPEN_STATES)
        .values_list("coordinator_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for coordinator_id, status, n in grouped:
        counts.setdefault(coordinator_id, {})[status] = n
    rows = [WorkloadRow(coordinator=c, counts=_by_status(counts.pop(c.pk, {}))) for c in coordinators]
    unassigned = counts.pop(None, None)
    if counts:
        # Cases still held by someone who left the office or whose account was closed: shown, to be reassigned.
        for former in User.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by("full_name", "id"):
            rows.append(WorkloadRow(coordinator=former, counts=_by_status(counts[former.pk]), still_member=False))
    if unassigned:
        rows.append(WorkloadRow(coordinator=None, counts=_by_status(unassigned)))
    return rows


# The open statuses in the order of CaseStatus (the workload table's columns).
_OPEN_IN_ORDER = tuple(status for status in CaseStatus.values if status in OPEN_STATES)


def _by_status(counts: dict[str, int]) -> dict[str, int]:
    return {status: counts.get(status, 0) for status in _OPEN_IN_ORDER}


@dataclass
class CaseSearch:
    """What was typed: a name (the child's or a participant's), a reference, a date of birth."""

    name: str = ""
    reference: str = ""
    birth_date: date | None = None

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.reference.strip() or self.birth_date)


def _persons_matching(search: CaseSearch) -> QuerySet[Person] | None:
    condition = Q()
    words = fold(search.name).split()
    for word in words:
        condition &= Q(surname_folded__contains=word) | Q(first_names_folded__contains=word)
    if search.birth_date:
        condition &= Q(birth_date=search.birth_date)
    if not words and not search.birth_date:
        return None
    return Person.objects.filter(condition)


def case_search_page(user: Any, search: CaseSearch, *, cursor: str | None, size: int = PAGE_SIZE) -> Page[CaseFile]:
    """Cases ``user`` may see whose reference is the one typed, or in which a person with the
    typed names (accents and case ignored, every word found) and date of birth takes part."""
    qs = visible_cases(user)
    if search.reference.strip():
        qs = qs.filter(reference=normalise_case_reference(search.reference) or "-")
    persons = _persons_matching(search)
    if persons is not None:
        qs = qs.filter(pk__in=CaseParticipant.objects.filter(person__in=persons.values("pk")).values("case_id"))
    if search.is_empty():
        qs = qs.none()
    return keyset_page(_rows(qs), CASE_SORT, cursor, size)


def requests_awaiting_case(user: Any, *, office: Office | None = None, limit: int = 20) -> list[HelpRequest]:
    """Accepted requests with no case file yet: the coordinator's own, or an office's for its head."""
    qs = HelpRequest.objects.filter(status=RequestStatus.ACCEPTED, case_file__isnull=True)
    if office is not None:
        if not is_head_of(user, office.pk):
            return []
        qs = qs.filter(office=office)
    else:
        qs = qs.filter(coordinator=user)
    fields = (
        "pk",
        "reference",
        "received_at",
        "child_first_names",
        "child_surname",
        "child_birth_date",
        "coordinator__full_name",
    )
    return list(qs.select_related("coordinator").only(*fields).order_by("received_at", "id")[:limit])


def get_request_to_open_for(user: Any, pk: int, *, http_request: HttpRequest | None = None) -> HelpRequest:
    """An accepted request ``user`` may turn into a case file; 404 for missing and forbidden alike."""
    from openaef.audit.services import audit_refused

    help_request = HelpRequest.objects.select_related("child_commune", "office", "coordinator", "case_file").filter(pk=pk).first()
    if help_request is None or not may_open_from_request(user, help_request):
        audit_refused(actor=user, object_type="intake.helprequest", object_id=str(pk), request=http_request)
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=help_request, request=http_request)
    return help_request


def case_participants(case: CaseFile) -> list[CaseParticipant]:
    return list(case.participants.select_related("person").order_by("position", "id"))


TIMELINE_SIZE = 100


def case_timeline(case: CaseFile, *, size: int = TIMELINE_SIZE) -> list[CaseEvent]:
    """The most recent events, newest first (an old case's whole history would make a slow page)."""
    return list(case.events.select_related("actor").order_by("-at", "-id")[:size])


def case_id_for_reference(reference: str) -> int | None:
    """Only for the emergency access page, once the reason is written: never shown to anyone
    who may not see the case, and never used to say whether a reference exists."""
    normalised = normalise_case_reference(reference)
    if normalised is None:
        return None
    # An archived file has left the active base: no emergency access reaches it.
    return CaseFile.objects.filter(reference=normalised, archived_at__isnull=True).values_list("pk", flat=True).first()
