from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from openaef.audit.models import AuditAction, AuditEvent
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login_url() -> str:
    return reverse("backoffice:login")


def test_it_shows_an_email_field_named_username(client):
    response = client.get(login_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'type="email"' in html
    assert "E-mail address" in html or "Adresse" in html


def test_it_signs_in_with_the_email_address_then_asks_for_the_code(client, intake_officer):
    device = confirmed_authenticator(intake_officer)
    response = client.post(login_url(), {"username": "Alice@Example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:account_verify") + "?" + urlencode({"next": reverse("backoffice:home")})
    response = client.post(response.url, {"code": current_code(device), "next": reverse("backoffice:home")})
    assert response.url == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).url == reverse("backoffice:inbox")


def test_it_refuses_a_wrong_password_with_a_message_next_to_the_field(client, intake_officer):
    response = client.post(login_url(), {"username": "alice@example.test", "password": "wrong password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "_auth_user_id" not in client.session


def test_it_audits_a_failed_login_without_the_typed_address(client, intake_officer):
    client.post(login_url(), {"username": "alice@example.test", "password": "wrong password"})
    client.post(login_url(), {"username": "nobody@example.test", "password": "wrong password"})
    events = list(AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("id"))
    assert [e.object_id for e in events] == [str(intake_officer.pk), ""]
    for event in events:
        assert "example.test" not in f"{event.object_type} {event.object_id} {event.reason} {event.fields}"
        assert event.ip_address == "127.0.0.1"


def test_it_never_logs_the_password_or_the_address(client, intake_officer, caplog):
    with caplog.at_level("DEBUG"):
        client.post(login_url(), {"username": "alice@example.test", "password": "s3cret-typed"})
    assert "s3cret-typed" not in caplog.text
    assert "alice@example.test" not in caplog.text


def test_it_locks_the_account_after_five_failures(client, intake_officer):
    statuses = [client.post(login_url(), {"username": "alice@example.test", "password": "wrong"}).status_code for _ in range(5)]
    # The fifth failure is the one that locks: it already answers with the locked page.
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(login_url(), {"username": "alice@example.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "backoffice/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_it_signs_out_on_post_only(login, intake_officer):
    client = login(intake_officer)
    assert client.get(reverse("backoffice:logout")).status_code == 405
    response = client.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url.startswith(login_url())


def test_it_shows_a_landing_page_to_professionals_without_the_inbox(login):
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    analyst = UserFactory(roles=[(Role.ANALYST, None)])
    response = login(analyst).get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert "backoffice/home.html" in [t.name for t in response.templates]
    assert reverse("backoffice:inbox") not in response.content.decode()


def test_it_links_a_wrong_password_error_to_the_email_field(client, intake_officer):
    response = client.post(login_url(), {"username": "alice@example.test", "password": "wrong password"})
    assert 'href="#id_username"' in response.content.decode()
