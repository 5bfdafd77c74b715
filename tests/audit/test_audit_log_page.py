from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.audit.services import audit_record

pytestmark = pytest.mark.django_db


def url(**query: str) -> str:
    from urllib.parse import urlencode

    return reverse("backoffice:audit_log") + ("?" + urlencode(query) if query else "")


@pytest.fixture
def entries(coordinator, office_head):  # type: ignore[no-untyped-def]
    audit_record(actor=coordinator, action=AuditAction.READ, object_type="people.person", object_id="5", persons=[5])
    audit_record(
        actor=office_head,
        action=AuditAction.UPDATE,
        object_type="cases.casefile",
        object_id="9",
        fields=["state"],
        persons=[5, 6],
    )
    audit_record(actor=office_head, action=AuditAction.READ, object_type="people.person", object_id="6", persons=[6])
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user", reason='=HYPERLINK("x")')


def shown(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.object_type, e.object_id) for e in response.context["page"].items]


def test_it_refuses_a_coordinator(login, coordinator):
    assert login(coordinator).get(url()).status_code == 403


def test_it_refuses_an_outsider(login, outsider):
    assert login(outsider).get(url()).status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    assert client.get(url()).status_code == 302


def test_it_shows_the_data_protection_officer_the_newest_first(login, dpo, entries):
    response = login(dpo).get(url())
    assert response.status_code == 200
    assert shown(response)[:4] == [("accounts.user", ""), ("people.person", "6"), ("cases.casefile", "9"), ("people.person", "5")]


def test_it_finds_the_entries_about_a_person(login, dpo, entries):
    assert shown(login(dpo).get(url(person="5"))) == [("cases.casefile", "9"), ("people.person", "5")]


def test_it_finds_what_a_user_did(login, dpo, office_head, entries):
    assert shown(login(dpo).get(url(user=office_head.pk))) == [("people.person", "6"), ("cases.casefile", "9")]


def test_a_user_who_did_nothing_finds_nothing(login, dpo, outsider, entries):
    assert shown(login(dpo).get(url(user=outsider.pk))) == []


def test_no_e_mail_address_goes_into_the_address_of_the_page(login, dpo, office_head, entries):
    html = login(dpo).get(url(user=office_head.pk)).content.decode()
    # The user is chosen from a list by id: the query string never carries an address.
    assert f'<option value="{office_head.pk}" selected>' in html


def test_it_filters_by_action_and_record(login, dpo, entries):
    client = login(dpo)
    assert shown(client.get(url(action="update"))) == [("cases.casefile", "9")]
    assert shown(client.get(url(record_type="people.person", record="6"))) == [("people.person", "6")]


def test_it_filters_by_period(login, dpo, entries):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    client = login(dpo)
    period = {"date_from_day": str(yesterday.day), "date_from_month": str(yesterday.month), "date_from_year": str(yesterday.year)}
    assert len(shown(client.get(url(**period)))) == 4
    before = {"date_to_day": str(yesterday.day), "date_to_month": str(yesterday.month), "date_to_year": str(yesterday.year)}
    assert shown(client.get(url(**before))) == []


def test_a_mistyped_date_is_shown_next_to_the_field_and_kept(login, dpo, entries):
    response = login(dpo).get(url(date_from_day="31", date_from_month="2", date_from_year="2026"))
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'id="id_date_from-error"' in html
    assert 'value="31"' in html


def test_it_pages_with_a_cursor(login, dpo, coordinator):
    for n in range(55):
        audit_record(actor=coordinator, action=AuditAction.READ, object_type="x", object_id=str(n))
    client = login(dpo)
    first = client.get(url(user=coordinator.pk))
    assert len(first.context["page"].items) == 50
    second = client.get(url(user=coordinator.pk, cursor=first.context["page"].next_cursor))
    assert [e.object_id for e in second.context["page"].items] == ["4", "3", "2", "1", "0"]


def test_the_data_protection_officers_searches_are_logged_too(login, dpo, entries):
    login(dpo).get(url(person="5"))
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.actor, event.action, event.object_type, event.reason) == (
        dpo,
        AuditAction.READ,
        "audit.auditevent",
        "person_id=5",
    )


def test_the_number_of_queries_does_not_grow_with_the_page(login, dpo, coordinator, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(dpo)
    audit_record(actor=coordinator, action=AuditAction.READ, object_type="people.person", object_id="0", persons=[1])
    client.get(url())  # the session and the caches are warm
    with CaptureQueriesContext(connection) as one_entry:
        client.get(url())
    for n in range(40):
        audit_record(
            actor=coordinator, action=AuditAction.READ, object_type="people.person", object_id=str(n), persons=[n, n + 1]
        )
    # Session, user and roles (and whatever login needs); the page, its persons; the search's own entry.
    assert len(one_entry) <= 12
    with django_assert_num_queries(len(one_entry)):
        response = client.get(url())
    assert len(response.context["page"].items) == 43  # with the two searches before


def export(client, **query: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    response = client.get(reverse("backoffice:audit_log_export") + ("?" + urlencode(query) if query else ""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_holds_the_filtered_entries(login, dpo, coordinator, entries):
    rows = export(login(dpo), person="5")
    assert rows[0][:6] == ["sequence", "at", "user", "action", "record_type", "record"]
    assert [(r[4], r[5], r[7]) for r in rows[1:]] == [("cases.casefile", "9", "5 6"), ("people.person", "5", "5")]
    assert rows[2][2] == coordinator.email


def test_the_export_cannot_smuggle_a_spreadsheet_formula(login, dpo, entries):
    rows = export(login(dpo), action="login_failed")
    assert rows[1][10] == '\'=HYPERLINK("x")'


def test_the_export_is_logged(login, dpo, entries):
    export(login(dpo), action="update")
    assert AuditEvent.objects.filter(actor=dpo, action=AuditAction.EXPORT).count() == 1


def test_the_export_is_refused_to_a_coordinator(login, coordinator):
    assert login(coordinator).get(reverse("backoffice:audit_log_export")).status_code == 403
