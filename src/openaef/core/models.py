"""Shared model bases and small cross-cutting tables."""

from __future__ import annotations

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
