"""Reading contribution assessments.

Finance officers see every assessment (they may change drafts and decide); coordinators and
office heads see, read-only, those of the cases ``cases.selectors.get_case_for`` lets them see.
Anyone else, and any missing record, gets "not found". Every read naming a child or a payer is
written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.directory.models import MeasureType, Office
from openaef.measures.models import Measure
from openaef.measures.states import OPEN_MEASURE_STATES

from . import assessments_pack as pack_rules
from .models import Assessment, AssessmentItem, ItemKind
from .states import AssessmentStatus

PAGE_SIZE = 25
WORKLIST_OBJECT = "finance.assessment_worklist"
SORTS = {
    "newest": [SortKey("created_at", True), SortKey("id", True)],
    "oldest": [SortKey("created_at", False), SortKey("id", False)],
    "case": [SortKey("case__reference", False), SortKey("id", False)],
    "case_desc": [SortKey("case__reference", True), SortKey("id", True)],
}


def is_finance(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("finance.change_finance")


@dataclass(frozen=True)
class AssessmentAccess:
    assessment: Assessment
    can_edit: bool


def _with_relations(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related(
        "case",
        "case__child",
        "case__office",
        "measure",
        "measure__measure_type",
        "measure__provider",
        "payer",
        "payer__commune",
        "previous",
    ).prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.order_by("kind", "id")))


def get_assessment_for(user: Any, pk: int, http_request: HttpRequest | None = None, *, audit: bool = True) -> AssessmentAccess:
    """The assessment and whether ``user`` may change it; Http404 for missing and forbidden alike."""
    from openaef.audit.services import audit_refused

    assessment = _with_relations(Assessment.objects.filter(pk=pk)).first()
    if assessment is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if is_finance(user):
        can_edit = True
    elif user.has_perm("finance.view_case_money"):
        get_case_for(user, assessment.case_id, http_request=http_request, audit=False)
        can_edit = False
    else:
        audit_refused(actor=user, object_type="finance.assessment", object_id=str(pk), request=http_request)
        raise Http404
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            obj=assessment,
            request=http_request,
            persons=[assessment.case.child_id, assessment.payer_id],
        )
    return AssessmentAccess(assessment=assessment, can_edit=can_edit)


def get_measure_to_assess(user: Any, pk: int, http_request: HttpRequest | None = None) -> Measure:
    """A measure a finance officer assesses (its case, child and type read with it)."""
    if not is_finance(user):
        raise Http404
    measure = (
        Measure.objects.select_related("case", "case__child", "case__office", "measure_type", "provider").filter(pk=pk).first()
    )
    if measure is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=measure, request=http_request, persons=[measure.case.child_id])
    return measure


def get_case_measure_for(
    user: Any, case_pk: int, measure_pk: int, http_request: HttpRequest | None = None
) -> tuple[CaseAccess, Measure]:
    """The case side: a measure of a case ``user`` may see (404 for another case's)."""
    access = get_case_for(user, case_pk, http_request=http_request)
    measure = Measure.objects.select_related("measure_type", "provider").filter(pk=measure_pk, case=access.case).first()
    if measure is None:
        raise Http404
    return access, measure


def open_draft(measure: Measure) -> Assessment | None:
    return Assessment.objects.filter(measure=measure, status=AssessmentStatus.DRAFT).order_by("-id").first()


def assessment_history(measure: Measure) -> list[Assessment]:
    """Every assessment of the measure, the newest first (lines read with them: two queries)."""
    return list(
        Assessment.objects.filter(measure=measure)
        .select_related("payer", "decided_by")
        .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.order_by("kind", "id")))
        .order_by("-effective_from", "-id")
    )


def in_force(history: list[Assessment]) -> Assessment | None:
    return next((a for a in history if a.status == AssessmentStatus.DECIDED), None)


# What changed between an assessment and the one it replaces --------------------------------------


def _total(assessment: Assessment, kind: str) -> Decimal:
    return sum((i.monthly for i in assessment.items.all() if i.kind == kind), Decimal("0.00"))


@dataclass(frozen=True)
class Change:
    what: str  # a key the page turns into a label
    before: Any
    after: Any


def changes(assessment: Assessment, previous: Assessment | None) -> list[Change]:
    """What differs from the contribution it replaces (incomes, expenses, children, payer, amounts)."""
    if previous is None:
        return []
    pairs = [
        ("incomes", _total(previous, ItemKind.INCOME), _total(assessment, ItemKind.INCOME)),
        ("expenses", _total(previous, ItemKind.EXPENSE), _total(assessment, ItemKind.EXPENSE)),
        ("children", previous.dependent_children, assessment.dependent_children),
        ("payer", previous.payer.full_name, assessment.payer.full_name),
        ("monthly", previous.monthly_amount, assessment.monthly_amount),
        ("daily", previous.daily_amount, assessment.daily_amount),
        ("hourly", previous.hourly_amount, assessment.hourly_amount),
    ]
    return [Change(what, before, after) for what, before, after in pairs if before != after]


# The finance worklist ---------------------------------------------------------------------------


@dataclass
class WorklistFilters:
    measure_type: str = ""
    office: int | None = None
    sort: str = "oldest"
    pack: str = field(default_factory=lambda: settings.OPENAEF_PACK)


def worklist_queryset(filters: WorklistFilters, on: dt.date | None = None) -> QuerySet[Measure]:
    """Open measures of a type with a parents' contribution in the pack, with no decided assessment."""
    codes = pack_rules.contributing_type_codes(filters.pack, on or timezone.localdate())
    if filters.measure_type:
        codes = [c for c in codes if c == filters.measure_type]
    decided = Assessment.objects.filter(measure=OuterRef("pk"), status=AssessmentStatus.DECIDED)
    draft = Assessment.objects.filter(measure=OuterRef("pk"), status=AssessmentStatus.DRAFT)
    qs = Measure.objects.filter(
        case__pack=filters.pack, status__in=OPEN_MEASURE_STATES, measure_type__pack=filters.pack, measure_type__code__in=codes
    ).filter(~Exists(decided))
    if filters.office:
        qs = qs.filter(case__office_id=filters.office)
    return qs.annotate(draft_pk=Subquery(draft.values("pk")[:1]), case_reference=F("case__reference")).select_related(
        "case", "case__child", "case__office", "measure_type", "provider"
    )


def measures_to_assess(
    user: Any, filters: WorklistFilters, *, cursor: str | None, size: int = PAGE_SIZE, http_request: HttpRequest | None = None
) -> Page[Measure]:
    """One page of the worklist (logged as a read naming the children shown)."""
    keys = SORTS.get(filters.sort, SORTS["oldest"])
    page = keyset_page(worklist_queryset(filters), keys, cursor, size)
    if page.items:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type=WORKLIST_OBJECT,
            request=http_request,
            persons=[m.case.child_id for m in page.items],
        )
    return page


def worklist_choices(pack: str) -> tuple[list[MeasureType], list[Office]]:
    codes = pack_rules.contributing_type_codes(pack, timezone.localdate())
    types = list(MeasureType.objects.filter(pack=pack, code__in=codes).order_by("position", "code"))
    offices = list(Office.objects.filter(pack=pack).order_by("code"))
    return types, offices
