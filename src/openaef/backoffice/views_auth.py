"""Signing in and out of the back office, and the home page that follows."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openaef.core.access import public, require_permission

from .forms import EmailAuthenticationForm

# django-axes counts the failures and answers a locked account with backoffice/locked_out.html
# (status 429) before the password is even checked.
login = public(
    auth_views.LoginView.as_view(
        template_name="backoffice/login.html",
        authentication_form=EmailAuthenticationForm,
        redirect_authenticated_user=True,
    )
)

# Django's LogoutView accepts POST only, so a link or an image cannot sign anyone out.
logout = public(auth_views.LogoutView.as_view())


@require_permission("backoffice.view_home")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.has_perm("intake.view_inbox"):
        return redirect("backoffice:inbox")
    roles = sorted({m.get_role_display() for m in user.memberships.all()})  # type: ignore[union-attr]
    return render(request, "backoffice/home.html", {"roles": roles})
