"""A strict Content Security Policy everywhere, and nothing a professional sees ever cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import openaef

from .test_unverified_walk import PROTECTED

PACKAGE = Path(openaef.__file__).parent
# Rendered to PDF by WeasyPrint, never served as a page: no CSP applies there.
PDF_TEMPLATES = re.compile(r"_pdf\.html$")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I)
INLINE_STYLE = re.compile(r"<style|\sstyle=|\son[a-z]+=|javascript:|hx-on", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["portal:home", "backoffice:login"])
def test_every_page_carries_a_strict_content_security_policy(client, url_name):
    policy = directives(client.get(reverse(url_name))["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert not [v for values in policy.values() for v in values if "unsafe" in v or v in ("*", "http:", "https:")]


@pytest.mark.django_db
def test_the_set_up_page_uses_only_what_the_policy_allows(client, coordinator):
    client.force_login(coordinator, verified=False)
    html = client.get(reverse("backoffice:account_enrol")).content.decode()
    assert re.search(r'<img src="data:image/svg\+xml', html)
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)


def test_no_template_has_an_inline_script_or_style():
    offenders = []
    for template in sorted(PACKAGE.rglob("templates/**/*.html")):
        if PDF_TEMPLATES.search(template.name):
            continue
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(template.relative_to(PACKAGE)))
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), PROTECTED, ids=[route for route, _ in PROTECTED])
def test_every_back_office_page_is_never_stored(client, intake_officer, route, pattern):
    client.force_login(intake_officer)
    response = client.get("/" + route)
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"/{route} -> {response.status_code} {cache_control!r}"
    assert "private" in cache_control


@pytest.mark.django_db
def test_pages_of_a_half_signed_in_user_are_never_stored(client, coordinator):
    client.force_login(coordinator, verified=False)
    for url in (reverse("backoffice:account_enrol"), reverse("backoffice:home")):
        assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.django_db
def test_the_recovery_codes_page_is_never_stored(client, coordinator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .factories import current_code

    client.force_login(coordinator, verified=False)
    client.get(reverse("backoffice:account_enrol"))
    client.post(reverse("backoffice:account_enrol"), {"code": current_code(TOTPDevice.objects.get(user=coordinator))})
    response = client.get(reverse("backoffice:account_recovery_codes"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
