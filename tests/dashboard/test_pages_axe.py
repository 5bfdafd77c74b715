"""axe-core (WCAG 2.1 A and AA) on the dashboard, the notification pages and the case page's glance."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.measures.states import ReferralStatus, ReportStatus
from openaef.notifications.models import NotificationKind
from openaef.projects.states import ProjectStatus
from tests.cases.journal_factories import make_case, make_task
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.notifications.factories import make_measure, make_notification, make_project, make_referral, make_report

pytestmark = pytest.mark.browser


def test_the_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    head = UserFactory(full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])
    case = make_case(office=office, coordinator=coordinator)
    today = timezone.localdate()
    make_task(case, title="Appeler l'école", due_on=today - dt.timedelta(days=2))
    make_task(case, title="Visite", due_on=today + dt.timedelta(days=2))
    make_project(case, status=ProjectStatus.PROPOSED, next_evaluation_on=today + dt.timedelta(days=5))
    measure = make_measure(case, ends_on=today + dt.timedelta(days=4), next_report_on=today - dt.timedelta(days=1))
    make_report(measure, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    make_referral(measure, status=ReferralStatus.WAITING)
    make_notification(
        coordinator, kind=NotificationKind.EVALUATION_DUE, params={"reference": case.reference, "due_on": "2026-12-01"}
    )
    make_notification(coordinator, read_at=timezone.now())
    carla, bob = session_cookie(coordinator), session_cookie(head)
    settings_url = reverse("backoffice:notification_settings")
    visits = [
        (carla, reverse("backoffice:dashboard"), []),
        (bob, reverse("backoffice:dashboard"), []),
        (carla, reverse("backoffice:notification_list"), []),
        (carla, settings_url, []),
        (carla, settings_url, ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:case_detail", args=[case.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
