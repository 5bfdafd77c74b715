"""axe-core (WCAG 2.1 A and AA) on the contribution pages, with their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.finance.models import ItemKind
from openaef.finance.services_assessments import assessment_create, assessment_decide
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.consents.factories import add_parent
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories_assessments import add_tariff, placed_measure

pytestmark = pytest.mark.browser


def test_the_contribution_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    finance = UserFactory(full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])
    case = make_case(office=office, coordinator=coordinator, child=PersonFactory(surname="Schmit", first_names="Léa"))
    parents = [add_parent(case, "Marie", position=1), add_parent(case, "Paul", position=2)]
    measure, fresh = placed_measure(case), placed_measure(case, "STA-FOSTER")
    add_tariff(measure, "200.00")
    items = [(ItemKind.INCOME, "salary", "Salary", Decimal("4200")), (ItemKind.EXPENSE, "rent", "", Decimal("1000"))]
    draft = assessment_create(
        actor=finance, measure=measure, payer=parents[0], effective_from=dt.date(2026, 1, 1), dependent_children=2, items=items
    )
    decided = assessment_create(
        actor=finance, measure=fresh, payer=parents[1], effective_from=dt.date(2026, 2, 1), dependent_children=1, items=items
    )
    decided = assessment_decide(actor=finance, assessment=decided, expected_version=decided.version)
    other = placed_measure(case, "STA-INST-SPED")
    fiona, carla = session_cookie(finance), session_cookie(coordinator)
    assess = reverse("backoffice:assessment_create", args=[other.pk])
    visits = [
        (fiona, reverse("backoffice:assessment_worklist"), []),
        (fiona, assess, []),
        (fiona, assess, ["fill:#id_effective_from_day=15", "fill:#id_income-0-monthly=12.345", "click:button[name=save]"]),
        (fiona, assess, ["fill:#id_income-0-monthly=100", "click:button[name=add][value=income]"]),
        (fiona, reverse("backoffice:assessment_edit", args=[draft.pk]), []),
        (fiona, reverse("backoffice:assessment_check", args=[draft.pk]), []),
        (fiona, reverse("backoffice:assessment_detail", args=[draft.pk]), ["click:details summary"]),
        (fiona, reverse("backoffice:assessment_detail", args=[decided.pk]), []),
        (fiona, reverse("backoffice:assessment_reassess", args=[decided.pk]), ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:assessment_case_contribution", args=[case.pk, fresh.pk]), []),
        (carla, reverse("backoffice:assessment_detail", args=[decided.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
