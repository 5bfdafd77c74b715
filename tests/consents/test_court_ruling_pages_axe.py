"""axe-core (WCAG 2.1 A and AA) on a referred request with the court's ruling form, its errors
shown, and on a request the court ruled on and the case's list showing it."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.consents.states import ConsentStatus, CourtRuling
from openaef.directory.models import Office
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import add_parent, make_request

pytestmark = pytest.mark.browser


def test_the_court_ruling_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    case = make_case(
        office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa"), framework="judicial"
    )
    parents = [add_parent(case, "Marie", position=1), add_parent(case, "Paul", position=2)]
    referred = make_request(case, parents, status=ConsentStatus.REFERRED, referred_on=dt.date(2026, 3, 20))
    ruled = make_request(
        case,
        parents,
        status=ConsentStatus.COURT_REFUSED,
        court_ruling=CourtRuling.REFUSED,
        referred_on=dt.date(2026, 3, 20),
        court_reference="TJ-2026-5",
        court_decided_on=dt.date(2026, 4, 2),
    )
    carla = session_cookie(coordinator)
    detail = "backoffice:consent_request_detail"
    visits = [
        (carla, reverse("backoffice:consent_page", args=[case.pk]), []),
        (carla, reverse(detail, args=[case.pk, referred.pk]), ["click:details:first-of-type summary"]),
        (
            carla,
            reverse(detail, args=[case.pk, referred.pk]),
            ["click:details:first-of-type summary", "click:details[open] form button[type=submit]"],
        ),
        (carla, reverse(detail, args=[case.pk, ruled.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
