"""Shared model bases and small cross-cutting tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row with a version number, so that a save based on a stale read is refused."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class RateLimitHit(models.Model):
    """One submission of a public form, keyed by a salted hash of the client address.

    Kept in the database rather than a cache so that every web process shares the count
    without running memcached or Redis; old rows are pruned as new ones come in.
    """

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "at"])]


class ParameterValue(models.Model):
    """A dated value of a pack parameter added by an administrator (core.parameters merges it
    with the pack's YAML values). Only for a name the YAML defines, never on a YAML date;
    numbers are stored as strings so that no binary float ever touches money."""

    pack = models.CharField(_("pack"), max_length=20)
    name = models.CharField(_("parameter"), max_length=200)
    start = models.DateField(_("in force from"))
    value = models.JSONField(_("value"), null=True, blank=True)
    reference = models.TextField(_("legal reference"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("parameter value")
        verbose_name_plural = _("parameter values")
        constraints = [models.UniqueConstraint(fields=["pack", "name", "start"], name="core_parameter_value_unique")]
        ordering = ["pack", "name", "start"]

    def __str__(self) -> str:
        return f"{self.pack}:{self.name}@{self.start.isoformat()}"
