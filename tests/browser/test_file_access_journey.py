"""Issue 7's file-access journey, clicked through the pages: a mother asks online, with
JavaScript off, to see her daughter's file (no reason asked); a mistake is pointed out and
nothing she typed is lost; sending the form twice makes one request. The data protection officer
sees it in the list with its due date, links it to the child's (judicial) case file, records the
identity check, offers an appointment at the Esch office on a working day before the answer is
due (the invitation leaves by e-mail with its calendar file), prepares the copy of the file,
reviews every item (the note naming the father is redacted, a confidential call withheld, the
rest released), releases the PDF, records the consultation and closes the request.

Only the starting data is written with factories; every step after that is a click. axe checks
each page visited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, Confidentiality, Framework, JournalNote, NoteKind, ParticipantRole
from openaef.directory.models import Office
from openaef.notifications.models import Notification, NotificationKind
from openaef.rights.models import (
    AccessAppointment,
    AccessConsultation,
    AppointmentStatus,
    ExportItem,
    ExportStatus,
    FileAccessRequest,
    FileExport,
    ItemDecision,
    ItemFlag,
)
from openaef.rights.pdf_export import export_html
from openaef.rights.states import AccessStatus
from tests.cases.factories import PersonFactory, make_case
from tests.factories import UserFactory
from tests.rights.factories import next_opening

from .conftest import axe_violations
from .test_hotline_journey import sign_in
from .test_project_measure_journey import assert_accessible, assert_no_errors, click_link, fill_date, main_text, submit

EMAIL = "anne.schmit@example.test"
FATHER = "Marc Müller"
FATHER_NOTE = "Home visit. Marc Müller was present; Léna was well and showed us her drawings."
CONFIDENTIAL = "A neighbour called about shouting at night."
MARKER = "[third party]"
# What the public form asks (AEF art. 7), and nothing else: no reason.
PUBLIC_FIELDS = {
    "csrfmiddlewaretoken",
    "submission_token",
    "applicant",
    "child_name",
    "surname_at_birth",
    "first_names",
    "place_of_birth",
    "birth_date_day",
    "birth_date_month",
    "birth_date_year",
    "contact_email",
    "contact_phone",
    "contact_address",
}


def starting_data() -> dict[str, Any]:
    """Léna (9) has a judicial case in Esch; her mother Anne (born Schmit) and her father Marc
    Müller are in it. Dora is the data protection officer."""
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(email="carla@example.test", full_name="Carla Coordinatrice", roles=[(Role.COORDINATOR, esch)])
    child = PersonFactory(surname="Weber", first_names="Léna", birth_date=dt.date(timezone.localdate().year - 9, 3, 8))
    mother = PersonFactory(surname="Weber", surname_at_birth="Schmit", first_names="Anne", birth_date=dt.date(1986, 5, 1))
    father = PersonFactory(surname="Müller", first_names="Marc", birth_date=dt.date(1983, 4, 5))
    case = make_case(
        office=esch, coordinator=coordinator, child=child, framework=Framework.JUDICIAL, summary="Support at home ordered."
    )
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    CaseParticipant.objects.create(case=case, person=father, role=ParticipantRole.PARENT, position=2)
    JournalNote.objects.create(
        case=case, author=coordinator, kind=NoteKind.VISIT, occurred_on=dt.date(2026, 2, 3), text=FATHER_NOTE
    )
    JournalNote.objects.create(
        case=case,
        author=coordinator,
        kind=NoteKind.CALL,
        occurred_on=dt.date(2026, 2, 4),
        text=CONFIDENTIAL,
        confidentiality=Confidentiality.RESTRICTED,
    )
    dpo = UserFactory(email="dora@example.test", full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])
    return {"esch": esch, "case": case, "child": child, "dpo": dpo}


# ---------------------------------------------------------------- the mother, JavaScript off


class AxeWithoutJavaScript:
    """axe runs as a script, which a page without JavaScript will not run (Playwright then waits
    for ever): each page the mother sees is copied, as served, into a page with JavaScript on,
    on the same site so that its styles load, and checked there."""

    def __init__(self, browser: Any, live_server: Any) -> None:
        self.page = browser.new_context(base_url=live_server.url, java_script_enabled=True).new_page()
        self.page.set_default_timeout(10_000)
        self.page.goto(reverse("portal:file_access_start"))

    def check(self, page: Any) -> None:
        self.page.set_content(page.content(), wait_until="load")
        assert self.page.locator("main h1").count() == 1
        violations = axe_violations(self.page)
        assert violations == [], (page.url, violations)


def anne_asks_online(browser: Any, live_server: Any) -> FileAccessRequest:
    page = browser.new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    axe = AxeWithoutJavaScript(browser, live_server)
    assert_accessible = axe.check
    page.goto(reverse("portal:file_access_start"))
    assert "You do not need to give a reason." in main_text(page)
    assert_accessible(page)
    click_link(page, reverse("portal:file_access_form"))
    names = _field_names(page)
    assert names == PUBLIC_FIELDS, names
    assert page.locator("main form").get_by_label(re.compile("reason", re.I)).count() == 0
    assert_accessible(page)

    page.check("input[name=applicant][value=parent]")
    page.fill("input[name=child_name]", "Léna Weber")
    page.fill("input[name=surname_at_birth]", "Schmit")
    page.fill("input[name=first_names]", "Anne")
    page.fill("input[name=contact_email]", EMAIL)
    submit(page)  # no place of birth: refused, said by the field, the rest kept
    assert page.locator(".govuk-error-summary").count() == 1
    assert "Enter your place of birth." in page.locator(".govuk-error-message").first.inner_text()
    assert page.locator("input[name=applicant][value=parent]").is_checked()
    assert page.locator("input[name=child_name]").input_value() == "Léna Weber"
    assert page.locator("input[name=surname_at_birth]").input_value() == "Schmit"
    assert page.locator("input[name=first_names]").input_value() == "Anne"
    assert page.locator("input[name=contact_email]").input_value() == EMAIL
    assert FileAccessRequest.objects.count() == 0
    assert_accessible(page)

    page.fill("input[name=place_of_birth]", "Esch-sur-Alzette")
    posted = _form_values(page)
    submit(page)
    assert_no_errors(page)
    assert page.url.endswith(reverse("portal:file_access_confirmation"))
    access_request = FileAccessRequest.objects.get()
    assert access_request.reference in page.locator(".govuk-panel").inner_text()
    assert_accessible(page)

    # The same form sent again (a second click, a reload that re-posts): still one request.
    again = page.request.post(reverse("portal:file_access_form"), form=posted, max_redirects=5, timeout=10_000)
    assert again.ok and access_request.reference in again.text()
    assert FileAccessRequest.objects.count() == 1
    access_request.refresh_from_db()
    assert (access_request.surname_at_birth, access_request.first_names, access_request.place_of_birth) == (
        "Schmit",
        "Anne",
        "Esch-sur-Alzette",
    )
    assert access_request.applicant == "parent" and access_request.contact_email == EMAIL
    assert access_request.language == "en"  # the page she wrote on: the invitation follows it
    page.context.close()
    axe.page.context.close()
    return access_request


def _field_names(page: Any) -> set[str]:
    inputs = page.locator("main form input, main form textarea, main form select")
    return {inputs.nth(i).get_attribute("name") for i in range(inputs.count())}


def _form_values(page: Any) -> dict[str, str]:
    """What the browser would post: the hidden fields as served, the rest as typed."""
    values = {name: page.locator(f"main form [name={name}]").first.input_value() for name in PUBLIC_FIELDS - {"applicant"}}
    values["applicant"] = "parent"
    return values


# ---------------------------------------------------------------- the data protection officer


def dora_finds_the_request_and_links_the_child(page: Any, access_request: FileAccessRequest, data: dict[str, Any]) -> None:
    told = Notification.objects.filter(kind=NotificationKind.ACCESS_REQUEST_RECEIVED, user=data["dpo"]).get()
    assert told.params == {"reference": access_request.reference, "due_on": access_request.due_on.isoformat()}

    page.goto(reverse("backoffice:file_access_list"))
    detail = reverse("backoffice:file_access_detail", args=[access_request.pk])
    row = page.locator(f"main tbody tr:has(a[href='{detail}'])")
    assert row.locator("time").nth(1).get_attribute("datetime") == access_request.due_on.isoformat()
    assert access_request.due_on > timezone.localdate() + dt.timedelta(days=27)
    assert_accessible(page)
    click_link(page, detail)
    assert "Not checked yet" in main_text(page)
    assert_accessible(page)

    click_link(page, reverse("backoffice:file_access_person", args=[access_request.pk]))
    assert_accessible(page)
    page.fill("input[name=q]", "Léna Weber")
    submit(page)
    assert_no_errors(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main tbody tr:has-text('Léna') button[type=submit]").click()
    access_request.refresh_from_db()
    assert access_request.person == data["child"]
    text = main_text(page)
    assert data["case"].reference in text
    # Judicial: the court's own file is consulted at the youth court registry.
    assert "registry of the youth court" in text
    assert_accessible(page)


def dora_checks_identity_and_offers_an_appointment(
    page: Any, access_request: FileAccessRequest, data: dict[str, Any]
) -> AccessAppointment:
    click_link(page, reverse("backoffice:file_access_identity", args=[access_request.pk]))
    assert_accessible(page)
    page.check("input[name=identity_document][value=identity_card]")
    page.fill("input[name=identity_document_last4]", "7x42")
    submit(page)
    assert_no_errors(page)
    access_request.refresh_from_db()
    assert access_request.status == AccessStatus.IDENTITY_CHECKED
    assert (access_request.identity_document, access_request.identity_document_last4) == ("identity_card", "7X42")
    assert access_request.identity_checked_by == data["dpo"]

    click_link(page, reverse("backoffice:file_access_appointment", args=[access_request.pk]))
    assert_accessible(page)
    starts = next_opening(data["esch"], at=dt.time(14, 0))
    assert starts.date() < access_request.due_on
    page.check(f"input[name=office][value='{data['esch'].pk}']")
    fill_date(page, "date", starts.date())
    page.fill("input[name=start_time]", "14:00")
    assert page.locator("select[name=professional]").input_value() == str(data["dpo"].pk)
    submit(page)
    assert_no_errors(page)
    access_request.refresh_from_db()
    assert access_request.status == AccessStatus.APPOINTMENT_OFFERED
    appointment = AccessAppointment.objects.get(request=access_request)
    assert appointment.starts_at == starts and appointment.office == data["esch"] and appointment.sequence == 0
    assert "The invitation was e-mailed to the person with a calendar file." in main_text(page)
    assert_accessible(page)
    return appointment


def the_invitation_is_sent_and_downloadable(page: Any, appointment: AccessAppointment) -> None:
    sent = [m for m in mail.outbox if m.to == [EMAIL]]
    assert len(sent) == 1
    message = sent[0]
    assert message.subject == "Your appointment to consult your file"
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "registry of the youth court" in message.body

    href = page.locator("main a[download][href$='.ics']").get_attribute("href")
    response = page.request.get(href, timeout=10_000)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    for body in (response.body(), content.encode() if isinstance(content, str) else content):
        event = Calendar.from_ical(body).walk("VEVENT")[0]
        assert str(event["UID"]) == f"{appointment.uid}@openaef"
        assert int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].params["TZID"] == "Europe/Luxembourg"
        assert event["DTSTART"].dt == appointment.starts_at
        assert event["DTSTART"].dt.utcoffset() == timezone.localtime(appointment.starts_at).utcoffset()
        assert "Esch" in str(event["LOCATION"])
        summary = str(event["SUMMARY"])
        for personal in ("Anne", "Schmit", "Weber", "Léna", appointment.request.reference):
            assert personal not in summary


def dora_reviews_and_releases_the_copy(page: Any, access_request: FileAccessRequest, data: dict[str, Any]) -> FileExport:
    submit(page, "main form[action$='/export/']")
    assert_no_errors(page)
    export = FileExport.objects.get(request=access_request)
    assert page.url.endswith(reverse("backoffice:file_access_export_review", args=[export.pk]))
    assert_accessible(page)
    items = list(export.items.order_by("position"))
    note = next(i for i in items if i.original_text == FATHER_NOTE)
    confidential = next(i for i in items if i.original_text == CONFIDENTIAL)
    assert FATHER in note.third_parties
    assert confidential.flag == ItemFlag.RESTRICTED
    for item in items:
        form = f"main form[action$='/items/{item.pk}/']"
        prefix = f"item{item.pk}"
        if item == confidential:
            page.check(f"input[name={prefix}-decision][value=withhold]")
            page.check(f"input[name={prefix}-reason_category][value=confidence]")
        elif item.third_parties:
            # Every item naming the father (the note, the list of people) goes out redacted.
            page.check(f"input[name={prefix}-decision][value=redact]")
            proposed = page.locator(f"textarea[name={prefix}-released_text]").input_value()
            assert MARKER in proposed and "Müller" not in proposed and "Marc" not in proposed
        else:
            page.check(f"input[name={prefix}-decision][value=release]")
        submit(page, form)
        assert_no_errors(page)
    decided = dict(ExportItem.objects.filter(export=export).values_list("pk", "decision"))
    assert decided[note.pk] == ItemDecision.REDACT and decided[confidential.pk] == ItemDecision.WITHHOLD
    assert ItemDecision.PENDING not in decided.values()
    assert "Every item has been decided." in main_text(page)
    assert_accessible(page)

    click_link(page, reverse("backoffice:file_access_export_release", args=[export.pk]))
    assert_accessible(page)
    with page.expect_navigation(timeout=60_000):
        page.locator("main form button[type=submit]").click()
    assert_no_errors(page)
    export.refresh_from_db()
    assert export.status == ExportStatus.RELEASED and export.released_by == data["dpo"]
    assert page.url.endswith(reverse("backoffice:file_access_detail", args=[access_request.pk]))
    assert_accessible(page)

    href = reverse("backoffice:file_access_export_pdf", args=[export.pk])
    assert page.locator(f"main a[href='{href}']").count() == 1
    response = page.request.get(href, timeout=30_000)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == export.sha256
    # pypdf is not in the venv: the HTML the PDF is made from stands for its text.
    html = export_html(export, list(export.items.order_by("position")))
    assert "Müller" not in html and CONFIDENTIAL not in html and MARKER in html
    assert "Léna was well" in html
    assert "The court file itself is consulted at the registry of the youth court." in html
    return export


def dora_records_the_consultation_and_closes(
    page: Any, access_request: FileAccessRequest, appointment: AccessAppointment, export: FileExport
) -> None:
    click_link(page, reverse("backoffice:file_access_consultation", args=[access_request.pk]))
    assert_accessible(page)
    assert page.locator(f"input[name=appointment][value='{appointment.pk}']").is_checked()
    page.fill("textarea[name=attendees]", "Anne Weber (mother)")
    page.check("input[name=identity_document][value=identity_card]")
    page.fill("input[name=identity_document_last4]", "7X42")
    page.fill("textarea[name=shown]", "The case file, the journal notes and the court-ordered measure.")
    page.check(f"input[name=export][value='{export.pk}']")
    submit(page)
    assert_no_errors(page)
    consultation = AccessConsultation.objects.get(request=access_request)
    assert consultation.attendees == "Anne Weber (mother)" and consultation.export == export
    assert consultation.identity_document == "identity_card" and consultation.identity_document_last4 == "7X42"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.HELD
    access_request.refresh_from_db()
    assert access_request.status == AccessStatus.CONSULTED
    assert "Anne Weber (mother)" in main_text(page)
    assert_accessible(page)

    page.check(f"input[name=target][value={AccessStatus.CLOSED}]")
    submit(page, "main form[action$='/status/']")
    assert_no_errors(page)
    access_request.refresh_from_db()
    assert access_request.status == AccessStatus.CLOSED
    assert "Closed" in page.locator("main .govuk-tag").first.inner_text()
    assert_accessible(page)


def test_a_parent_sees_her_childs_file_through_to_the_appointment_and_the_copy(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    data = starting_data()
    access_request = anne_asks_online(browser, live_server)

    dora = sign_in(browser, live_server, data["dpo"])
    dora_finds_the_request_and_links_the_child(dora, access_request, data)
    appointment = dora_checks_identity_and_offers_an_appointment(dora, access_request, data)
    the_invitation_is_sent_and_downloadable(dora, appointment)
    export = dora_reviews_and_releases_the_copy(dora, access_request, data)
    dora_records_the_consultation_and_closes(dora, access_request, appointment, export)
    dora.context.close()
