"""A coordinator opens a case file from an accepted request, adds a note and a document; a
coordinator of another office cannot see the case."""

from __future__ import annotations

import re

from openaef.accounts.models import Role
from openaef.cases.models import CaseFile, Document, JournalNote
from openaef.directory.models import Office
from openaef.intake.states import RequestStatus
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.factories import PASSWORD, HelpRequestFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def sign_in(browser, live_server, email: str, authenticator) -> object:  # type: ignore[no-untyped-def]
    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(10_000)
    page.goto("/fr/staff/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/staff/account/verify/"))
    page.fill("input[name=code]", current_code(authenticator))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/fr/staff/(?!account)"))
    return page


def test_a_coordinator_opens_a_case_adds_a_note_and_a_document_and_another_office_cannot_see_it(
    browser, live_server, lu_pack, tmp_path
):  # type: ignore[no-untyped-def]
    esch, wiltz = Office.objects.get(pack="lu", code="ORE-ESCH"), Office.objects.get(pack="lu", code="ORE-WILT")
    carla = UserFactory(email="carla@example.test", full_name="Carla Coordinatrice", roles=[(Role.COORDINATOR, esch)])
    walter = UserFactory(email="walter@example.test", full_name="Walter Wiltz", roles=[(Role.COORDINATOR, wiltz)])
    help_request = HelpRequestFactory(
        status=RequestStatus.ACCEPTED, office=esch, coordinator=carla, child_first_names="Léa", child_surname="Schmit"
    )

    page = sign_in(browser, live_server, carla.email, confirmed_authenticator(carla))
    page.goto("/fr/staff/cases/")
    page.locator(f"a[href$='/cases/from-request/{help_request.pk}/']").click()
    # Nothing is typed again: the child and the family come from the request.
    assert "Schmit" in page.locator("main").inner_text()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/fr/staff/cases/\d+/$"))
    case = CaseFile.objects.get(request=help_request)
    assert case.child.surname == "Schmit" and case.coordinator == carla and case.office == esch

    page.locator(f"a[href$='/cases/{case.pk}/notes/add/']").first.click()
    page.locator("input[name=kind]").first.check()
    page.fill("input[name=title]", "Première visite")
    page.fill("textarea[name=text]", "Visite à domicile : Léa était présente avec sa mère.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/fr/staff/cases/{case.pk}/"))
    assert "Première visite" in page.locator("main").inner_text()
    assert JournalNote.objects.filter(case=case, author=carla).count() == 1

    page.locator(f"a[href$='/cases/{case.pk}/documents/upload/']").first.click()
    page.fill("input[name=title]", "Bulletin scolaire")
    page.locator("select[name=document_type], input[name=document_type]").first.evaluate(
        "el => { if (el.tagName === 'SELECT') { el.value = 'school'; } else { el.checked = true; } }"
    )
    report = tmp_path / "bulletin.pdf"
    report.write_bytes(PDF)
    page.set_input_files("input[name=file]", str(report))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/fr/staff/cases/{case.pk}/"))
    assert "Bulletin scolaire" in page.locator("main").inner_text()
    document = Document.objects.get(case=case)
    assert document.content_type == "application/pdf" and document.size == len(PDF)

    # A coordinator of the Wiltz office: not found, whether the case exists or not.
    other = sign_in(browser, live_server, walter.email, confirmed_authenticator(walter))
    response = other.goto(f"/fr/staff/cases/{case.pk}/")
    assert response.status == 404
    assert "Schmit" not in other.content()
    download = other.request.get(f"/fr/staff/cases/{case.pk}/documents/{document.pk}/download/")
    assert download.status in (403, 404)
