"""Half a sign-in (a password, no code yet) reaches no back-office page: every URL proves it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_url_walk import PAGES

from .factories import confirmed_authenticator

PROTECTED = [
    (route, pattern)
    for route, pattern in PAGES
    if getattr(pattern.callback, "openaef_permission", None)
    and not getattr(pattern.callback, "openaef_second_factor_step", False)
]


def test_there_are_protected_pages_to_walk():
    assert len(PROTECTED) > 5
    assert any(route.endswith("staff/account/") for route, _ in PROTECTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), PROTECTED, ids=[route for route, _ in PROTECTED])
def test_every_protected_page_sends_a_half_signed_in_user_to_the_code(client, intake_officer, route, pattern):
    confirmed_authenticator(intake_officer)
    client.force_login(intake_officer, verified=False)
    for method in ("get", "post"):
        response = getattr(client, method)("/" + route)
        assert response.status_code == 302, f"{method.upper()} /{route} -> {response.status_code}"
        assert response["Location"].startswith(reverse("backoffice:account_verify")), response["Location"]


@pytest.mark.django_db
def test_a_user_without_an_app_is_sent_to_the_set_up_with_the_page_asked_for(client, coordinator):
    client.force_login(coordinator, verified=False)
    response = client.get(reverse("backoffice:home"))
    assert response.url == reverse("backoffice:account_enrol") + "?next=%2Fen%2Fstaff%2F"


@pytest.mark.django_db
def test_public_pages_stay_open_to_a_half_signed_in_user(client, intake_officer):
    client.force_login(intake_officer, verified=False)
    assert client.get(reverse("portal:home")).status_code == 200
