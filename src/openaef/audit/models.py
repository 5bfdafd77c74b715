"""The access and change log: who read or wrote which record, when, from where, and why.

Each entry is chained to the one before it: its ``hash`` is SHA-256 over its own content and the
previous entry's hash (``chain.py``), so that altering, removing or reordering an entry breaks
the chain at that point and ``manage.py verify_audit_chain`` names it. The application only
inserts: the model and its queryset refuse updates and deletes, and on PostgreSQL a trigger
refuses them in the database too (migration 0002).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("The audit log is append-only.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        _refuse()

    def delete(self) -> NoReturn:
        _refuse()

    delete.queryset_only = True  # type: ignore[attr-defined]

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    TRANSITION = "transition", _("State change")
    EXPORT = "export", _("Export")
    LOGIN_FAILED = "login_failed", _("Failed login")
    ACCESS_REFUSED = "access_refused", _("Access refused")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    REVIEW = "review", _("Review")


class AuditEvent(models.Model):
    """One entry of the log. Append-only: the application only ever inserts rows here."""

    sequence = models.BigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    emergency = models.BooleanField(_("emergency access"), default=False)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            # The DPO's search by user pages newest first: id order is insertion order.
            models.Index(fields=["actor", "id"], name="audit_event_actor_id_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    delete = _refuse  # type: ignore[assignment]


class AuditEventPerson(models.Model):
    """The persons an entry concerns, for the DPO's search by person.

    ``person_id`` is a plain number rather than a foreign key: the log must outlive merges and
    anonymisation in the people app, and must never block them.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="person_links")
    person_id = models.BigIntegerField(_("person"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("person concerned by an audit event")
        verbose_name_plural = _("persons concerned by audit events")
        constraints = [models.UniqueConstraint(fields=["person_id", "event"], name="audit_event_person_unique")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    delete = _refuse  # type: ignore[assignment]


class EmergencyAccess(models.Model):
    """Break-the-glass: a professional opens a record outside their scope, for a written reason,
    for a limited time. Every grant is shown to the data protection officer for review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses", verbose_name=_("user")
    )
    subject_type = models.CharField(_("record type"), max_length=40)
    subject_id = models.BigIntegerField(_("record"))
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["user", "subject_type", "subject_id", "expires_at"], name="audit_emergency_active_idx"),
            models.Index(fields=["reviewed_at", "started_at"], name="audit_emergency_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} ({self.started_at:%Y-%m-%d %H:%M})"

    def is_active(self, now: Any = None) -> bool:
        return self.started_at <= (now or timezone.now()) < self.expires_at
