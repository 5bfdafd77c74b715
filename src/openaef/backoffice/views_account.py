"""The second step of signing in (a code, or setting up an authenticator) and one's own account."""

from __future__ import annotations

from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openaef.accounts.middleware import second_factor_step, second_factor_url
from openaef.accounts.services import (
    second_factor_enrol,
    second_factor_enrolment_start,
    second_factor_reset,
    user_change_email,
)
from openaef.accounts.sessions import mark_reauthenticated, recently_authenticated
from openaef.accounts.twofactor import (
    check_code,
    confirmed_totp,
    has_second_factor,
    manual_secret,
    qr_code_data_uri,
    recovery_codes_left,
)
from openaef.core.access import require_permission

from .forms_account import EmailChangeForm, EnrolmentForm, ReauthenticationForm, RecoveryCodesSavedForm, SecondFactorForm

RECOVERY_CODES = "openaef_recovery_codes"  # shown once, then dropped from the session


def _next_url(request: HttpRequest, default: str = "backoffice:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse(default)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _credentials(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.email}  # type: ignore[union-attr]


def _locked_out(request: HttpRequest) -> HttpResponse | None:
    """The lockout page (and the end of the half-open session) once django-axes has locked the account."""
    if getattr(request, "axes_locked_out", False) or not AxesProxyHandler.is_allowed(request, _credentials(request)):
        logout(request)
        return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))
    return None


def _wrong_code(request: HttpRequest, form: Any, wait_seconds: int) -> None:
    """A wrong code is a failed sign-in: django-axes counts it towards the lockout, the audit log records it."""
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)
    if wait_seconds:
        message = _("Too many wrong codes. Wait %(seconds)s seconds, then enter the code the app shows.") % {
            "seconds": wait_seconds
        }
    else:
        message = _("The code is not correct. Enter the code the app shows now, or an unused recovery code.")
    form.add_error("code", message)


def _second_factor_given(request: HttpRequest, device: Any) -> None:
    django_otp.login(request, device)
    mark_reauthenticated(request.session)
    # The sign-in is complete: earlier failures no longer count (AXES_RESET_ON_SUCCESS is off).
    AxesProxyHandler.reset_attempts(username=request.user.email)  # type: ignore[union-attr]


@second_factor_step
@require_permission("accounts.use_second_factor")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    if not has_second_factor(user):  # type: ignore[arg-type]
        return redirect(second_factor_url(user, next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        if locked := _locked_out(request):
            return locked
        if form.is_valid():
            result = check_code(user, form.cleaned_data["code"])  # type: ignore[arg-type]
            if result.device is not None:
                _second_factor_given(request, result.device)
                return redirect(next_url)
            _wrong_code(request, form, result.wait_seconds)
            if locked := _locked_out(request):
                return locked
    return render(request, "backoffice/account/verify.html", {"form": form, "next": next_url})


@second_factor_step
@require_permission("accounts.use_second_factor")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():  # type: ignore[union-attr]
        return redirect("backoffice:account")
    if has_second_factor(user):  # type: ignore[arg-type]
        return redirect(second_factor_url(user, next_url))
    device = second_factor_enrolment_start(actor=user, user=user)  # type: ignore[arg-type]
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST":
        if locked := _locked_out(request):
            return locked
        if form.is_valid():
            try:
                codes = second_factor_enrol(actor=user, user=user, device=device, code=form.cleaned_data["code"])  # type: ignore[arg-type]
            except ValidationError:
                _wrong_code(request, form, 0)
                if locked := _locked_out(request):
                    return locked
            else:
                _second_factor_given(request, device)
                request.session[RECOVERY_CODES] = codes
                return redirect(_with_next("backoffice:account_recovery_codes", next_url))
    context = {"form": form, "next": next_url, "qr_code": qr_code_data_uri(device), "secret": manual_secret(device)}
    return render(request, "backoffice/account/enrol.html", context)


@require_permission("accounts.view_own_account")
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(RECOVERY_CODES)
    if not codes:
        return redirect("backoffice:account")
    next_url = _next_url(request)
    form = RecoveryCodesSavedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        del request.session[RECOVERY_CODES]
        return redirect(next_url)
    return render(request, "backoffice/account/recovery_codes.html", {"form": form, "codes": codes, "next": next_url})


@require_permission("accounts.view_own_account")
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = user.memberships.select_related("office", "provider").order_by("role", "id")  # type: ignore[union-attr]
    context = {
        "memberships": list(memberships),
        "authenticator": confirmed_totp(user),  # type: ignore[arg-type]
        "recovery_codes_left": recovery_codes_left(user),  # type: ignore[arg-type]
    }
    return render(request, "backoffice/account/account.html", context)


@require_permission("accounts.change_own_account")
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request, "backoffice:account")
    form = ReauthenticationForm(request.POST or None)
    if request.method == "POST":
        if locked := _locked_out(request):
            return locked
        if form.is_valid():
            # authenticate() goes through django-axes: a wrong password counts towards the lockout.
            if authenticate(request, username=user.email, password=form.cleaned_data["password"]) is None:  # type: ignore[union-attr]
                form.add_error("password", _("The password is not correct."))
            else:
                result = check_code(user, form.cleaned_data["code"])  # type: ignore[arg-type]
                if result.device is not None:
                    mark_reauthenticated(request.session)
                    return redirect(next_url)
                _wrong_code(request, form, result.wait_seconds)
            if locked := _locked_out(request):
                return locked
    return render(request, "backoffice/account/reauthenticate.html", {"form": form, "next": next_url})


def _needs_reauthentication(request: HttpRequest) -> HttpResponse | None:
    if recently_authenticated(request.session):
        return None
    return redirect(_with_next("backoffice:account_reauthenticate", request.path))


@require_permission("accounts.change_own_account")
@require_http_methods(["GET", "POST"])
def change_email(request: HttpRequest) -> HttpResponse:
    if response := _needs_reauthentication(request):
        return response
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_email(actor=request.user, user=request.user, email=form.cleaned_data["email"])  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your e-mail address has been changed. Sign in with it from now on."))
            return redirect("backoffice:account")
    return render(request, "backoffice/account/change_email.html", {"form": form})


@require_permission("accounts.change_own_account")
@require_http_methods(["GET", "POST"])
def reset_second_factor(request: HttpRequest) -> HttpResponse:
    if response := _needs_reauthentication(request):
        return response
    if request.method == "POST":
        second_factor_reset(actor=request.user, user=request.user, keep_session_key=request.session.session_key)  # type: ignore[arg-type]
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        return redirect(_with_next("backoffice:account_enrol", reverse("backoffice:account")))
    return render(request, "backoffice/account/reset_second_factor.html", {})
