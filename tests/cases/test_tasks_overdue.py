from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.selectors_journal import DUE_SOON_DAYS, OVERDUE_PAGE_SIZE
from tests.cases.journal_factories import (
    make_case,
    make_task,
)

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:tasks_overdue")


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [task.title for task in response.context["page"].items]


def test_it_lists_late_tasks_first_then_those_due_soon(login, case, coordinator):
    make_task(case, title="Soon", due_on=days(3))
    make_task(case, title="Today", due_on=days(0))
    make_task(case, title="Very late", due_on=days(-20))
    make_task(case, title="Late", due_on=days(-1))
    make_task(case, title="Far away", due_on=days(DUE_SOON_DAYS + 1))
    make_task(case, title="Done", due_on=days(-5), done_at=timezone.now())
    response = login(coordinator).get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Very late", "Late", "Today", "Soon"]
    html = response.content.decode()
    assert html.count("Overdue") >= 2 and "Due today" in html and "Due soon" in html


def test_a_coordinator_sees_only_the_tasks_assigned_to_them(login, case, coordinator, colleague, office):
    make_task(case, title="Carla's", due_on=days(-1))
    make_task(case, title="Erik's", due_on=days(-1), assigned_to=colleague)
    assert titles(login(coordinator).get(URL)) == ["Carla's"]
    assert titles(login(colleague).get(URL)) == ["Erik's"]


def test_the_office_head_sees_the_office_s_tasks_but_not_another_office_s(
    login, case, coordinator, office_head, other_office, other_coordinator
):
    make_task(case, title="Esch", due_on=days(-1))
    far_case = make_case(office=other_office, coordinator=other_coordinator)
    make_task(far_case, title="Wiltz", due_on=days(-1))
    assert titles(login(office_head).get(URL)) == ["Esch"]
    assert titles(login(other_coordinator).get(URL)) == ["Wiltz"]


def test_an_outsider_is_refused(login, outsider):
    assert login(outsider).get(URL).status_code == 403


def test_it_pages_with_a_cursor(login, case, coordinator):
    for i in range(OVERDUE_PAGE_SIZE + 3):
        make_task(case, title=f"T{i:03d}", due_on=days(-100 + i))
    client = login(coordinator)
    first = client.get(URL).context["page"]
    assert len(first.items) == OVERDUE_PAGE_SIZE
    second = client.get(URL, {"cursor": first.next_cursor}).context["page"]
    assert [t.title for t in second.items] == [f"T{i:03d}" for i in range(OVERDUE_PAGE_SIZE, OVERDUE_PAGE_SIZE + 3)]


def test_the_page_is_audited_naming_the_children(login, case, coordinator):
    make_task(case, due_on=days(-1))
    login(coordinator).get(URL)
    entry = AuditEvent.objects.filter(action=AuditAction.READ, object_type="cases.casetask").get()
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_it_costs_the_same_whatever_the_number_of_tasks(login, coordinator, office):
    client = login(coordinator)
    make_task(make_case(office=office, coordinator=coordinator), due_on=days(-1))
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(20):
        make_task(make_case(office=office, coordinator=coordinator), due_on=days(-i))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
    assert len(few) <= 12


def test_the_done_button_goes_back_to_the_overdue_page(login, case, coordinator):
    task = make_task(case, due_on=days(-1))
    response = login(coordinator).post(
        reverse("backoffice:case_task_complete", args=[case.pk, task.pk]), {"version": "1", "back": "overdue"}
    )
    assert response.status_code == 302 and response["Location"] == URL
    task.refresh_from_db()
    assert task.done_at is not None
