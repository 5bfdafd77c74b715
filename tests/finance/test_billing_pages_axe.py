"""axe-core (WCAG 2.1 A and AA) on the billing pages, with errors shown where a page has a form."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.finance.models import Unit
from openaef.finance.services_billing import statement_prepare, statement_submit
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import UserFactory
from tests.finance.factories_billing import make_activity, make_running_measure, make_tariff
from tests.provider.factories import provider_staff_of

pytestmark = pytest.mark.browser


def test_the_billing_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    fiona = UserFactory(full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])
    provider = ProviderFactory(name="Familljenhëllef Esch")
    service = ServiceFactory(provider=provider, code="T-AXE", measures=["AMB-SAF"], commune="esch-sur-alzette")
    nadia = provider_staff_of(provider, full_name="Nadia Provider")
    make_tariff(provider, "AMB-SAF", Unit.DAY, "100.00", dt.date(2026, 1, 1), by=fiona)
    make_tariff(provider, "AMB-SAF", Unit.DAY, "104.00", dt.date(2026, 7, 1), by=fiona)
    late = make_running_measure(service=service, coordinator=coordinator, office=office, started_on=dt.date(2026, 2, 25))
    make_running_measure(service=service, coordinator=coordinator, office=office, surname="Weber")
    make_activity(late, dt.date(2026, 2, 1), days="10", by=nadia)
    sent, _ = statement_prepare(actor=nadia, provider_id=provider.pk, month=dt.date(2026, 2, 1))
    sent = statement_submit(actor=nadia, statement=sent, expected_version=sent.version)
    draft, _ = statement_prepare(actor=nadia, provider_id=provider.pk, month=dt.date(2026, 3, 1))
    finance, portal = session_cookie(fiona), session_cookie(nadia)
    submit = "click:main form button[type=submit]"
    visits = [
        (finance, reverse("backoffice:billing_provider_list"), []),
        (finance, reverse("backoffice:billing_tariffs", args=[provider.pk]), []),
        (finance, reverse("backoffice:billing_tariff_add", args=[provider.pk]), []),
        (finance, reverse("backoffice:billing_tariff_add", args=[provider.pk]), [submit]),
        (finance, reverse("backoffice:billing_payee_account", args=[provider.pk]), [submit]),
        (finance, reverse("backoffice:billing_statement_list"), []),
        (finance, reverse("backoffice:billing_statement_detail", args=[sent.pk]), []),
        (finance, reverse("backoffice:billing_statement_detail", args=[sent.pk]), ["click:form[action$='/validate/'] button"]),
        (portal, reverse("backoffice:billing_portal_statements"), []),
        (portal, reverse("backoffice:billing_portal_statement", args=[sent.pk]), []),
        (portal, reverse("backoffice:billing_portal_statement", args=[draft.pk]), []),
        (portal, reverse("backoffice:billing_portal_submit", args=[draft.pk]), []),
        (portal, reverse("backoffice:billing_portal_submit", args=[draft.pk]), ["click:form[action$='/send/'] button"]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
