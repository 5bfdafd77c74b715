"""What a user is told about: in the application (their list) and, if they chose, by e-mail.

A notification's text is built when it is shown, from ``kind`` and ``params`` (a case or
referral reference, a date: never a name), so it follows the reader's language. E-mails are
sent by a background task with a fixed subject and no personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("A referral was received")
    REFERRAL_ACCEPTED = "referral_accepted", _("A referral was accepted")
    REFERRAL_WAITING = "referral_waiting", _("A referral was put on a waiting list")
    REFERRAL_DECLINED = "referral_declined", _("A referral was declined")
    REPORT_DUE = "report_due", _("A report is due")
    REPORT_RECEIVED = "report_received", _("A report was received")
    REPORT_RETURNED = "report_returned", _("A report was sent back")
    PROJECT_TO_VALIDATE = "project_to_validate", _("A project is waiting for validation")
    PROJECT_VALIDATED = "project_validated", _("A project was validated")
    PROJECT_RETURNED = "project_returned", _("A project was sent back")
    EVALUATION_DUE = "evaluation_due", _("An evaluation is due")
    MEASURE_ENDING = "measure_ending", _("A measure is nearing its end")
    COMPLAINT_ASSIGNED = "complaint_assigned", _("A complaint was assigned to you")
    FOSTER_APPROVAL_ENDING = "foster_approval_ending", _("A foster family's approval is nearing its end")
    STATEMENT_SUBMITTED = "statement_submitted", _("A provider's monthly statement waits for validation")
    STATEMENT_RETURNED = "statement_returned", _("A monthly statement was sent back")
    AID_PROPOSED = "aid_proposed", _("Financial help waits for a decision")
    ACCESS_REQUEST_RECEIVED = "access_request_received", _("A file-access request was received")
    ACCESS_REQUEST_DUE = "access_request_due", _("A file-access request's answer is due soon")
    RETENTION_RUN_DONE = "retention_run_done", _("The retention run finished")
    HOTLINE_HANDOVER = "hotline_handover", _("A 116 000 call was handed over to the police")


# Sent by e-mail unless the user turned it off.
EMAIL_BY_DEFAULT = frozenset(NotificationKind.values)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set when the same event must not notify twice (e.g. "report due" for one report).
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at", "id"], name="notification_inbox"),
            models.Index(fields=["user", "created_at", "id"], name="notification_list"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_once"
            ),
        ]


class NotificationSetting(models.Model):
    """One user's choice for one kind: e-mail or in the application only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")]
