"""axe-core (WCAG 2.1 A and AA) on the agency's measure pages, with their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.measures.models import ActivityRecord, MeasureEvent
from openaef.measures.states import MeasureStatus, ReferralStatus
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import accepted_measure, add_parent, make_measure, make_referral, provider_staff_of, submitted_report

pytestmark = pytest.mark.browser


def test_the_measure_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    case = make_case(office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa"))
    add_parent(case)
    service = ServiceFactory(name={"en": "Harbour help"}, measures=["AMB-PSY", "STA-PRIO"], commune="esch-sur-alzette")
    staff = provider_staff_of(service.provider)
    planned = make_measure(case)
    waiting = make_measure(case, status=MeasureStatus.WAITING)
    make_referral(waiting, service, ReferralStatus.WAITING, waiting_since=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    accepted = accepted_measure(case, service, "STA-PRIO")
    running = make_measure(
        case, status=MeasureStatus.ACTIVE, started_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 4, 5), provider=service.provider
    )
    MeasureEvent.objects.create(measure=running, kind="started", actor=coordinator, on=dt.date(2026, 1, 5))
    ActivityRecord.objects.create(measure=running, month=dt.date(2026, 1, 1), days=4, recorded_by=staff)
    report = submitted_report(running, staff)
    carla = session_cookie(coordinator)
    visits = [
        (carla, reverse("backoffice:measure_list", args=[case.pk]), []),
        (carla, reverse("backoffice:measure_create", args=[case.pk]), []),
        (carla, reverse("backoffice:measure_create", args=[case.pk]), ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:measure_refer", args=[case.pk, planned.pk]), []),
        (carla, reverse("backoffice:measure_refer", args=[case.pk, planned.pk]), ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:measure_detail", args=[case.pk, waiting.pk]), []),
        (carla, reverse("backoffice:measure_detail", args=[case.pk, accepted.pk]), []),
        (carla, reverse("backoffice:measure_detail", args=[case.pk, running.pk]), []),
        # "Suspend" without a reason: the error summary and the message by the field.
        (
            carla,
            reverse("backoffice:measure_detail", args=[case.pk, running.pk]),
            ["click:details:first-of-type summary", "click:details[open] form button[type=submit]"],
        ),
        (carla, reverse("backoffice:measure_report", args=[case.pk, running.pk, report.pk]), []),
        (
            carla,
            reverse("backoffice:measure_report", args=[case.pk, running.pk, report.pk]),
            ["click:#id_decision_1", "click:main form button[type=submit]"],
        ),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
