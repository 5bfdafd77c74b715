"""Reading case files: who may see which, and the one access function every view goes through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from openaef.accounts.models import Role
from openaef.audit.services import AuditAction, audit_record

from .models import CaseFile

# The subject type under which emergency accesses to a case are recorded.
EMERGENCY_SUBJECT = "case"


def _offices_where(user: Any, *roles: str) -> QuerySet[Any]:
    return user.memberships.filter(role__in=roles, office__isnull=False).values("office")


def visible_cases(user: Any) -> QuerySet[CaseFile]:
    """Cases ``user`` may read in the ordinary course of their work (emergency access aside).

    DESIGN.md: a coordinator sees the cases assigned to them and, read-only, their office's;
    the head of an office sees the office's cases. Nobody else sees case content by default.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CaseFile.objects.none()
    if not user.has_role(Role.COORDINATOR, Role.OFFICE_HEAD):
        return CaseFile.objects.none()
    return CaseFile.objects.filter(Q(coordinator=user) | Q(office__in=_offices_where(user, Role.COORDINATOR, Role.OFFICE_HEAD)))


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
    from openaef.audit.services import audit_refused, emergency_access_active

    queryset = CaseFile.objects.select_related("child", "office", "coordinator", "request")
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
