"""axe-core (WCAG 2.1 A and AA) on the case pages, as a coordinator and an office head see them,
with errors and results shown where a page has a form.

Chromium is driven from a thread of its own: Playwright's sync API allows one instance per
thread, and the session-wide browser of tests/browser may already be running in this one.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.cases.services import case_transition
from openaef.directory.models import Office
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.factories import UserFactory

from .factories import PersonFactory, make_case
from .test_services import accepted_request

pytestmark = pytest.mark.browser


@pytest.fixture
def audit_log_flushable(transactional_db):  # type: ignore[no-untyped-def]
    """The flush after a live-server test truncates the audit log, which its guard trigger
    refuses unless the session says so (as in tests/browser)."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET openaef.audit_allow_truncate = 'on'")


def session_cookie(user: Any) -> str:
    """The session of a full sign-in (both factors), to hand to the browser."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def browse(base_url: str, visits: list[tuple[str, str, list[str]]]) -> dict[str, Any]:
    """Visits each (cookie, path, clicks) and returns axe's violations by page."""
    from playwright.sync_api import sync_playwright

    failures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for cookie, path, actions in visits:
            context = browser.new_context(base_url=base_url)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
            page = context.new_page()
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path} -> {response and response.status}"
            for action in actions:
                kind, _, target = action.partition(":")
                if kind == "fill":
                    selector, _, value = target.partition("=")
                    page.fill(selector, value)
                else:
                    page.locator(target).first.click()
                    page.wait_for_load_state()
            violations = axe_violations(page)
            if violations:
                failures[f"{path} {actions}"] = violations
            context.close()
        browser.close()
    return failures


def test_the_case_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    head = UserFactory(full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])
    case = make_case(office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa"))
    mother = PersonFactory(surname="Schmit", first_names="Marie", birth_date=dt.date(1984, 2, 3))
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, agrees=True, position=1)
    case_transition(actor=coordinator, case=case, target="active", expected_version=1)
    PersonFactory(surname="Schmit-Kieffer", first_names="Léa Marie", birth_date=dt.date(2016, 4, 2))
    help_request = accepted_request(office, coordinator)
    carla, bob = session_cookie(coordinator), session_cookie(head)
    detail = reverse("backoffice:case_detail", args=[case.pk])
    visits = [
        (carla, reverse("backoffice:case_list"), []),
        (carla, reverse("backoffice:case_office_list"), []),
        (carla, reverse("backoffice:case_search"), []),
        (carla, reverse("backoffice:case_search"), ["fill:#id_name=schmit", "click:main form button[type=submit]"]),
        (carla, detail, []),
        # "Close the case" without a reason: the error summary and the message by the field.
        (carla, detail, ["click:details:last-of-type summary", "click:details[open] form button[type=submit]"]),
        (carla, reverse("backoffice:case_edit", args=[case.pk]), []),
        (carla, reverse("backoffice:case_open"), []),
        (carla, reverse("backoffice:case_open"), ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:case_open_from_request", args=[help_request.pk]), []),
        (carla, reverse("backoffice:case_participant_add", args=[case.pk]), []),
        (carla, reverse("backoffice:case_emergency_lookup"), []),
        (bob, reverse("backoffice:case_workload"), []),
        (bob, detail, []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
