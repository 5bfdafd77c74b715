"""Background work on cases (django-tasks; the worker runs `db_worker`, cron runs
`manage.py send_reminders`).

Reminder e-mails carry no personal data: the subject is fixed and the body gives the case's
reference, the due date and links behind the login.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import CaseTask
from .services_journal import task_mark_reminded

logger = logging.getLogger(__name__)


def due_reminders(today: dt.date) -> list[CaseTask]:
    return list(
        CaseTask.objects.filter(remind_on__lte=today, done_at__isnull=True, reminded_at__isnull=True)
        # A task nobody holds is reminded to the case's coordinator.
        .filter(Q(assigned_to__is_active=True) | Q(assigned_to__isnull=True, case__coordinator__is_active=True))
        .select_related("case", "assigned_to", "case__coordinator")
        .order_by("remind_on", "id")
    )


def _send_one(item: CaseTask, today: dt.date) -> bool:
    recipient = item.assigned_to or item.case.coordinator
    if recipient is None or not recipient.email or not task_mark_reminded(task_id=item.pk):
        return False
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "reference": item.case.reference,
            "due_on": item.due_on,
            "overdue": item.due_on < today,
            "case_url": settings.SITE_URL + reverse("backoffice:case_journal", args=[item.case_id]),
            "tasks_url": settings.SITE_URL + reverse("backoffice:tasks_overdue"),
        }
        body = render_to_string("backoffice/cases/journal/email/task_reminder.txt", context)
        subject = _("A deadline needs your attention")
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception:
        # Claimed but not sent: release it so that the next run tries again.
        CaseTask.objects.filter(pk=item.pk).update(reminded_at=None)
        logger.exception("Reminder for task %s could not be sent", item.pk)
        return False
    return True


@task()
def send_task_reminders() -> int:
    """E-mails the person holding each open task whose reminder day has come, once."""
    today = timezone.localdate()
    return sum(_send_one(item, today) for item in due_reminders(today))
