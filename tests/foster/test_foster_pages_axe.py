"""axe-core (WCAG 2.1 A and AA) on the foster family pages, with their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import add_parent, approved_family, make_family

pytestmark = pytest.mark.browser


def test_the_foster_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    case = make_case(
        office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa", languages=["pt"])
    )
    add_parent(case, "esch-sur-alzette")
    today = dt.date.today()
    family = approved_family(
        "Weber household",
        languages=("pt",),
        commune_code="dudelange",
        approved_from=today - dt.timedelta(days=10),
        approved_until=today + dt.timedelta(days=20),
    )
    family.members.create(name="Anne Weber", role="foster_parent", birth_year=1980)
    applied = make_family("Muller household")
    carla = session_cookie(coordinator)
    detail = reverse("backoffice:foster_detail", args=[family.pk])
    visits = [
        (carla, reverse("backoffice:foster_register"), []),
        (carla, reverse("backoffice:foster_register") + "?q=weber&status=approved", []),
        (carla, reverse("backoffice:foster_create"), []),
        (carla, reverse("backoffice:foster_create"), ["click:main form button[type=submit]"]),
        (carla, detail, []),
        (carla, reverse("backoffice:foster_detail", args=[applied.pk]), []),
        # "Suspend" without a reason: the error summary and the message by the field.
        (carla, detail, ["click:#actions ~ details summary", "click:details[open] form button[type=submit]"]),
        (carla, reverse("backoffice:foster_edit", args=[family.pk]), []),
        (carla, reverse("backoffice:foster_suggestions", args=[case.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
