"""Writes on accounts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.directory.models import Office, Provider

from .models import Membership, Role, User


def user_grant_role(
    *, actor: Any, email: str, full_name: str, role: str, office: Office | None = None, provider: Provider | None = None
) -> User:
    """Creates the account if needed and gives it ``role`` (in ``office`` or ``provider``)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=user, fields=["email", "full_name"])
        membership, created = Membership.objects.get_or_create(user=user, role=role, office=office, provider=provider)
        if created:
            audit_record(actor=actor, action=AuditAction.CREATE, obj=membership, fields=["role", "office", "provider"])
    return user
