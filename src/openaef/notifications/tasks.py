"""E-mails for notifications (django-tasks; the worker runs ``db_worker``).

The subject is fixed and the body names only the notification's text (references and dates)
and a link behind the login: no personal data leaves by e-mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from openaef.foster.parameters import foster_rules
from openaef.measures.parameters import measure_rules
from openaef.projects.parameters import project_rules
from openaef.rights.tasks import notify_access_requests_due

from . import selectors
from .models import Notification, NotificationKind
from .services import notify
from .texts import notification_text

logger = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    """The link in the e-mail: a local path only, in the recipient's language (active here)."""
    path = selectors.local_url(url)
    return settings.SITE_URL + path if path else ""


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("user")
    for notification in pending:
        # Claim it first, so that a task run twice sends one e-mail.
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue
        user = notification.user
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "text": notification_text(notification),
                "url": _absolute(notification.url),
            }
            body = render_to_string("notifications/email/notification.txt", context)
            subject = _("OpenAEF: something needs your attention")
        try:
            sent += send_mail(subject, body, None, [user.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            logger.exception("Notification %s could not be e-mailed", notification.pk)
    return sent


# ---------------------------------------------------------------- the daily job (manage.py send_due_notifications)


def _url(*candidates: tuple[str, list[Any]]) -> str:
    """The first of the candidate pages that exists (the pages of projects and measures are
    built beside this job; until one exists, the next candidate is used)."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _notify_once(kind: str, items: list[tuple[list[Any], str, str, dict[str, Any]]]) -> int:
    """``items``: (recipients, dedupe key, url, params). Pairs told already are skipped in one
    query, so that a second run costs reads only; notify's dedupe still guards a race."""
    pairs = [(user.pk, key) for users, key, _url_, _params in items for user in users if user is not None]
    told = selectors.already_notified(kind, pairs)
    created = 0
    for users, key, url, params in items:
        fresh = [user for user in users if user is not None and (user.pk, key) not in told]
        if fresh:
            created += len(notify(users=fresh, kind=kind, url=url, params=params, dedupe_key=key))
    return created


def notify_evaluations_due(today: dt.date) -> int:
    items = []
    for project in selectors.evaluations_due(today, project_rules().evaluation_remind_before):
        case = project.case
        due = project.next_evaluation_on.isoformat()  # type: ignore[union-attr]
        url = _url(("backoffice:project_detail", [case.pk]), ("backoffice:case_detail", [case.pk]))
        params = {"reference": case.reference, "due_on": due}
        items.append(([case.coordinator], f"evaluation:{project.pk}:{due}", url, params))
    return _notify_once(NotificationKind.EVALUATION_DUE, items)


def notify_measures_ending(today: dt.date) -> int:
    items = []
    for measure in selectors.measures_ending(today, measure_rules().end_alert_before):
        case = measure.case
        ends = measure.ends_on.isoformat()  # type: ignore[union-attr]
        url = _url(
            ("backoffice:measure_detail", [case.pk, measure.pk]),
            ("backoffice:measure_detail", [measure.pk]),
            ("backoffice:case_detail", [case.pk]),
        )
        params = {"reference": case.reference, "ends_on": ends}
        items.append(([case.coordinator], f"measure_end:{measure.pk}:{ends}", url, params))
    return _notify_once(NotificationKind.MEASURE_ENDING, items)


def notify_reports_due(today: dt.date) -> int:
    reports = selectors.reports_due(today, measure_rules().report_remind_before)
    staff = selectors.provider_staff({r.measure.provider_id for r in reports if r.measure.provider_id})
    items = []
    for report in reports:
        due = report.due_on.isoformat()  # type: ignore[union-attr]
        url = _url(("backoffice:provider_report_edit", [report.pk]), ("backoffice:provider_inbox", []))
        params = {"reference": report.measure.case.reference, "due_on": due}
        items.append((staff.get(report.measure.provider_id, []), f"report:{report.pk}:{due}", url, params))  # type: ignore[arg-type]
    return _notify_once(NotificationKind.REPORT_DUE, items)


# Who keeps the foster family register (foster/rules.py): told of approvals ending.
FOSTER_MANAGERS_PERM = "foster.change_family"


def notify_foster_approvals_ending(today: dt.date) -> int:
    """Tells those who keep the register, and the staff of the family's support service, once
    per approval period: a renewal moves ``approved_until``, so the next period is told again."""
    families = selectors.foster_approvals_ending(today, foster_rules().ending_soon_days)
    if not families:
        return 0
    managers = selectors.holders_of(FOSTER_MANAGERS_PERM)
    manager_ids = {user.pk for user in managers}
    providers = {f.support_service.provider_id for f in families if f.support_service is not None}
    staff = selectors.provider_staff(providers)
    items = []
    for family in families:
        ends = family.approved_until.isoformat()  # type: ignore[union-attr]
        key = f"foster_approval:{family.pk}:{ends}"
        params = {"reference": family.reference, "ends_on": ends}
        items.append((managers, key, _url(("backoffice:foster_detail", [family.pk])), params))
        if family.support_service is not None:
            # The register is the agency's: the provider's staff get the notice without a link.
            followers = [u for u in staff.get(family.support_service.provider_id, []) if u.pk not in manager_ids]
            items.append((followers, key, "", params))
    return _notify_once(NotificationKind.FOSTER_APPROVAL_ENDING, items)


def notify_due(today: dt.date | None = None) -> dict[str, int]:
    """Tells coordinators of evaluations due and measures ending, providers of reports due, and
    the foster family register's keepers of approvals ending, once each (run it as often as you
    like: a second run the same day notifies nobody)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return {
            NotificationKind.EVALUATION_DUE.value: notify_evaluations_due(today),
            NotificationKind.MEASURE_ENDING.value: notify_measures_ending(today),
            NotificationKind.REPORT_DUE.value: notify_reports_due(today),
            NotificationKind.FOSTER_APPROVAL_ENDING.value: notify_foster_approvals_ending(today),
            NotificationKind.ACCESS_REQUEST_DUE.value: notify_access_requests_due(today),
        }


@task()
def send_due_notifications() -> dict[str, int]:
    return notify_due()
