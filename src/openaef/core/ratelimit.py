"""Flood control for public forms, shared by every process through the database."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateLimitHit


def client_key(request: HttpRequest) -> str:
    """A salted hash of the client address: the address itself is never stored."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()


def rate_limit_exceeded(
    request: HttpRequest, bucket: str, *, limit: int | None = None, window_seconds: int | None = None
) -> bool:
    """True when this client already used up its submissions for the window; else counts one."""
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    window = timedelta(seconds=window_seconds if window_seconds is not None else settings.PUBLIC_FORM_RATE_WINDOW_SECONDS)
    now = timezone.now()
    key = client_key(request)
    with transaction.atomic():
        RateLimitHit.objects.filter(bucket=bucket, at__lt=now - window).delete()
        recent = RateLimitHit.objects.filter(bucket=bucket, key=key, at__gte=now - window).count()
        if recent >= limit:
            return True
        RateLimitHit.objects.create(bucket=bucket, key=key, at=now)
    return False
