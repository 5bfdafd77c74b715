"""axe-core (WCAG 2.1 A and AA) on the placement pages, with their errors shown: the list, the
placement page, opening, admission, transfer, move on, discharge, visits, the foster-care
agreement and the admission form abroad."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import Office
from openaef.placements import services
from openaef.placements.checks import Place
from openaef.placements.models import LegalBasis
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.directory.factories import ServiceFactory
from tests.factories import UserFactory
from tests.measures.factories import accepted_measure
from tests.people.factories import PersonFactory

from .conftest import STATIONARY, foster_family

pytestmark = pytest.mark.browser


def test_the_placement_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    today = timezone.localdate()
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    carla = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    child = PersonFactory(surname="Schmit", first_names="Léa", birth_date=dt.date(today.year - 9, 5, 17))
    case = make_case(office=office, coordinator=carla, child=child)
    access = CaseAccess(case=case, can_edit=True)
    home = ServiceFactory(code="T-HOME", name={"en": "Harbour home"}, measures=STATIONARY, commune="esch-sur-alzette")
    foster_family("FF-AXE", support_service=home)
    placed = services.placement_open(
        actor=carla,
        access=access,
        measure=accepted_measure(case, home, "STA-PRIO"),
        legal_basis=LegalBasis.AGREEMENT,
        agreement_on=today - dt.timedelta(days=20),
    )
    services.placement_admit(
        actor=carla,
        access=access,
        placement=placed,
        expected_version=placed.version,
        admitted_on=today - dt.timedelta(days=20),
        place=Place(kind="institution", service=home, living_unit="Groupe 2"),
    )
    abroad = services.placement_open(
        actor=carla,
        access=access,
        measure=accepted_measure(case, home, "STA-ABROAD"),
        legal_basis=LegalBasis.AGREEMENT,
        agreement_on=today,
    )
    accepted_measure(case, home, "STA-INST-BASE")  # one more to open

    def url(name: str, placement: object | None = None) -> str:
        args = [case.pk] if placement is None else [case.pk, placement.pk]  # type: ignore[attr-defined]
        return reverse(f"backoffice:{name}", args=args)

    cookie = session_cookie(carla)
    submit = "click:main form button[type=submit]"
    visits = [
        (cookie, url("placement_list"), []),
        (cookie, url("placement_detail", placed), []),
        (cookie, url("placement_open"), [submit]),
        (cookie, url("placement_admit", abroad), [submit]),
        (cookie, url("placement_transfer", placed), [submit]),
        (cookie, url("placement_move_on", placed), [submit]),
        (cookie, url("placement_discharge", placed), [submit]),
        (cookie, url("placement_visit_add", placed), [submit]),
        (cookie, url("placement_agreement", placed), []),
        (cookie, url("placement_abroad", abroad), [submit]),
        (cookie, url("placement_detail", abroad), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
