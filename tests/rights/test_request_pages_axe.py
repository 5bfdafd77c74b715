"""axe-core (WCAG 2.1 A and AA) on the file-access request pages, with errors shown where a page
has a form. Every wait is bounded: a page that never finishes loading fails the test instead of
hanging it (the browser is driven from a thread of its own, given a deadline)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from openaef.cases.models import Framework
from openaef.directory.models import Office
from openaef.rights.models import Applicant
from openaef.rights.services import access_request_link_person
from openaef.rights.services_appointments import Slot, access_appointment_offer
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations
from tests.cases.factories import PersonFactory, make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, session_cookie  # noqa: F401
from tests.factories import UserFactory

from .factories import checked_request, make_access_request, next_opening

pytestmark = pytest.mark.browser
STEP_TIMEOUT_MS = 15_000
WHOLE_TIMEOUT_S = 300


def browse(base_url: str, cookie: str, visits: list[tuple[str, list[str]]]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    failures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path, actions in visits:
            context = browser.new_context(base_url=base_url)
            context.set_default_timeout(STEP_TIMEOUT_MS)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
            page = context.new_page()
            # "load" rather than "networkidle": nothing on these pages polls, but a wait for an
            # idle network is where a page that keeps a connection open would hang.
            response = page.goto(path, wait_until="load")
            assert response is not None and response.status == 200, f"{path} -> {response and response.status}"
            for action in actions:
                page.locator(action).first.click()
                page.wait_for_load_state("load")
            violations = axe_violations(page)
            if violations:
                failures[f"{path} {actions}"] = violations
            context.close()
        browser.close()
    return failures


def test_the_file_access_request_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    from openaef.accounts.models import Role

    dpo = UserFactory(full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    request = checked_request(dpo)
    child = PersonFactory(surname="Weber", first_names="Lena")
    make_case(office=esch, child=child, framework=Framework.JUDICIAL)
    request = access_request_link_person(actor=dpo, access_request=request, person=child, expected_version=request.version)
    slot = Slot(office=esch, starts_at=next_opening(esch), duration_minutes=60, professional=dpo)
    appointment = access_appointment_offer(actor=dpo, access_request=request, slot=slot, expected_version=request.version)
    child_request = make_access_request(applicant=Applicant.CHILD, child_name="")
    walk_in = checked_request(dpo)
    submit = "main form button[type=submit]"
    visits = [
        (reverse("backoffice:file_access_list"), []),
        (reverse("backoffice:file_access_detail", args=[request.pk]), []),
        (reverse("backoffice:file_access_identity", args=[child_request.pk]), []),
        (reverse("backoffice:file_access_identity", args=[child_request.pk]), [submit]),
        (reverse("backoffice:file_access_person", args=[walk_in.pk]), [submit]),
        (reverse("backoffice:file_access_appointment", args=[walk_in.pk]), []),
        (reverse("backoffice:file_access_appointment", args=[walk_in.pk]), ["main form button.govuk-button"]),
        (reverse("backoffice:file_access_appointment_move", args=[request.pk, appointment.pk]), []),
        (reverse("backoffice:file_access_appointment_cancel", args=[request.pk, appointment.pk]), [submit]),
        (reverse("backoffice:file_access_appointment_letter", args=[request.pk, appointment.pk]), []),
        (reverse("backoffice:file_access_consultation", args=[request.pk]), []),
        (reverse("backoffice:file_access_consultation", args=[walk_in.pk]), [submit]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, session_cookie(dpo), visits).result(timeout=WHOLE_TIMEOUT_S)
    assert not failures, failures
