"""Things a payment run pays, written straight to the tables: validated statements of providers
with a bank account, instalments of granted financial help."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.finance.models import AidInstalment, AidKind, FinancialAid, PayeeAccount, Statement
from openaef.finance.states import AidStatus, StatementStatus
from tests.cases.factories import make_case
from tests.directory.factories import ProviderFactory
from tests.factories import UserFactory

PROVIDER_IBAN = "DE89370400440532013000"
PROVIDER_BIC = "COBADEFFXXX"
AID_IBAN = "FR1420041010050500013M02606"


def finance_officer(**fields: Any) -> Any:
    return UserFactory(roles=[Role.FINANCE_OFFICER], **fields)


def payee_account(provider: Any, *, iban: str = PROVIDER_IBAN, bic: str = PROVIDER_BIC) -> PayeeAccount:
    return PayeeAccount.objects.create(
        provider=provider, holder=f"{provider.name} asbl", iban=iban, bic=bic, updated_by=finance_officer()
    )


def validated_statement(
    *, provider: Any = None, month: dt.date = dt.date(2026, 1, 1), total: str = "1234.56", with_account: bool = True
) -> Statement:
    provider = provider or ProviderFactory()
    if with_account and not hasattr(provider, "payee_account"):
        payee_account(provider)
    return Statement.objects.create(provider=provider, month=month, status=StatementStatus.VALIDATED, total=Decimal(total))


def granted_aid(
    *,
    instalments: list[tuple[dt.date, str]] = ((dt.date(2026, 1, 5), "150.00"),),  # type: ignore[assignment]
    repayable: bool = False,
    iban: str = AID_IBAN,
    status: str = AidStatus.GRANTED,
) -> FinancialAid:
    case = make_case(office=Office.objects.get(pack="lu", code="ORE-ESCH"))
    aid = FinancialAid.objects.create(
        case=case,
        beneficiary=case.child,
        pack="fr",
        kind=AidKind.GRANT,
        repayable=repayable,
        amount=Decimal(instalments[0][1]),
        starts_on=instalments[0][0],
        purpose="School canteen",
        status=status,
        holder="Marie Dupont" if iban else "",
        iban=iban,
        proposed_by=UserFactory(),
    )
    for due_on, amount in instalments:
        AidInstalment.objects.create(aid=aid, due_on=due_on, amount=Decimal(amount))
    return aid
