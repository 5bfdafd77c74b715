"""Issue 7's night-time missing-child call, clicked through the pages: at 23:40 on a working day a
mother calls the 116 000 because her son has not come home. Outside office hours the police
answer: the agent logs the call as an urgent worrying disappearance, records the handover (the
agents are told for the morning), ticks the urgent-case protocol with its times, and opens a
follow-up. A second call that night is logged with JavaScript off (every page works without
it) and linked to the follow-up. The news of the investigation, the contact with another
country's 116 000, the return and the help to reconnect are recorded; the follow-up is closed
with its reason, the call with its outcome; the figures show the night's calls under their
category, at 23:00 and by outcome.

Only the starting data is written with factories; every step after that is a click. The call is
dated through the console's own "day" field: nothing patches the clock."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.deadlines import is_business_day
from openaef.directory.models import Office
from openaef.hotline.models import Call, CallStatus, FollowUpStatus, MissingChildFollowUp, Responder
from openaef.notifications.models import Notification, NotificationKind
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.cases.factories import PersonFactory, make_case
from tests.factories import PASSWORD, UserFactory

from .test_project_measure_journey import assert_accessible, assert_no_errors, click_link, fill_date, main_text, submit

SUMMARY = "Mother: her son, 12, did not come home after football; his phone is off."
SECOND = "Mother again: a friend saw him at Luxembourg station."
ENTRIES = [
    ("investigation", "Police: the boy was seen on a train towards Metz at 21:10."),
    ("abroad", "116 000 France informed; they alert the Metz services."),
    ("return", "Found in Metz at 02:30 by the French police; back home this morning."),
    ("reconnection", "Meeting with the boy and his mother at the Esch office next week."),
]
CLOSING = "The boy is home and the family no longer needs the line's support."


def last_working_day(today: dt.date) -> dt.date:
    """The most recent working day before today (the pack's calendar): 23:40 on it is in the past."""
    day = today - dt.timedelta(days=1)
    while not is_business_day(day, None):
        day -= dt.timedelta(days=1)
    return day


def sign_in(browser: Any, live_server: Any, user: Any, *, javascript: bool = True) -> Any:
    """A browser context of its own for ``user``, signed in with both factors; plain forms only
    when ``javascript`` is off."""
    authenticator = confirmed_authenticator(user)
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    page.set_default_timeout(10_000)
    page.goto(reverse("backoffice:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/account/verify/"))
    page.fill("input[name=code]", current_code(authenticator))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/(?!account|login)"))
    return page


def starting_data() -> dict[str, Any]:
    """Hana and Ines work the 116 000; Noah (12) has a case file in Esch."""
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    child = PersonFactory(surname="Weber", first_names="Noah", birth_date=dt.date(timezone.localdate().year - 12, 2, 1))
    return {
        "night": last_working_day(timezone.localdate()),
        "case": make_case(office=esch, child=child),
        "hana": UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT]),
        "ines": UserFactory(email="ines@example.test", full_name="Ines Hotline", roles=[Role.HOTLINE_AGENT]),
    }


def fill_call(page: Any, night: dt.date, time: str, summary: str, *, category: str = "disappearance") -> None:
    page.fill("input[name=time]", time)
    page.locator("main details summary").click()  # "The call was on another day"
    fill_date(page, "day", night)
    page.check("input[name=caller_type][value=parent]")
    page.check("input[name=language][value=fr]")
    if category:
        page.check(f"input[name=category][value={category}]")
    page.fill("textarea[name=summary]", summary)


def hana_logs_the_night_call(page: Any, data: dict[str, Any]) -> Call:
    page.goto(reverse("backoffice:hotline_console"))
    assert_accessible(page)
    fill_call(page, data["night"], "23:40", SUMMARY)
    page.check("input[name=urgency][value=urgent]")
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    call = Call.objects.get()
    assert timezone.localtime(call.received_at) == dt.datetime.combine(
        data["night"], dt.time(23, 40), tzinfo=timezone.get_current_timezone()
    )
    assert call.responder == Responder.POLICE and call.category == "disappearance" and call.is_urgent
    assert page.url.endswith(reverse("backoffice:hotline_call", args=[call.pk]))
    answered = page.locator(".govuk-summary-list__row:has(dt:text-is('Answered by')) dd").inner_text()
    assert answered == "The Grand Ducal Police"
    assert "The call came outside the agency's office hours: the police answer it." in main_text(page)
    assert_accessible(page)
    return call


