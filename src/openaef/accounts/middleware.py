"""Session lifetime and the second factor, enforced on every request.

``SessionLifetimeMiddleware`` goes right after AuthenticationMiddleware (and before
django-otp's OTPMiddleware): it signs out a session idle for too long or older than the
absolute lifetime, whatever page is asked for. ``SecondFactorRequiredMiddleware`` goes after
PermissionDeclaredMiddleware: a signed-in user who has not yet given their second factor
reaches only public pages and the second-factor steps; everything else sends them to the step
they are at (code, or enrolment when they have no authenticator yet).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from openaef.core.access import View, declared_access

from .sessions import ENDED, expiry_reason, touch
from .twofactor import has_second_factor

# The second-factor pages live in the back office (backoffice/urls_account.py).
VERIFY_URL = "backoffice:account_verify"
ENROL_URL = "backoffice:account_enrol"


def second_factor_step(view: View) -> View:
    """Marks a view an unverified user must be able to reach (entering a code, enrolling)."""
    view.openaef_second_factor_step = True  # type: ignore[attr-defined]
    return view


def second_factor_url(user: Any, next_url: str = "") -> str:
    """Where a user who gave their password goes next: the code, or enrolment."""
    url = reverse(VERIFY_URL if has_second_factor(user) else ENROL_URL)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            reason = expiry_reason(session)
            if reason:
                logout(request)
                # The new, anonymous session tells the login page why the user must sign in again.
                request.session[ENDED] = reason
            else:
                touch(session)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
            return None
        access = declared_access(view_func)
        if access == "public" or getattr(view_func, "openaef_second_factor_step", False):
            return None
        if access == "api":
            # The API authenticates with the session: half a sign-in is no sign-in there.
            request.user = AnonymousUser()
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(second_factor_url(user, next_url))
