"""The coordinator's day: what needs doing, late things first, each row a link to its case.

A fixed number of queries whatever the caseload (one per section, each with a LIMIT; see
``notifications.selectors``), and one audit entry naming the children the page shows.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.access import require_permission
from openaef.notifications import selectors
from openaef.notifications.templatetags.notifications import remember_unread

from . import presentation_dashboard as present

LIMIT = selectors.DASHBOARD_LIMIT


def _sections(user: Any) -> list[present.Section]:
    today, now = timezone.localdate(), timezone.now()
    roles = selectors.office_roles(user)
    office_ids = sorted({office for _role, office in roles})
    overdue, soon = selectors.dashboard_tasks(user, office_ids, today)
    return [
        present.task_section("overdue", present.OVERDUE_TITLE, present.OVERDUE_EMPTY, overdue, today, LIMIT),
        present.task_section("soon", present.SOON_TITLE, present.SOON_EMPTY, soon, today, LIMIT),
        present.projects_section(selectors.dashboard_projects_to_validate(user, roles), LIMIT),
        present.evaluations_section(selectors.dashboard_evaluations_due(user, today), today, LIMIT),
        present.measures_section(selectors.dashboard_measures_ending(user, today), today, LIMIT),
        present.reports_section(selectors.dashboard_reports_to_review(user), LIMIT),
        present.referrals_section(selectors.dashboard_referrals_answered(user, now), LIMIT),
    ]


@require_permission("cases.view_cases")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    sections = _sections(request.user)
    unread = selectors.unread_count(request.user)
    remember_unread(request, unread)
    children = {row.child_id for section in sections for row in section.rows if row.child_id}
    if children:
        # The page names children (and task titles may): the read is logged like a case list's.
        audit_record(
            actor=request.user, action=AuditAction.READ, object_type="backoffice.dashboard", request=request, persons=children
        )
    context = {
        "sections": sections,
        "late": sum(1 for section in sections for row in section.rows if row.late),
        "unread": unread,
        "today": timezone.localdate(),
        "nav_section": "dashboard",
    }
    return render(request, "backoffice/dashboard/dashboard.html", context)
