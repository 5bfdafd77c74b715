"""axe-core (WCAG 2.1 A and AA) on the financial help pages, with their errors shown."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import Office
from openaef.finance.models import AidKind
from tests.cases.factories import make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory
from tests.finance.factories_aid import (
    fr_deployment,  # noqa: F401
    grant,
    propose,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_the_financial_help_pages_pass_axe(live_server, lu_pack, audit_log_flushable, fr_deployment):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    officer = UserFactory(full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])
    case = make_case(pack="fr", office=office, coordinator=coordinator, child=PersonFactory(surname="Dupré", first_names="Léa"))
    mother = PersonFactory(surname="Dupré", first_names="Marie", birth_date=dt.date(1986, 1, 9))
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    access = CaseAccess(case=case, can_edit=True)
    proposed = propose(access, coordinator, mother)
    granted = propose(
        access,
        coordinator,
        mother,
        kind=AidKind.ALLOWANCE,
        amount=Decimal("100.00"),
        months=2,
        starts_on=dt.date(2025, 1, 1),
        repayable=True,
        repayment_months=3,
        repayment_starts_on=dt.date(2025, 3, 1),
    )
    grant(granted, officer)
    carla, fiona = session_cookie(coordinator), session_cookie(officer)
    submit = "click:main form button[type=submit]"
    open_and_submit = ["click:details:first-of-type summary", "click:details[open] form button[type=submit]"]
    visits = [
        (carla, reverse("backoffice:aid_case_list", args=[case.pk]), []),
        (carla, reverse("backoffice:aid_propose", args=[case.pk]), []),
        (carla, reverse("backoffice:aid_propose", args=[case.pk]), [submit]),
        (carla, reverse("backoffice:aid_detail", args=[granted.pk]), []),
        (fiona, reverse("backoffice:aid_detail", args=[proposed.pk]), open_and_submit),
        (fiona, reverse("backoffice:aid_detail", args=[granted.pk]), open_and_submit),
        (fiona, reverse("backoffice:aid_worklist"), []),
        (fiona, reverse("backoffice:aid_repayments_due"), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
