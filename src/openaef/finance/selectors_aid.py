"""Reading financial help (France, CASF L222-3): who may see an aid, the case's list, the
finance officers' worklists (aids to decide, repayments due).

An aid is reached through its case (``get_case_for``: coordinators and office heads of the
case) or, for finance officers, directly: they work nationally. Both get "not found" for an aid
that does not exist, that they may not see, or whose pack offers no financial help (Luxembourg
has none: the pages do not exist there).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet, Sum
from django.http import Http404, HttpRequest
from django.utils import timezone

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.consents.selectors import parent_candidates
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.parameters import parameter_tree
from openaef.people.models import Person

from .models import AidInstalment, AidRepayment, FinancialAid
from .states import AidStatus

ADULT_AGE = 18
ZERO = Decimal("0.00")


def aid_offered(pack: str | None = None) -> bool:
    """Whether the pack (the deployment's by default) has financial help: its parameters have
    an ``aid`` node (France does; Luxembourg does not)."""
    code = pack or settings.OPENAEF_PACK
    return "aid.kinds" in parameter_tree(code, database=False)


def is_finance(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("finance.change_finance")


def aid_beneficiaries(case: CaseFile, on: dt.date | None = None) -> list[Person]:
    """Who may receive the help: the case's parents and legal representatives, and the young
    adult himself once of age (CASF L222-2: the person who has care of the child, or the young
    adult under 21)."""
    on = on or timezone.localdate()
    people = parent_candidates(case, on)
    age = case.child.age_on(on)
    if age is not None and age >= ADULT_AGE:
        people.append(case.child)
    return people


@dataclass(frozen=True)
class AidAccess:
    aid: FinancialAid
    # Finance officers decide, pay and record repayments; the case's people propose and read.
    finance: bool
    case_access: CaseAccess | None = None


def _aids() -> QuerySet[FinancialAid]:
    return FinancialAid.objects.select_related("case", "case__child", "beneficiary", "proposed_by", "decided_by")


def get_aid_for(user: Any, pk: int, *, http_request: HttpRequest | None = None, audit: bool = True) -> AidAccess:
    """The aid if ``user`` may see it (404 otherwise); every read is written to the audit log."""
    finance = is_finance(user)
    case_access = None
    if finance:
        aid = _aids().filter(pk=pk).first()
    else:
        case_id = FinancialAid.objects.filter(pk=pk).values_list("case_id", flat=True).first()
        if case_id is None:
            raise Http404
        case_access = get_case_for(user, case_id, http_request=http_request, audit=False)
        aid = _aids().filter(pk=pk, case_id=case_id).first()
    if aid is None or not aid_offered(aid.pack):
        raise Http404
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            obj=aid,
            request=http_request,
            persons=[aid.case.child_id, aid.beneficiary_id],
            emergency=bool(case_access and case_access.emergency),
        )
    return AidAccess(aid=aid, finance=finance, case_access=case_access)


def case_aids(case: CaseFile) -> list[FinancialAid]:
    """The case's aids, newest first (one query; the case has a handful)."""
    return list(FinancialAid.objects.filter(case=case).select_related("beneficiary").order_by("-created_at", "-id"))


def aid_instalments(aid: FinancialAid) -> list[AidInstalment]:
    return list(aid.instalments.order_by("due_on", "id"))


def aid_repayments(aid: FinancialAid) -> list[AidRepayment]:
    return list(aid.repayments.order_by("due_on", "id"))


@dataclass(frozen=True)
class AidTotals:
    granted: Decimal
    paid: Decimal
    to_repay: Decimal
    received: Decimal
    waived: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.to_repay - self.received - self.waived


def aid_totals(instalments: list[AidInstalment], repayments: list[AidRepayment]) -> AidTotals:
    live = [i for i in instalments if not i.cancelled]
    return AidTotals(
        granted=sum((i.amount for i in live), ZERO),
        paid=sum((i.amount for i in live if i.paid_on), ZERO),
        to_repay=sum((r.amount for r in repayments), ZERO),
        received=sum((r.received for r in repayments), ZERO),
        waived=sum((r.amount - r.received for r in repayments if r.waived), ZERO),
    )


# Finance officers' worklists ----------------------------------------------------------------

PAGE_SIZE = 50


def aids_to_decide(cursor: str | None = None, size: int = PAGE_SIZE) -> Page[FinancialAid]:
    """Proposed aids, oldest first: the longest waiting is decided first."""
    rows = FinancialAid.objects.filter(status=AidStatus.PROPOSED).select_related("case", "case__child", "beneficiary")
    return keyset_page(rows, [SortKey("created_at", False), SortKey("id", False)], cursor, size)


def repayments_due(on: dt.date | None = None, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[AidRepayment]:
    """Repayment lines due by ``on`` (today) and not settled (neither fully received nor waived),
    the oldest first; a line whose due date has passed is overdue."""
    on = on or timezone.localdate()
    rows = (
        AidRepayment.objects.filter(due_on__lte=on, waived=False, received__lt=F("amount"))
        .filter(aid__status__in=[AidStatus.GRANTED, AidStatus.STOPPED])
        .select_related("aid", "aid__case", "aid__beneficiary")
    )
    return keyset_page(rows, [SortKey("due_on", False), SortKey("id", False)], cursor, size)


def outstanding_total(on: dt.date | None = None) -> Decimal:
    on = on or timezone.localdate()
    rows = AidRepayment.objects.filter(due_on__lte=on, waived=False, received__lt=F("amount"))
    rows = rows.filter(aid__status__in=[AidStatus.GRANTED, AidStatus.STOPPED])
    total = rows.aggregate(due=Sum(F("amount") - F("received")))["due"]
    return total or ZERO
