"""Signing in by password grants no permission of its own: every permission is a rule."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from openaef.accounts.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_authenticates_by_e_mail_and_password(rf):  # type: ignore[no-untyped-def]
    user = UserFactory(email="alice@example.test", roles=[Role.INTAKE_OFFICER])
    assert authenticate(rf.post("/"), username="alice@example.test", password=PASSWORD) == user
    assert authenticate(rf.post("/"), username="alice@example.test", password="wrong password") is None


def test_a_permission_it_does_not_hold_costs_no_query(django_assert_num_queries):  # type: ignore[no-untyped-def]
    user = UserFactory(email="alice@example.test", roles=[Role.INTAKE_OFFICER])
    assert user.has_perm("intake.view_inbox")  # reads the roles once
    with django_assert_num_queries(0):
        assert not user.has_perm("audit.view_log")
        assert not user.has_perm("auth.change_user")
