from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.audit.models import AuditEvent
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportStatus
from openaef.projects.states import ProjectStatus
from tests.cases.journal_factories import make_case, make_task
from tests.factories import UserFactory
from tests.notifications.factories import make_measure, make_notification, make_project, make_referral, make_report

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:dashboard")


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def section(response, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in response.context["sections"] if s.key == key)


def test_coordinators_and_office_heads_land_on_it(login, coordinator, office_head):
    assert login(coordinator).get(reverse("backoffice:home")).url == URL
    assert login(office_head).get(reverse("backoffice:home")).url == URL


def test_provider_staff_land_on_their_inbox_and_intake_officers_on_theirs(login, outsider, intake_officer):
    assert login(outsider).get(reverse("backoffice:home")).url == reverse("backoffice:provider_inbox")
    assert login(intake_officer).get(reverse("backoffice:home")).url == reverse("backoffice:inbox")


def test_it_refuses_those_without_cases(login, outsider, intake_officer, client):
    assert login(outsider).get(URL).status_code == 403
    assert login(intake_officer).get(URL).status_code == 403
    assert client.get(URL).url.startswith(reverse("backoffice:login"))


def test_overdue_comes_first_oldest_first_then_what_is_due_this_week(login, case):
    make_task(case, title="Due in three days", due_on=days(3))
    make_task(case, title="Late by two days", due_on=days(-2))
    make_task(case, title="Late by ten days", due_on=days(-10))
    make_task(case, title="Due in a month", due_on=days(30))
    make_task(case, title="Done already", due_on=days(-5), done_at=timezone.now())
    response = login(case.coordinator).get(URL)
    html = response.content.decode()
    assert [s.key for s in response.context["sections"]][:2] == ["overdue", "soon"]
    assert [r.what for r in section(response, "overdue").rows] == ["Late by ten days", "Late by two days"]
    assert [r.what for r in section(response, "soon").rows] == ["Due in three days"]
    assert html.index("Late by ten days") < html.index("Late by two days") < html.index("Due in three days")
    assert "Due in a month" not in html and "Done already" not in html
    assert "2 things are late: they are listed first." in html
    assert reverse("backoffice:tasks_overdue") in html


def test_it_shows_tasks_assigned_to_the_user_and_those_of_their_cases_only(login, case, office, coordinator, colleague):
    colleagues_case = make_case(office=office, coordinator=colleague)
    make_task(colleagues_case, title="Asked of carla", due_on=days(-1), assigned_to=coordinator)
    make_task(colleagues_case, title="Erik's own", due_on=days(-1))
    make_task(case, title="On carla's case, for erik", due_on=days(-1), assigned_to=colleague)
    rows = section(login(coordinator).get(URL), "overdue").rows
    assert sorted(r.what for r in rows) == ["Asked of carla", "On carla's case, for erik"]


def test_each_row_links_to_its_case(login, case):
    make_task(case, due_on=days(-1))
    row = section(login(case.coordinator).get(URL), "overdue").rows[0]
    assert row.reference == case.reference
    assert f"/cases/{case.pk}/" in row.url


def test_projects_to_validate_go_to_the_office_head_and_other_coordinators_never_the_author(
    login, case, coordinator, office_head, colleague, other_coordinator
):
    make_project(case, status=ProjectStatus.PROPOSED, proposed_at=timezone.now())
    assert section(login(coordinator).get(URL), "projects").rows == []
    assert [r.reference for r in section(login(office_head).get(URL), "projects").rows] == [case.reference]
    assert [r.reference for r in section(login(colleague).get(URL), "projects").rows] == [case.reference]
    assert section(login(other_coordinator).get(URL), "projects").rows == []


def test_evaluations_due_within_two_weeks_late_ones_first(login, case, office, coordinator):
    other = make_case(office=office, coordinator=coordinator)
    make_project(case, next_evaluation_on=days(10))
    make_project(other, next_evaluation_on=days(-3))
    far = make_case(office=office, coordinator=coordinator)
    make_project(far, next_evaluation_on=days(40))
    rows = section(login(coordinator).get(URL), "evaluations").rows
    assert [r.reference for r in rows] == [other.reference, case.reference]
    assert rows[0].late and not rows[1].late


def test_measures_ending_within_the_alert_window(login, case, coordinator):
    make_measure(case, ends_on=days(3))
    make_measure(case, status=MeasureStatus.SUSPENDED, ends_on=days(-1))
    make_measure(case, ends_on=days(90))
    make_measure(case, status=MeasureStatus.ENDED, ends_on=days(3))
    rows = section(login(coordinator).get(URL), "measures").rows
    assert [r.on for r in rows] == [days(-1), days(3)]
    assert rows[0].late


def test_reports_sent_to_the_agency_wait_for_review(login, case, coordinator, colleague, office):
    measure = make_measure(case)
    make_report(measure, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    make_report(measure, status=ReportStatus.DRAFT)
    make_report(measure, status=ReportStatus.VALIDATED)
    rows = section(login(coordinator).get(URL), "reports").rows
    assert len(rows) == 1
    assert f"/cases/{case.pk}/" in rows[0].url
    assert section(login(colleague).get(URL), "reports").rows == []


def test_referrals_answered_in_the_last_two_weeks(login, case, coordinator):
    measure = make_measure(case, status=MeasureStatus.ACCEPTED)
    make_referral(measure, status=ReferralStatus.DECLINED, decline_reason="Complet.")
    make_referral(measure, status=ReferralStatus.ACCEPTED, answered_at=timezone.now() - dt.timedelta(days=30))
    make_referral(measure, status=ReferralStatus.SENT, answered_at=None)
    rows = section(login(coordinator).get(URL), "referrals").rows
    assert [r.tag for r in rows] == ["Declined"]


def test_it_shows_the_unread_notifications(login, coordinator):
    make_notification(coordinator)
    html = login(coordinator).get(URL).content.decode()
    assert "Unread notifications</a>: 1" in html


def test_the_read_is_logged_naming_the_children(login, case, coordinator):
    make_task(case, due_on=days(-1))
    login(coordinator).get(URL)
    event = AuditEvent.objects.filter(object_type="backoffice.dashboard").latest("id")
    assert event.actor == coordinator
    assert list(event.person_links.values_list("person_id", flat=True)) == [case.child_id]


def _fill(case, office, coordinator, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        c = case if i == 0 else make_case(office=office, coordinator=coordinator)
        make_task(c, due_on=days(-1 - i))
        make_task(c, due_on=days(i % 7))
        make_project(c, next_evaluation_on=days(i))
        measure = make_measure(c, ends_on=days(1 + i % 5))
        make_report(measure, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
        make_referral(measure, status=ReferralStatus.WAITING)
        make_notification(coordinator)


def test_its_queries_do_not_grow_with_the_caseload(login, case, office, coordinator, django_assert_num_queries):
    author = UserFactory(roles=[(Role.COORDINATOR, office)])
    client = login(coordinator)
    _fill(case, office, coordinator, 1)
    make_project(make_case(office=office, coordinator=author), author=author, status=ProjectStatus.PROPOSED)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _fill(make_case(office=office, coordinator=coordinator), office, coordinator, 15)
    for _ in range(12):
        make_project(make_case(office=office, coordinator=author), author=author, status=ProjectStatus.PROPOSED)
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert all(len(s.rows) == 10 and s.more for s in response.context["sections"] if s.key != "soon")
    assert len(small) <= 20
