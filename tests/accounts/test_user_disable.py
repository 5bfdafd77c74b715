"""Disabling an account or resetting its second factor ends every session it has, at once."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from openaef.accounts.models import UserSession
from openaef.accounts.services import second_factor_reset, user_disable
from openaef.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clients(client, intake_officer):  # type: ignore[no-untyped-def]
    """alice, signed in on two computers."""
    other = type(client)()
    client.force_login(intake_officer)
    other.force_login(intake_officer)
    return client, other


def test_each_sign_in_is_recorded(two_clients, intake_officer):
    keys = {c.session.session_key for c in two_clients}
    assert set(UserSession.objects.filter(user=intake_officer).values_list("session_key", flat=True)) == keys


def test_signing_out_forgets_the_session(two_clients, intake_officer):
    first, _second = two_clients
    key = first.session.session_key
    first.post(reverse("backoffice:logout"))
    assert not UserSession.objects.filter(session_key=key).exists()


def test_disabling_an_account_ends_all_its_sessions(two_clients, intake_officer, office_head):
    bystander = type(two_clients[0])()
    bystander.force_login(office_head)
    keys = [c.session.session_key for c in two_clients]

    user_disable(actor=None, user=intake_officer)

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=intake_officer).exists()
    for signed_out in two_clients:
        response = signed_out.get(reverse("backoffice:inbox"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("backoffice:login"))
    assert bystander.get(reverse("backoffice:inbox")).status_code == 200
    intake_officer.refresh_from_db()
    assert not intake_officer.is_active
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(intake_officer.pk), fields=["is_active"]).exists()


def test_resetting_the_second_factor_ends_all_sessions(two_clients, intake_officer):
    second_factor_reset(actor=None, user=intake_officer)
    for signed_out in two_clients:
        assert signed_out.get(reverse("backoffice:inbox")).url.startswith(reverse("backoffice:login"))


def test_resetting_ones_own_second_factor_keeps_only_the_current_session(two_clients, intake_officer):
    mine, other = two_clients
    second_factor_reset(actor=intake_officer, user=intake_officer, keep_session_key=mine.session.session_key)
    assert other.get(reverse("backoffice:inbox")).url.startswith(reverse("backoffice:login"))
    # The session kept lost its second factor with the devices: straight to a new set-up.
    assert mine.get(reverse("backoffice:inbox")).url.startswith(reverse("backoffice:account_enrol"))


def test_the_disable_command_disables_and_ends_sessions(two_clients, intake_officer):
    import io

    from django.core.management import call_command

    call_command("disable_user", "Alice@Example.test", stdout=io.StringIO())
    intake_officer.refresh_from_db()
    assert not intake_officer.is_active
    assert not UserSession.objects.filter(user=intake_officer).exists()
