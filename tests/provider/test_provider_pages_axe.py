"""axe-core (WCAG 2.1 A and AA) on the providers' portal, with errors shown where a page has a form."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.measures.models import ProviderReport
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from tests.cases.factories import PersonFactory, make_case
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import UserFactory

from .factories import make_referral, provider_staff_of

pytestmark = pytest.mark.browser


def test_the_provider_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    provider = ProviderFactory(name="Familljenhëllef Esch")
    service = ServiceFactory(provider=provider, code="T-AXE", measures=["AMB-SAF"], commune="esch-sur-alzette")
    nadia = provider_staff_of(provider, full_name="Nadia Provider")
    child = PersonFactory(surname="Schmit", first_names="Léa", birth_date=dt.date(2015, 5, 17), languages=["pt"])
    sent = make_referral(case=make_case(office=office, coordinator=coordinator, child=child), service=service)
    make_referral(case=make_case(office=office, coordinator=coordinator), service=service, status=ReferralStatus.WAITING)
    running = make_referral(
        case=make_case(office=office, coordinator=coordinator),
        service=service,
        status=ReferralStatus.ACCEPTED,
        measure_status=MeasureStatus.ACTIVE,
    ).measure
    report = ProviderReport.objects.create(
        measure=running, kind=ReportKind.INITIAL, status=ReportStatus.RETURNED, return_reason="Add the school's view."
    )
    cookie = session_cookie(nadia)
    detail = reverse("backoffice:provider_referral_detail", args=[sent.pk])
    activity = reverse("backoffice:provider_activity", args=[running.pk])
    visits = [
        (cookie, reverse("backoffice:provider_inbox"), []),
        (cookie, detail, []),
        (cookie, detail, ["click:form[action$='/decline/'] button[type=submit]"]),
        (cookie, reverse("backoffice:provider_waiting_lists"), []),
        (cookie, reverse("backoffice:provider_capacity"), []),
        (cookie, reverse("backoffice:provider_capacity_edit", args=[service.pk]), []),
        (cookie, reverse("backoffice:provider_capacity_site_edit", args=[service.pk, service.locations.first().pk]), []),
        (cookie, reverse("backoffice:provider_measure_list"), []),
        (cookie, reverse("backoffice:provider_measure_detail", args=[running.pk]), []),
        (cookie, reverse("backoffice:provider_report_edit", args=[report.pk]), []),
        (cookie, reverse("backoffice:provider_report_submit", args=[report.pk]), []),
        (cookie, activity, []),
        (cookie, activity, ["click:main form button[type=submit]"]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
