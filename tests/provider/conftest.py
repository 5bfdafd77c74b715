"""The cast of the providers' portal: nadia (``provider_staff``) works for the Esch family
help provider, paul (``other_provider_staff``) for another organisation; carla
(``coordinator``) holds the case in Esch, bob (``office_head``) heads Esch, charlie
(``outsider``) is a provider's staff member whose account is linked to no provider."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from openaef.cases.models import CaseParticipant, JournalNote, NoteKind, ParticipantRole
from openaef.measures.states import MeasureStatus, ReferralStatus
from tests.cases.factories import PersonFactory, make_case
from tests.directory.factories import ProviderFactory, ServiceFactory

from .factories import make_referral, provider_staff_of

CASE_SUMMARY = "Confidential: the father was violent in 2024."
JOURNAL_TEXT = "Home visit: the kitchen was empty, nobody answered the door."
CHILD_ADDRESS = "12, rue des Secrets"


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def provider(db):  # type: ignore[no-untyped-def]
    return ProviderFactory(name="Familljenhëllef Esch", phone="+352 555 111")


@pytest.fixture
def service(provider):  # type: ignore[no-untyped-def]
    return ServiceFactory(
        provider=provider, code="T-FAMILY", name={"en": "Family help at home"}, measures=["AMB-SAF"], commune="esch-sur-alzette"
    )


@pytest.fixture
def other_provider(db):  # type: ignore[no-untyped-def]
    return ProviderFactory(name="Elsewhere services")


@pytest.fixture
def other_service(other_provider):  # type: ignore[no-untyped-def]
    return ServiceFactory(provider=other_provider, code="T-ELSEWHERE", measures=["AMB-SAF"], commune="wiltz")


@pytest.fixture
def provider_staff(provider):  # type: ignore[no-untyped-def]
    """nadia: staff of the Esch family help provider."""
    return provider_staff_of(provider, email="nadia@example.test", full_name="Nadia Provider")


@pytest.fixture
def other_provider_staff(other_provider):  # type: ignore[no-untyped-def]
    """paul: staff of another provider."""
    return provider_staff_of(other_provider, email="paul@example.test", full_name="Paul Elsewhere")


@pytest.fixture
def case(db, office, coordinator):  # type: ignore[no-untyped-def]
    """Carla's case in Esch: Léa Schmit, born 2015, speaks Portuguese; a journal note and a mother."""
    child = PersonFactory(
        surname="Schmit", first_names="Léa", birth_date=dt.date(2015, 5, 17), languages=["pt", "fr"], address=CHILD_ADDRESS
    )
    case = make_case(office=office, coordinator=coordinator, child=child, summary=CASE_SUMMARY)
    mother = PersonFactory(surname="Schmit", first_names="Ana", address=CHILD_ADDRESS)
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    JournalNote.objects.create(
        case=case, author=coordinator, kind=NoteKind.VISIT, occurred_on=dt.date(2026, 2, 3), text=JOURNAL_TEXT
    )
    case.mother = mother
    return case


@pytest.fixture
def referral(case, service):  # type: ignore[no-untyped-def]
    """A referral sent to nadia's provider, the mother's written consent recorded."""
    return make_referral(case=case, service=service, consent_by=case.mother)


@pytest.fixture
def running_referral(case, service):  # type: ignore[no-untyped-def]
    """An accepted referral whose measure is under way since 1 February 2026."""
    return make_referral(case=case, service=service, status=ReferralStatus.ACCEPTED, measure_status=MeasureStatus.ACTIVE)
