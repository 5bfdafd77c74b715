"""axe-core (WCAG 2.1 A and AA) on the retention pages, the confirmation's error included."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.rights.retention import retention_run
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory

from .factories import closed_case

pytestmark = pytest.mark.browser


def test_the_retention_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    dpo = UserFactory(full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    today = timezone.localdate()
    for _ in range(2):
        closed_case(office, today - dt.timedelta(days=3 * 365))
    run = retention_run(actor=dpo, as_of=today)
    assert run.summary["case_files"]["done"] == 2
    cookie = session_cookie(dpo)
    preview = reverse("backoffice:retention_preview")
    visits = [
        (cookie, reverse("backoffice:retention_rules"), []),
        (cookie, preview, []),
        # Run without ticking the confirmation: the error summary and the message by the box.
        (cookie, preview, ["click:main form button[type=submit]"]),
        (cookie, reverse("backoffice:retention_runs"), []),
        (cookie, reverse("backoffice:retention_run", args=[run.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result(timeout=180)
    assert not failures, failures
