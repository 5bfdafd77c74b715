"""E-mails for notifications (django-tasks; the worker runs ``db_worker``).

The subject is fixed and the body names only the notification's text (references and dates)
and a link behind the login: no personal data leaves by e-mail.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification
from .texts import notification_text

logger = logging.getLogger(__name__)


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
                "url": settings.SITE_URL + notification.url if notification.url else "",
            }
            body = render_to_string("notifications/email/notification.txt", context)
            subject = _("OpenAEF: something needs your attention")
        try:
            sent += send_mail(subject, body, None, [user.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            logger.exception("Notification %s could not be e-mailed", notification.pk)
    return sent
