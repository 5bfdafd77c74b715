"""axe-core (WCAG 2.1 A and AA) on the consent pages and the list of placed children, with
their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.consents.models import EverydayAct
from openaef.consents.states import ComplaintStatus, ConsentStatus
from openaef.directory.models import Office
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import add_parent, add_stay, make_complaint, make_placement, make_request

pytestmark = pytest.mark.browser


def test_the_consent_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    head = UserFactory(full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])
    case = make_case(
        office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa"), framework="judicial"
    )
    parents = [add_parent(case, "Marie", position=1), add_parent(case, "Paul", position=2)]
    placement = make_placement(case, "STA-INST-BASE", admitted_on=dt.date(2026, 1, 5))
    add_stay(placement, dt.date(2026, 1, 5))
    asked = make_request(case, parents, placement=placement)
    refused = make_request(case, parents, status=ConsentStatus.REFUSED)
    complaint = make_complaint(case, parents[0], status=ComplaintStatus.RECEIVED)
    EverydayAct.objects.create(
        case=case, on=dt.date(2026, 2, 1), kind="health", what="Dentist.", decided_by="Foyer", recorded_by=coordinator
    )
    carla, bob = session_cookie(coordinator), session_cookie(head)
    submit = "click:main form button[type=submit]"
    visits = [
        (carla, reverse("backoffice:consent_page", args=[case.pk]), []),
        (carla, reverse("backoffice:consent_request_create", args=[case.pk]), []),
        (carla, reverse("backoffice:consent_request_create", args=[case.pk]), [submit]),
        (carla, reverse("backoffice:everyday_act_create", args=[case.pk]), [submit]),
        (carla, reverse("backoffice:complaint_create", args=[case.pk]), [submit]),
        (carla, reverse("backoffice:consent_request_detail", args=[case.pk, asked.pk]), []),
        (
            carla,
            reverse("backoffice:consent_request_detail", args=[case.pk, asked.pk]),
            ["click:details:first-of-type summary", "click:details[open] form button[type=submit]"],
        ),
        (carla, reverse("backoffice:consent_request_detail", args=[case.pk, refused.pk]), []),
        (
            carla,
            reverse("backoffice:complaint_detail", args=[case.pk, complaint.pk]),
            ["click:details:first-of-type summary", "click:details[open] form button[type=submit]"],
        ),
        (bob, reverse("backoffice:placed_children") + "?on=2026-04-01", []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
