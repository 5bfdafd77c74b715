"""axe-core (WCAG 2.1 A and AA) on the 116 000 pages, with errors shown where a page has a form."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.hotline.models import FollowUpEntry, MissingChildFollowUp, ProtocolStep, Responder, Urgency
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory

from .factories import CallFactory

pytestmark = pytest.mark.browser


def test_the_hotline_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    agent = UserFactory(full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])
    urgent = CallFactory(urgency=Urgency.URGENT, responder=Responder.POLICE, recorded_by=agent, summary="Boy, 14, gone.")
    ProtocolStep.objects.create(call=urgent, code="specialist", position=0)
    ProtocolStep.objects.create(call=urgent, code="police_testimony", position=1, done_by=agent, done_at=urgent.received_at)
    follow_up = MissingChildFollowUp.objects.create(opened_by=agent)
    urgent.follow_up = follow_up
    urgent.save(update_fields=["follow_up"])
    FollowUpEntry.objects.create(follow_up=follow_up, kind="abroad", text="116 000 France", by=agent)
    cookie = session_cookie(agent)
    follow_up_url = reverse("backoffice:hotline_follow_up", args=[follow_up.pk])
    call = reverse("backoffice:hotline_call", args=[urgent.pk])
    console = reverse("backoffice:hotline_console")
    figures = reverse("backoffice:hotline_figures")
    visits = [
        (cookie, console, []),
        (cookie, console, ["click:main form button[type=submit]"]),
        (cookie, call, []),
        (cookie, call, ["click:form[action$='/close/'] button[type=submit]"]),
        (cookie, reverse("backoffice:hotline_calls"), []),
        (cookie, reverse("backoffice:hotline_follow_ups"), []),
        (cookie, follow_up_url, []),
        (cookie, follow_up_url, ["click:form[action$='/close/'] button[type=submit]"]),
        (cookie, figures, []),
        (cookie, figures, ["fill:#id_end_year=1999", "click:main form button[type=submit]"]),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures
