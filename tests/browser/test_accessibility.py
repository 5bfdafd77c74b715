"""axe-core (WCAG 2.1 A and AA) on every public page, in every language, with and without JavaScript."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from openaef.directory.models import MeasureType, Service

from .conftest import axe_violations

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def public_pages() -> list[tuple[str, str]]:
    measure = MeasureType.objects.filter(pack="lu").order_by("position").first()
    service = Service.objects.filter(pack="lu").order_by("code").first()
    pages = [
        ("home", reverse("portal:home")),
        ("measures", reverse("portal:measure_list")),
        ("measure", reverse("portal:measure_detail", args=[measure.code])),
        ("directory", reverse("portal:directory")),
        ("directory search", reverse("portal:directory") + "?q=famille&near=4031&age=8"),
        ("service", reverse("portal:service_detail", args=[service.code])),
        ("offices", reverse("portal:office_list")),
        ("eligibility", reverse("portal:eligibility")),
        ("116 000", reverse("portal:hotline")),
        ("request start", reverse("portal:request_start")),
        ("request form", reverse("portal:request_form")),
        ("staff sign in", reverse("backoffice:login")),
    ]
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_passes_axe(page, language):
    with translation.override(language):
        pages = public_pages()
    failures = {}
    for name, path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{name} {path} -> {response and response.status}"
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        if violations:
            failures[f"{name} ({path})"] = violations
    assert not failures, failures


@pytest.mark.parametrize("language", ["fr", "lb"])
def test_the_request_form_with_errors_passes_axe(page, language):
    with translation.override(language):
        path = reverse("portal:request_form")
    page.goto(path)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert axe_violations(page) == []


def test_public_pages_work_without_javascript(page_without_js):
    with translation.override("fr"):
        pages = public_pages()
    for name, path in pages:
        response = page_without_js.goto(path)
        assert response is not None and response.status == 200, name
        assert page_without_js.locator("main h1").count() == 1, name
