"""A parent asks for help in French; an intake officer finds the request, triages and assigns it."""

from __future__ import annotations

import re

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.intake.models import HelpRequest
from openaef.intake.reference import normalise_reference
from openaef.intake.states import RequestStatus
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.factories import PASSWORD, UserFactory


def _submit_request_as_a_parent(page) -> str:  # type: ignore[no-untyped-def]
    page.goto("/fr/")
    page.locator("main a[href='/fr/request/']").first.click()
    page.locator("main a[href='/fr/request/form/']").first.click()
    assert "/fr/request/form/" in page.url

    page.check("input[name=requester_type][value=family_member]")
    page.fill("input[name=requester_name]", "Marie Schmit")
    page.fill("input[name=requester_relationship]", "Mère")
    page.fill("input[name=child_first_names]", "Léa")
    page.fill("input[name=child_surname]", "Schmit-Kieffer")
    page.fill("input[name=child_birth_date_day]", "14")
    page.fill("input[name=child_birth_date_month]", "3")
    page.fill("input[name=child_birth_date_year]", "2016")
    page.check("input[name=child_present_in_country][value=yes]")
    page.select_option("select[name=child_commune]", label="Differdange")
    page.select_option("select[name=child_situation]", value="fundamental_school")
    page.fill("textarea[name=situation]", "Depuis la séparation, Léa ne dort plus et refuse d'aller à l'école.")
    page.locator("input[name=needs]").first.check()
    page.check("input[name=preferred_language][value=fr]")
    page.check("input[name=contact_preference][value=phone]")
    page.fill("input[name=contact_phone]", "621 123 456")

    # A first attempt with the telephone missing shows the error and keeps everything typed.
    page.fill("input[name=contact_phone]", "")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("input[name=child_surname]") == "Schmit-Kieffer"
    assert page.input_value("textarea[name=situation]").startswith("Depuis la séparation")

    page.fill("input[name=contact_phone]", "621 123 456")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/fr/request/sent/"))
    panel = page.locator(".govuk-panel").inner_text()
    match = re.search(r"AEF-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{3}", panel)
    assert match, panel
    reference = match.group(0)
    assert normalise_reference(reference) == reference
    receipt = page.request.get(page.locator("a[href$='receipt.pdf']").first.get_attribute("href"))
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    return reference


def test_a_parent_asks_for_help_and_an_intake_officer_assigns_it(page, browser, live_server):
    reference = _submit_request_as_a_parent(page)
    help_request = HelpRequest.objects.get(reference=reference)
    assert help_request.status == RequestStatus.RECEIVED
    assert help_request.proposed_office.code == "ORE-DIFF"

    office = Office.objects.get(pack="lu", code="ORE-DIFF")
    intake = UserFactory(email="intake@example.test", full_name="Ines Intake", roles=[Role.INTAKE_OFFICER])
    authenticator = confirmed_authenticator(intake)
    UserFactory(email="cpi@example.test", full_name="Claude Coordinateur", roles=[(Role.COORDINATOR, office)])

    staff = browser.new_context(base_url=live_server.url).new_page()
    staff.goto("/fr/staff/login/")
    staff.fill("input[name=username]", "intake@example.test")
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("main form button[type=submit]").click()
    # The second factor: the code the officer's authenticator app shows now.
    staff.wait_for_url(re.compile(r"/fr/staff/account/verify/"))
    staff.fill("input[name=code]", current_code(authenticator))
    staff.locator("main form button[type=submit]").first.click()
    staff.wait_for_url(re.compile(r"/fr/staff/requests/"))

    staff.goto("/fr/staff/requests/")
    staff.fill("input[name=q]", reference)
    staff.locator(".moj-filter form button[type=submit]").click()
    staff.get_by_role("link", name=reference).click()
    assert reference in staff.locator("main h1, main .govuk-caption-l, main .govuk-caption-xl").all_inner_texts()[0] or (
        reference in staff.locator("main").inner_text()
    )

    # Start triage, then accept and assign to the proposed office and its coordinator.
    staff.locator("details:has(form[data-transition=in_triage]) summary").click()
    staff.locator("form[data-transition=in_triage] button[type=submit]").click()
    staff.wait_for_load_state()
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.IN_TRIAGE

    staff.locator("details:has(form[data-transition=accepted]) summary").click()
    accept = staff.locator("form[data-transition=accepted]")
    # htmx reloads the office's coordinators in place: wait for them before choosing one.
    with staff.expect_response(lambda response: "/staff/coordinators/" in response.url):
        accept.locator("select[name=accepted-office]").select_option(value=str(office.pk))
    staff.wait_for_timeout(100)  # let htmx swap the options in
    accept.locator("select[name=accepted-coordinator]").select_option(label="Claude Coordinateur")
    accept.locator("button[type=submit]").click()
    staff.wait_for_load_state()

    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ACCEPTED
    assert help_request.office == office
    assert help_request.coordinator.email == "cpi@example.test"
    history = staff.locator("main").inner_text()
    assert "Ines Intake" in history