def hana_records_the_handover(page: Any, data: dict[str, Any], call: Call) -> None:
    page.fill("input[name=police_reference]", "PGD-2340")
    submit(page, "main form[action$='/handover/']")
    assert_no_errors(page)
    call.refresh_from_db()
    assert call.handed_over_at is not None and call.handed_over_by == data["hana"] and call.police_reference == "PGD-2340"
    assert "Handed over on" in main_text(page) and "Police reference: PGD-2340." in main_text(page)
    # Both agents are told for the morning, by the call's number only, once.
    told = Notification.objects.filter(kind=NotificationKind.HOTLINE_HANDOVER)
    assert {n.user_id for n in told} == {data["hana"].pk, data["ines"].pk}
    assert {tuple(n.params.items()) for n in told} == {(("reference", str(call.pk)),)}
    assert_accessible(page)


def hana_ticks_the_protocol(page: Any, call: Call) -> None:
    for code in ("specialist", "police_testimony"):
        submit(page, f"main form[action$='/steps/{code}/']")
        assert_no_errors(page)
    steps = list(call.protocol_steps.order_by("position"))
    assert all(s.done_at is not None for s in steps) and steps[0].done_at <= steps[1].done_at
    rows = page.locator("#protocol ~ table tbody tr")
    assert rows.count() == 2
    for i, step in enumerate(steps):
        cell = rows.nth(i).locator("td").inner_text()
        assert "Done" in cell and "by Hana Hotline" in cell
        # Stamped with the time it was ticked, and the page shows that day.
        assert timezone.now() - step.done_at < dt.timedelta(minutes=5)
        assert str(timezone.localtime(step.done_at).year) in cell
    assert page.locator("main form[action*='/steps/']").count() == 0
    assert_accessible(page)


def hana_opens_the_follow_up(page: Any, data: dict[str, Any], call: Call) -> MissingChildFollowUp:
    submit(page, "main form[action$='/follow-up/']")
    assert_no_errors(page)
    follow_up = MissingChildFollowUp.objects.get()
    call.refresh_from_db()
    assert call.follow_up == follow_up
    assert page.url.endswith(reverse("backoffice:hotline_follow_up", args=[follow_up.pk]))
    assert f"Call {call.pk}" in page.locator("#calls ~ ul").first.inner_text()
    assert_accessible(page)
    page.fill("input[name=reference]", data["case"].reference)
    submit(page, "main form[action$='/case/']")
    assert_no_errors(page)
    follow_up.refresh_from_db()
    assert follow_up.case == data["case"]
    assert data["case"].reference in main_text(page)
    return follow_up


def ines_logs_the_second_call_without_javascript(page: Any, data: dict[str, Any], follow_up: MissingChildFollowUp) -> Call:
    page.goto(reverse("backoffice:hotline_console"))
    fill_call(page, data["night"], "23:55", SECOND, category="")
    page.check("input[name=urgency][value=not_urgent]")
    submit(page)
    # The server checks the form: the error is summed up and shown by the field, the rest kept.
    assert page.locator(".govuk-error-summary").count() == 1
    assert "Choose what the call is about." in page.locator(".govuk-error-message").first.inner_text()
    assert page.locator("textarea[name=summary]").input_value() == SECOND
    assert page.locator("input[name=time]").input_value() == "23:55"
    assert Call.objects.count() == 1
    page.check("input[name=category][value=disappearance]")
    submit(page)
    assert_no_errors(page)
    second = Call.objects.exclude(follow_up=follow_up).get()
    assert second.responder == Responder.POLICE and second.recorded_by == data["ines"]
    assert page.url.endswith(reverse("backoffice:hotline_call", args=[second.pk]))

    page.goto(reverse("backoffice:hotline_follow_up", args=[follow_up.pk]))
    page.fill("input[name=call]", str(second.pk))
    submit(page, "main form[action$='/call/']")
    assert_no_errors(page)
    second.refresh_from_db()
    assert second.follow_up == follow_up
    return second


