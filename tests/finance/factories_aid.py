"""Financial help (France) written through the services, and the cast around a French case:
carla (``coordinator``) holds Léa's case, bob (``office_head``) heads the office, fiona
(``finance_officer``) decides, charlie (``outsider``) is a provider's staff member. Léa's
mother is Marie Dupré.

Test modules take the fixtures with ``from tests.finance.factories_aid import *``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.cases.selectors import CaseAccess
from openaef.core import packs
from openaef.finance import services_aid
from openaef.finance.models import AidKind, Assessment, FinancialAid, Invoice
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.measures.factories import make_measure
from tests.people.factories import PersonFactory

__all__ = [
    "GOOD_IBAN",
    "aid_case",
    "case_access",
    "finance_officer",
    "fr_deployment",
    "grant",
    "mother",
    "propose",
    "unpaid_invoice",
]

GOOD_IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def finance_officer(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="fiona@example.test", full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def aid_case(db, office, coordinator):  # type: ignore[no-untyped-def]
    child = PersonFactory(pack="fr", surname="Dupré", first_names="Léa", birth_date=dt.date(2014, 4, 2))
    return make_case(pack="fr", office=office, coordinator=coordinator, child=child)


@pytest.fixture
def mother(aid_case):  # type: ignore[no-untyped-def]
    person = PersonFactory(pack="fr", surname="Dupré", first_names="Marie", birth_date=dt.date(1986, 1, 9))
    CaseParticipant.objects.create(case=aid_case, person=person, role=ParticipantRole.PARENT, position=1)
    return person


@pytest.fixture
def case_access(aid_case):  # type: ignore[no-untyped-def]
    return CaseAccess(case=aid_case, can_edit=True)


@pytest.fixture
def fr_deployment(settings, monkeypatch):  # type: ignore[no-untyped-def]
    """A French deployment. There is no jurisdictions/fr/pack.yaml yet, and the page chrome reads
    the deployment's pack (core.context_processors.openaef, core.i18n.pick through ``|tr``):
    only those two read Luxembourg's pack.yaml instead (the lead adds fr/pack.yaml)."""
    settings.OPENAEF_PACK = "fr"
    real = packs.get_pack

    def chrome_pack(code: str | None = None) -> packs.Pack:
        return real(code or "lu")

    monkeypatch.setattr("openaef.core.context_processors.get_pack", chrome_pack)
    monkeypatch.setattr("openaef.core.packs.get_pack", chrome_pack)
    return settings


def propose(access: CaseAccess, actor: Any, beneficiary: Any, **changes: Any) -> FinancialAid:
    values: dict[str, Any] = {
        "beneficiary": beneficiary,
        "kind": AidKind.GRANT,
        "amount": Decimal("300.00"),
        "months": None,
        "starts_on": dt.date(2026, 4, 1),
        "purpose": "Rent arrears and school supplies.",
        "repayable": False,
        "repayment_months": None,
        "repayment_starts_on": None,
        "holder": beneficiary.full_name if beneficiary else "",
        "iban": GOOD_IBAN,
        "bic": "",
        "own_account_confirmed": True,
    }
    values.update(changes)
    return services_aid.aid_propose(actor=actor, access=access, **values)


def grant(aid: FinancialAid, officer: Any) -> FinancialAid:
    return services_aid.aid_decide(actor=officer, aid=aid, grant=True, expected_version=aid.version)


def unpaid_invoice(case: Any, payer: Any, amount: str = "250.00") -> Invoice:
    measure = make_measure(case, "AMB-PSY")
    assessment = Assessment.objects.create(
        case=case,
        measure=measure,
        payer=payer,
        pack=case.pack,
        status="decided",
        effective_from=dt.date(2026, 1, 1),
        monthly_amount=Decimal(amount),
        created_by=case.coordinator,
    )
    return Invoice.objects.create(
        number=f"T-{assessment.pk}",
        assessment=assessment,
        case=case,
        payer=payer,
        month=dt.date(2026, 2, 1),
        unit_amount=Decimal(amount),
        amount=Decimal(amount),
        issued_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 3, 31),
    )
