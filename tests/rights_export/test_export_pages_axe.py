"""axe-core (WCAG 2.1 A and AA) on the review and release pages of an export, with errors shown."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.rights.services_export import export_prepare
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory

from .factories import make_family

pytestmark = pytest.mark.browser


def test_the_export_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    dpo = UserFactory(full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])
    family = make_family(office=office, coordinator=coordinator)
    export = export_prepare(actor=dpo, access_request=family.request)
    cookie = session_cookie(dpo)
    review = reverse("backoffice:file_access_export_review", args=[export.pk])
    visits = [
        (cookie, review, []),
        (cookie, review + "?show=all", []),
        # Withhold without a reason: the error summary and the message next to the field.
        (cookie, review, ["click:main form input[value=withhold]", "click:main form button[type=submit]"]),
        (cookie, reverse("backoffice:file_access_export_release", args=[export.pk]), []),
        (cookie, reverse("backoffice:file_access_export_discard", args=[export.pk]), []),
        (cookie, reverse("backoffice:file_access_export_discard", args=[export.pk]), ["click:main form button[type=submit]"]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result(timeout=300)
    assert not failures, failures
