"""Every back-office URL, for the whole cast: who gets in, who is refused, who is sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout"}
# name -> (method, expected status for the intake officer, the office head, the outsider)
EXPECTED = {
    # Coordinators and office heads land on their dashboard, provider staff on their inbox.
    "home": ("get", 302, 302, 302),
    "dashboard": ("get", 403, 200, 403),
    "inbox": ("get", 200, 200, 403),
    "request_record": ("get", 200, 403, 403),
    "request_detail": ("get", 200, 200, 403),
    "request_triage": ("post", 400, 403, 403),  # an empty POST names no transition
    "request_priority": ("post", 200, 403, 403),
    "coordinator_options": ("get", 200, 403, 403),
}


def url_for(name: str, help_request) -> str:  # type: ignore[no-untyped-def]
    if name in ("request_detail", "request_triage", "request_priority"):
        return reverse(f"backoffice:{name}", args=[help_request.pk])
    return reverse(f"backoffice:{name}")


def test_every_intake_url_of_the_backoffice_is_covered():
    """The URLs backoffice/urls.py names itself; each included area (cases, people, audit,
    account) has its own cast tests, and tests/test_url_walk.py walks them all."""
    from django.urls import URLPattern

    from openaef.backoffice.urls import urlpatterns

    assert {p.name for p in urlpatterns if isinstance(p, URLPattern)} == set(EXPECTED) | PUBLIC


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_cast_gets_what_it_should(name, client, login, intake_officer, office_head, outsider, make_request, office):
    help_request = make_request(office=office, assigned=True)
    method, *statuses = EXPECTED[name]
    url = url_for(name, help_request)
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("backoffice:login"))
    for user, expected in zip([intake_officer, office_head, outsider], statuses, strict=True):
        response = getattr(login(user), method)(url)
        assert response.status_code == expected, (user, name)


def test_an_office_head_gets_not_found_for_another_office_s_request(login, office_head, make_request, other_office):
    help_request = make_request(office=other_office, assigned=True)
    assert login(office_head).get(url_for("request_detail", help_request)).status_code == 404
