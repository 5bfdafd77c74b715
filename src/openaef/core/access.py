"""Declaring who may reach a view.

Deny by default: LoginRequiredMiddleware refuses anonymous visitors everywhere except on views
marked ``public``; PermissionDeclaredMiddleware refuses any other view that does not declare
the permission it needs with ``require_permission``. A test walks every URL to prove it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Any response: pages, redirects, streamed exports.
View = Callable[..., HttpResponseBase]


def public(view: View) -> View:
    """Marks a view as open to anonymous visitors (the public portal, login, health)."""
    view = login_not_required(view)
    view.openaef_public = True  # type: ignore[attr-defined]
    return view


def require_permission(perm: str) -> Callable[[View], View]:
    """Requires a logged-in user holding ``perm`` (a django-rules permission)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_perm(perm):
                _audit_refusal(request, perm)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.openaef_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _audit_refusal(request: HttpRequest, perm: str) -> None:
    # Imported here: the audit app's models load after this module (middleware imports it).
    from openaef.audit.models import AuditAction
    from openaef.audit.services import audit_record

    audit_record(
        actor=request.user,
        action=AuditAction.ACCESS_REFUSED,
        object_type="permission",
        object_id=perm[:40],
        request=request,
        reason=f"{request.method} {request.path}"[:500],
    )


def audit_refused(*, actor: Any, object_type: str, object_id: Any, request: HttpRequest | None = None) -> None:
    """Records a refused access to one record. Access functions that answer "not found" for
    forbidden call this when the record exists but ``actor`` may not see it, then raise Http404."""
    from openaef.audit.services import audit_refused as record

    record(actor=actor, object_type=object_type, object_id=object_id, request=request)


def api_view(view: View) -> View:
    """Marks a django-ninja view, which checks authentication per operation itself (the API
    denies by default with ``auth=django_auth``; public operations say ``auth=None``)."""
    view = login_not_required(view)
    view.openaef_api = True  # type: ignore[attr-defined]
    return view


def declared_access(view: Any) -> str | None:
    """The access a view declares: 'public', 'api', a permission name, or None when it declares none."""
    if getattr(view, "openaef_api", False):
        return "api"
    view_class = getattr(view, "view_class", None)
    for candidate in (view, view_class):
        if candidate is None:
            continue
        if getattr(candidate, "openaef_public", False):
            return "public"
        perm = getattr(candidate, "openaef_permission", None)
        if perm:
            return str(perm)
    return None
