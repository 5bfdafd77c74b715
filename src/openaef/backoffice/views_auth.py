"""Signing in and out of the back office, and the home page that follows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from openaef.accounts.middleware import second_factor_url
from openaef.accounts.models import Role
from openaef.accounts.sessions import ENDED
from openaef.core.access import public, require_permission

from .forms_account import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    """The password step. django-axes counts the failures and answers a locked account with
    backoffice/locked_out.html (status 429) before the password is even checked."""

    template_name = "backoffice/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # A password is half a sign-in: the code (or setting up an authenticator) comes next.
        return second_factor_url(self.request.user, super().get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ended = self.request.session.pop(ENDED, "") if self.request.method == "GET" else ""
        context["session_ended"] = ended
        context["idle_minutes"] = settings.OPENAEF_SESSION_IDLE_SECONDS // 60
        context["max_age_hours"] = round(settings.OPENAEF_SESSION_MAX_AGE_SECONDS / 3600, 1)
        return context


login = public(LoginView.as_view())

# Django's LogoutView accepts POST only, so a link or an image cannot sign anyone out.
logout = public(auth_views.LogoutView.as_view())


@require_permission("backoffice.view_home")
def home(request: HttpRequest) -> HttpResponse:
    """Each professional starts where their day's work is."""
    user = request.user
    if user.has_role(Role.COORDINATOR, Role.OFFICE_HEAD):  # type: ignore[union-attr]
        return redirect("backoffice:dashboard")
    if user.has_role(Role.PROVIDER_STAFF):  # type: ignore[union-attr]
        try:
            return redirect(reverse("backoffice:provider_inbox"))
        except NoReverseMatch:
            pass  # the providers' portal is not installed in this version
    if user.has_perm("intake.view_inbox"):
        return redirect("backoffice:inbox")
    roles = sorted({m.get_role_display() for m in user.memberships.all()})  # type: ignore[union-attr]
    return render(request, "backoffice/home.html", {"roles": roles})