def hana_follows_the_family_up_and_closes(page: Any, follow_up: MissingChildFollowUp) -> None:
    url = reverse("backoffice:hotline_follow_up", args=[follow_up.pk])
    page.goto(url)
    assert page.locator("#calls ~ ul li").count() == 2
    for kind, text in ENTRIES:
        page.check(f"main form[action$='/entry/'] input[name=kind][value={kind}]")
        page.fill("main form[action$='/entry/'] textarea[name=text]", text)
        submit(page, "main form[action$='/entry/']")
        assert_no_errors(page)
    assert list(follow_up.entries.order_by("at", "id").values_list("kind", "text")) == ENTRIES
    recorded = page.locator("#entries ~ ol").first.inner_text()
    for heading in ("News of the investigation", "Contact with another country's 116 000", "The child returned"):
        assert heading in recorded
    assert_accessible(page)

    submit(page, "main form[action$='/close/']")  # no reason given: refused, said by the field
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page)
    page.fill("textarea[name=closing_note]", CLOSING)
    submit(page, "main form[action$='/close/']")
    assert_no_errors(page)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.CLOSED and follow_up.closing_note == CLOSING
    assert CLOSING in main_text(page)
    assert page.locator("main form[action$='/entry/']").count() == 0

    page.goto(reverse("backoffice:hotline_calls"))
    click_link(page, reverse("backoffice:hotline_follow_ups"))
    row = page.locator(f"main tbody tr:has(a[href='{url}'])")
    cells = row.locator("td")
    assert cells.nth(0).inner_text() == "Closed" and cells.nth(2).inner_text() == "2"
    assert cells.nth(3).inner_text() == follow_up.case.reference
    assert_accessible(page)


def hana_closes_the_call(page: Any, call: Call) -> None:
    page.goto(reverse("backoffice:hotline_call", args=[call.pk]))
    page.check("input[name=outcome][value=follow_up]")
    submit(page, "main form[action$='/close/']")
    assert_no_errors(page)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED and call.outcome == "follow_up"
    assert "Family followed up" in main_text(page)


def hana_reads_the_figures(page: Any, data: dict[str, Any]) -> None:
    page.goto(reverse("backoffice:hotline_calls"))
    click_link(page, reverse("backoffice:hotline_figures"))
    fill_date(page, "start", data["night"])
    fill_date(page, "end", data["night"])
    submit(page)
    assert_no_errors(page)

    def table(caption: str) -> dict[str, str]:
        rows = page.locator(f"main table:has(caption:text-is('{caption}')) tbody tr")
        return {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text() for i in range(rows.count())}

    assert table("Per category")["Worrying disappearance"] == "2"
    assert table("Per category")["Runaway"] == "0"
    assert table("Per hour of the day")["23:00"] == "2"
    assert table("Per hour of the day")["22:00"] == "0"
    outcome = table("Per outcome")
    assert outcome["Family followed up"] == "1" and outcome["Not closed yet"] == "1"
    assert_accessible(page)

    href = page.locator("main a[download]").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(response.text()))}
    assert rows[("Per hour of the day", "23:00")] == "2"
    assert rows[("Per category", "Worrying disappearance")] == "2"


def test_a_night_time_missing_child_call_is_handed_over_followed_up_and_counted(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    data = starting_data()

    hana = sign_in(browser, live_server, data["hana"])
    call = hana_logs_the_night_call(hana, data)
    hana_records_the_handover(hana, data, call)
    hana_ticks_the_protocol(hana, call)
    follow_up = hana_opens_the_follow_up(hana, data, call)

    ines = sign_in(browser, live_server, data["ines"], javascript=False)
    ines_logs_the_second_call_without_javascript(ines, data, follow_up)
    ines.context.close()

    hana_follows_the_family_up_and_closes(hana, follow_up)
    hana_closes_the_call(hana, call)
    hana_reads_the_figures(hana, data)
    hana.context.close()
