"""Failed sign-ins go to the audit log: the account concerned (if any) and the address, never
what was typed (the e-mail address may be someone else's, the password is a secret)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record


def record_login_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    typed = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    user_id = get_user_model().objects.filter(email=typed).values_list("pk", flat=True).first() if typed else None
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(user_id) if user_id else "",
        request=request,
        reason="" if user_id else "unknown account",
    )
