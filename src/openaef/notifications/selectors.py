"""Reading notifications: one user's own, never anyone else's; and what the daily job finds due.

Every query here filters on an index of its model: ``notification_inbox`` (user, read_at,
created_at, id) for a user's list and count; for the daily job, the status-and-date indexes of
projects (``project_evaluation``), measures (``measure_ending``), reports
(``report_status_due``) and foster families (``foster_approval_end``), so that the job reads the rows falling due, never a whole table.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import rules
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_path, override

from openaef.accounts.models import Membership, Role, User
from openaef.cases.deadlines import BUSINESS_DAYS, CALENDAR_DAYS, parse_rule, reminder_date
from openaef.cases.models import CaseTask
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.measures.models import Measure, ProviderReport, Referral
from openaef.measures.parameters import measure_rules
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportStatus
from openaef.projects.models import InterventionProject
from openaef.projects.parameters import project_rules
from openaef.projects.states import ProjectStatus

from .models import EMAIL_BY_DEFAULT, Notification, NotificationKind, NotificationSetting

PAGE_SIZE = 25
LIST_KEYS = [SortKey("created_at", True), SortKey("id", True)]
# The daily job also catches what fell due while it did not run (a server down for a few days).
CATCH_UP_DAYS = 7
# A calendar rule's reminder is at most this far before the due date (MAX_COUNT of calendar days).
_MAX_LOOKAHEAD_DAYS = 3700


def notifications_page(user: Any, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Notification]:
    """The user's notifications, newest first."""
    qs = Notification.objects.filter(user=user).only("pk", "kind", "params", "url", "created_at", "read_at")
    return keyset_page(qs, LIST_KEYS, cursor, size)


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread: an index-only count (notification_inbox)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for(user: Any, pk: int) -> Notification:
    """The user's own notification; Http404 for a missing one and for anyone else's alike."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def local_url(url: str) -> str:
    """``url`` if it is a path on this site, in the active language; "" otherwise.

    A notification's url is written by the services, but it is followed by a redirect: anything
    but a local path (an absolute URL, ``//host``, a backslash trick) is never followed.
    """
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return ""
    # Browsers drop tabs and newlines from a URL: "/\t/host" would become "//host".
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in url):
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False):
        return ""
    # Stored with the language of the day it was written: shown in the reader's language. The
    # path resolves only under its own language prefix, so it is read in that language first.
    source, target = get_language_from_path(url), get_language() or settings.LANGUAGE_CODE
    if not source or source == target:
        return url
    with override(source):
        return translate_url(url, target)


def email_kinds(user: Any) -> set[str]:
    """The kinds the user receives by e-mail: the defaults, overridden by their own choices."""
    chosen = set(EMAIL_BY_DEFAULT)
    for kind, by_email in NotificationSetting.objects.filter(user=user).values_list("kind", "by_email"):
        if by_email:
            chosen.add(kind)
        else:
            chosen.discard(kind)
    return chosen & set(NotificationKind.values)


# ---------------------------------------------------------------- what the daily job finds due


def reminder_on(due_on: dt.date, rule: str) -> dt.date:
    """The day the reminder of ``due_on`` goes out under ``rule`` ("business_days:10", "months:1")."""
    parsed = parse_rule(rule)
    if parsed.unit == BUSINESS_DAYS:
        day = reminder_date(due_on, parsed.count)
        assert day is not None  # a count of at least 1 always gives a day
        return day
    if parsed.unit == CALENDAR_DAYS:
        return due_on - dt.timedelta(days=parsed.count)
    return due_on - relativedelta(months=parsed.count)


def due_horizon(today: dt.date, rule: str) -> dt.date:
    """The latest due date whose reminder day has come by ``today``.

    The reminder day grows with the due date, so the due dates to remind of today are exactly
    those up to this one: one range on a date index instead of a reminder date per row.
    Working days and public holidays count as the pack's calendar says (cases.deadlines).
    """
    day = today
    for _ in range(_MAX_LOOKAHEAD_DAYS):
        if reminder_on(day + dt.timedelta(days=1), rule) > today:
            break
        day += dt.timedelta(days=1)
    return day


def evaluations_due(today: dt.date, rule: str) -> list[InterventionProject]:
    """Active projects whose next evaluation's reminder day has come (index project_evaluation)."""
    return list(
        InterventionProject.objects.filter(
            status=ProjectStatus.ACTIVE,
            next_evaluation_on__gte=today - dt.timedelta(days=CATCH_UP_DAYS),
            next_evaluation_on__lte=due_horizon(today, rule),
        )
        .select_related("case__coordinator")
        .order_by("next_evaluation_on", "id")
    )


def measures_ending(today: dt.date, rule: str) -> list[Measure]:
    """Running measures whose end alert day has come (index measure_ending: status, ends_on)."""
    return list(
        Measure.objects.filter(
            status__in=[MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED],
            ends_on__gte=today - dt.timedelta(days=CATCH_UP_DAYS),
            ends_on__lte=due_horizon(today, rule),
        )
        .select_related("case__coordinator")
        .order_by("ends_on", "id")
    )


def reports_due(today: dt.date, rule: str) -> list[ProviderReport]:
    """Reports still with the provider whose reminder day has come (index report_status_due)."""
    return list(
        ProviderReport.objects.filter(
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
            due_on__gte=today - dt.timedelta(days=CATCH_UP_DAYS),
            due_on__lte=due_horizon(today, rule),
        )
        .select_related("measure__case")
        .order_by("due_on", "id")
    )


def provider_staff(provider_ids: set[int]) -> dict[int, list[Any]]:
    """The active staff of each provider, in one query."""
    staff: dict[int, list[Any]] = {}
    memberships = Membership.objects.filter(
        role=Role.PROVIDER_STAFF, provider_id__in=provider_ids, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("provider_id", "user_id"):
        staff.setdefault(membership.provider_id, []).append(membership.user)  # type: ignore[arg-type]
    return staff


def foster_approvals_ending(today: dt.date, days: int) -> list[FosterFamily]:
    """Approved or suspended families whose approval ends within ``days`` (the register's "ending
    soon", foster.selectors.approvals_ending) or ended lately (index foster_approval_end)."""
    return list(
        FosterFamily.objects.filter(
            status__in=[FosterFamilyStatus.APPROVED, FosterFamilyStatus.SUSPENDED],
            approved_until__gte=today - dt.timedelta(days=CATCH_UP_DAYS),
            approved_until__lte=today + dt.timedelta(days=days),
        )
        .select_related("support_service")
        .order_by("approved_until", "id")
    )


def roles_granting(perm: str) -> list[str]:
    """The roles whose holders have ``perm`` under the django-rules predicates (tried on an unsaved
    user holding that role alone), so that recipients follow the rules module when it changes.
    Role-based predicates only: a rule on an object or an office membership is not seen here."""
    granted = []
    for role in Role.values:
        stand_in = User(is_active=True)
        stand_in._memberships_cache = [(role, None)]  # type: ignore[attr-defined]
        if rules.has_perm(perm, stand_in):
            granted.append(role)
    return granted


def holders_of(perm: str) -> list[Any]:
    """The active users who hold ``perm`` through one of their roles, in one query."""
    roles = roles_granting(perm)
    if not roles:
        return []
    return list(User.objects.filter(is_active=True, memberships__role__in=roles).distinct().order_by("id"))


def already_notified(kind: str, pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (user id, dedupe key) pairs were told of ``kind`` already (index notification_once)."""
    if not pairs:
        return set()
    users = {user_id for user_id, _key in pairs}
    keys = {key for _user, key in pairs}
    found = Notification.objects.filter(user_id__in=users, kind=kind, dedupe_key__in=keys).values_list("user_id", "dedupe_key")
    return set(found)


# ---------------------------------------------------------------- the coordinator's day (backoffice dashboard)
#
# Each section is one query with a LIMIT, read as plain values (no model objects). "The user's
# cases" is ``case__coordinator=user``: the planner starts from the case_coordinator index (a
# caseload, a few dozen cases) and joins each table on its (case, ...) index, so the cost is
# the caseload's, never the table's. Proposed projects start from the status instead: few
# projects wait for validation at any time, across the whole country.

DASHBOARD_LIMIT = 10
DUE_SOON_DAYS = 7
EVALUATION_WINDOW_DAYS = 14
ANSWERED_WINDOW_DAYS = 14
_CASE_FIELDS = ("case_id", "case__reference", "case__child_id", "case__child__first_names", "case__child__surname")


def office_roles(user: Any) -> list[tuple[str, int]]:
    """(role, office id) of the user's memberships in offices (read with the user's roles)."""
    return user.office_roles()


def dashboard_tasks(
    user: Any, office_ids: list[int], today: dt.date, limit: int = DASHBOARD_LIMIT
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(overdue, due in the next DUE_SOON_DAYS days) open tasks, each at most ``limit + 1``, in one query.

    The tasks of the user's cases, and those assigned to the user on another case of their
    offices (on a case they may see). The two parts never overlap, so UNION ALL; each is
    numbered apart for late and not late (a window), so that many late tasks never hide
    what falls due this week.
    """
    fields = ("id", "title", "kind", "due_on", *_CASE_FIELDS)
    late = ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField())
    number = Window(RowNumber(), partition_by=[late], order_by=[F("due_on").asc(), F("id").asc()])
    open_soon = Q(done_at__isnull=True, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    of_my_cases = CaseTask.objects.filter(open_soon, case__coordinator=user)
    assigned = CaseTask.objects.filter(open_soon, assigned_to=user, case__office_id__in=office_ids).exclude(
        case__coordinator=user
    )
    parts = [
        qs.order_by().annotate(late=late, number=number).filter(number__lte=limit + 1).values(*fields, "late")
        for qs in (of_my_cases, assigned)
    ]
    rows = list(parts[0].union(parts[1], all=True).order_by("due_on", "id"))
    overdue = [row for row in rows if row["late"]][: limit + 1]
    soon = [row for row in rows if not row["late"]][: limit + 1]
    return overdue, soon


def dashboard_projects_to_validate(user: Any, roles: list[tuple[str, int]], limit: int = DASHBOARD_LIMIT) -> list[dict[str, Any]]:
    """Proposed projects the user may validate: in an office where they hold a validating role
    (the pack's), never their own where the pack wants someone other than the author."""
    rules = project_rules()
    offices = sorted({office for role, office in roles if role in rules.validation_roles})
    if not offices:
        return []
    qs = InterventionProject.objects.filter(status=ProjectStatus.PROPOSED, case__office_id__in=offices)
    if rules.validation_by_other_than_author:
        qs = qs.exclude(author=user)
    fields = ("id", "revision", "proposed_at", *_CASE_FIELDS)
    return list(qs.values(*fields).order_by("proposed_at", "id")[: limit + 1])


def dashboard_evaluations_due(user: Any, today: dt.date, limit: int = DASHBOARD_LIMIT) -> list[dict[str, Any]]:
    qs = InterventionProject.objects.filter(
        case__coordinator=user,
        status__in=[ProjectStatus.ACTIVE, ProjectStatus.UNDER_EVALUATION],
        next_evaluation_on__lte=today + dt.timedelta(days=EVALUATION_WINDOW_DAYS),
    )
    fields = ("id", "status", "next_evaluation_on", *_CASE_FIELDS)
    return list(qs.values(*fields).order_by("next_evaluation_on", "id")[: limit + 1])


def dashboard_measures_ending(user: Any, today: dt.date, limit: int = DASHBOARD_LIMIT) -> list[dict[str, Any]]:
    qs = Measure.objects.filter(
        case__coordinator=user,
        status__in=[MeasureStatus.ACTIVE, MeasureStatus.SUSPENDED],
        ends_on__lte=due_horizon(today, measure_rules().end_alert_before),
    )
    fields = ("id", "status", "ends_on", "measure_type__name", "provider__name", *_CASE_FIELDS)
    return list(qs.values(*fields).order_by("ends_on", "id")[: limit + 1])


def dashboard_reports_to_review(user: Any, limit: int = DASHBOARD_LIMIT) -> list[dict[str, Any]]:
    qs = ProviderReport.objects.filter(status=ReportStatus.SUBMITTED, case__coordinator=user)
    fields = (
        "id",
        "kind",
        "submitted_at",
        "measure_id",
        "measure__measure_type__name",
        "measure__provider__name",
        *_CASE_FIELDS,
    )
    return list(qs.values(*fields).order_by("submitted_at", "id")[: limit + 1])


def dashboard_referrals_answered(user: Any, now: dt.datetime, limit: int = DASHBOARD_LIMIT) -> list[dict[str, Any]]:
    qs = Referral.objects.filter(
        case__coordinator=user,
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.WAITING, ReferralStatus.DECLINED],
        answered_at__gte=now - dt.timedelta(days=ANSWERED_WINDOW_DAYS),
    )
    fields = (
        "id",
        "status",
        "answered_at",
        "measure_id",
        "provider__name",
        "measure__measure_type__name",
        *_CASE_FIELDS,
    )
    return list(qs.values(*fields).order_by("-answered_at", "-id")[: limit + 1])
