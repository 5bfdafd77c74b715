from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openaef.core.access import public, require_permission


@require_permission("backoffice.view_home")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/home.html")


login = public(auth_views.LoginView.as_view(template_name="backoffice/login.html", redirect_authenticated_user=True))
