"""axe-core (WCAG 2.1 A and AA) on the journal pages, as the coordinator sees them, errors included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.models import Confidentiality, Document, DocumentType
from openaef.directory.models import Office
from tests.browser.conftest import axe_violations
from tests.cases.journal_factories import make_case, make_note, make_task
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def sign_in(browser_page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_the_journal_pages_pass_axe(page, live_server):
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(email="carla@example.test", full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    case = make_case(office=office, coordinator=coordinator)
    make_note(case, coordinator, title="Première visite")
    make_note(case, coordinator, title="Observation", confidentiality=Confidentiality.RESTRICTED)
    Document.objects.create(
        case=case,
        uploaded_by=coordinator,
        document_type=DocumentType.REPORT,
        title="Rapport initial",
        file="cases/2026/11/0123456789abcdef0123456789abcdef.pdf",
        original_name="rapport.pdf",
        content_type="application/pdf",
        size=123_456,
        sha256="0" * 64,
    )
    task = make_task(case, title="Appeler l'école", due_on=timezone.localdate() - dt.timedelta(days=1))
    make_task(case, title="Rapport", due_on=timezone.localdate() + dt.timedelta(days=3))
    sign_in(page, live_server, coordinator)

    pages = {
        "case page": reverse("backoffice:case_detail", args=[case.pk]),
        "journal": reverse("backoffice:case_journal", args=[case.pk]),
        "note add": reverse("backoffice:case_note_add", args=[case.pk]),
        "document upload": reverse("backoffice:case_document_upload", args=[case.pk]),
        "task add": reverse("backoffice:case_task_add", args=[case.pk]),
        "task edit": reverse("backoffice:case_task_edit", args=[case.pk, task.pk]),
        "overdue": reverse("backoffice:tasks_overdue"),
    }
    failures = {}
    for name, path in pages.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{name} {path} -> {response and response.status}"
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        if name in ("note add", "document upload", "task add"):
            page.fill("input[name=title]", "")
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
            assert page.locator(".govuk-error-summary").count() == 1, name
            violations = axe_violations(page)
            if violations:
                failures[f"{name} with errors"] = violations
    assert not failures, failures
