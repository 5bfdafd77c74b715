"""axe-core (WCAG 2.1 A and AA) on the court pages, with their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.cases.models import Framework
from openaef.courts.models import OrderedMeasure
from openaef.directory.models import MeasureType, Office
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import make_decision, make_hearing, make_remedy

pytestmark = pytest.mark.browser

SUBMIT = "click:main form button[type=submit]"


def test_the_court_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    admin = UserFactory(full_name="Ada Admin", roles=[Role.ADMINISTRATOR])
    child = PersonFactory(surname="Schmit", first_names="Léa")
    case = make_case(office=office, coordinator=coordinator, child=child, framework=Framework.JUDICIAL)
    decision = make_decision(case, decided_on=dt.date(2026, 1, 5), review_on=dt.date(2026, 12, 1), court_reference="JEU-1")
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    OrderedMeasure.objects.create(decision=decision, measure_type=prio, created_by=coordinator, note="Three months")
    remedy = make_remedy(decision)
    make_hearing(case, decision=decision)
    carla, ada = session_cookie(coordinator), session_cookie(admin)
    edit = reverse("backoffice:court_decision_edit", args=[case.pk, decision.pk])
    visits = [
        (carla, reverse("backoffice:court_page", args=[case.pk]), []),
        (carla, reverse("backoffice:court_decision_detail", args=[case.pk, decision.pk]), []),
        (carla, reverse("backoffice:court_decision_add", args=[case.pk]), []),
        (carla, reverse("backoffice:court_decision_add", args=[case.pk]), [SUBMIT]),
        (carla, edit, []),
        (carla, reverse("backoffice:court_order_add", args=[case.pk, decision.pk]), [SUBMIT]),
        (carla, reverse("backoffice:court_remedy_add", args=[case.pk, decision.pk]), [SUBMIT]),
        (carla, reverse("backoffice:court_remedy_close", args=[case.pk, decision.pk, remedy.pk]), [SUBMIT]),
        (carla, reverse("backoffice:court_hearing_add", args=[case.pk]), [SUBMIT]),
        (ada, reverse("backoffice:court_time_limits"), []),
        (ada, reverse("backoffice:court_time_limits"), ["click:#id_appeal-unit_0", SUBMIT]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
