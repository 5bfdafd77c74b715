from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from openaef.accounts.models import Role
from openaef.audit import subjects
from openaef.audit.subjects import EmergencySubject
from tests.factories import UserFactory


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def dpo(db):  # type: ignore[no-untyped-def]
    """dora: the data protection officer."""
    return UserFactory(email="dora@example.test", full_name="Dora Protection", roles=[Role.DATA_PROTECTION_OFFICER])


@pytest.fixture
def request_subject(monkeypatch):  # type: ignore[no-untyped-def]
    """A record type for emergency access tests, sending the user to a request's page."""
    subject = EmergencySubject("request", "backoffice:request_detail", "request for help")
    monkeypatch.setitem(subjects._SUBJECTS, "request", subject)
    return subject


@pytest.fixture
def append_only_off(db):  # type: ignore[no-untyped-def]
    """Lets a test tamper with the log as someone with the database owner's rights could: on
    PostgreSQL the guard triggers are disabled for the test's transaction (rolled back after)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("audit_auditevent", "audit_auditeventperson"):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield


@pytest.fixture
def audit_flushable(transactional_db):  # type: ignore[no-untyped-def]
    """The flush that empties the database after a transactional test truncates the log: this
    session says it may (the guard trigger refuses it otherwise)."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET openaef.audit_allow_truncate = 'on'")


def raw(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
