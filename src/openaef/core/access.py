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
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Marks a view as open to anonymous visitors (the public portal, login, health)."""
    view = login_not_required(view)
    view.openaef_public = True  # type: ignore[attr-defined]
    return view


def require_permission(perm: str) -> Callable[[View], View]:
    """Requires a logged-in user holding ``perm`` (a django-rules permission)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.openaef_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


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
