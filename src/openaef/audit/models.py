"""The access and change log: who read or wrote which record, when, from where, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    TRANSITION = "transition", _("State change")
    EXPORT = "export", _("Export")
    LOGIN_FAILED = "login_failed", _("Failed login")
    ACCESS_REFUSED = "access_refused", _("Access refused")


class AuditEvent(models.Model):
    """Append-only: the application only ever inserts rows here."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["object_type", "object_id", "at"]), models.Index(fields=["actor", "at"])]
