from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openaef.directory.models import Commune, Office
from openaef.intake.models import HelpRequest
from tests.factories import HelpRequestFactory


def commune_served_by(office: Office) -> Commune:
    return Commune.objects.filter(pack="lu", office=office).order_by("code").first()


@pytest.fixture
def make_request(db: Any):  # type: ignore[no-untyped-def]
    """A request in the Luxembourg pack; with office=..., one proposed for (or assigned to) that office."""

    def make(*, office: Office | None = None, assigned: bool = False, **fields: Any) -> HelpRequest:
        if office is not None:
            fields.setdefault("child_commune", commune_served_by(office))
            fields.setdefault("proposed_office", office)
            if assigned:
                fields.setdefault("office", office)
        return HelpRequestFactory(**fields)

    return make


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user
