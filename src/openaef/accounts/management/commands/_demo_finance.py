"""Money in the demo: the fictional provider's tariffs and bank account, the contribution of the
placed children's parents, last month's activity and statement (sent, validated), the parents'
invoices of that month and a payment run waiting for a second finance officer's approval.

Everything goes through the services, as a user would do it. Idempotent: nothing is added once
the demo provider has tariffs. Amounts and the IBAN are made up for the demo (the IBAN is the
banks' documentation example).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from openaef.accounts.models import User
from openaef.cases.deadlines import next_business_day
from openaef.consents.selectors import parent_candidates
from openaef.directory.models import MeasureType, Provider
from openaef.finance.models import ItemKind, Statement, StatementLine, Tariff, Unit
from openaef.finance.services_assessments import assessment_create, assessment_decide
from openaef.finance.services_billing import (
    payee_account_save,
    statement_prepare,
    statement_submit,
    statement_validate,
    tariff_add,
)
from openaef.finance.services_invoices import invoicing_run
from openaef.finance.services_payments import payment_run_prepare
from openaef.measures.models import Measure
from openaef.measures.services_provider import activity_record
from openaef.measures.states import MeasureStatus

from ._demo_placements import PROVIDER

DEMO_TARIFFS = {"STA-PRIO": "310.00", "STA-INST-BASE": "285.00", "STA-INST-SPED": "320.00", "STA-FOSTER": "95.00"}
DEMO_IBAN = "LU120010001234567891"
# Monthly semi-net incomes and deducted expenses of the demo households, by case order.
HOUSEHOLDS = [
    {"children": 1, "items": [(ItemKind.INCOME, "salary", "", "3850.00"), (ItemKind.EXPENSE, "rent", "", "1250.00")]},
    {
        "children": 2,
        "items": [
            (ItemKind.INCOME, "salary", "", "4620.00"),
            (ItemKind.INCOME, "benefits", "", "540.00"),
            (ItemKind.EXPENSE, "loan", "", "610.00"),
        ],
    },
    {"children": 0, "items": [(ItemKind.INCOME, "pension", "", "2980.00")]},
]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last_day = _month_start(today) - dt.timedelta(days=1)
    return _month_start(last_day), last_day


def build_demo_finance(pack: str, users: dict[str, User], staff: User) -> int:
    """Returns how many contributions were decided (0 when the demo's money is already there)."""
    provider = Provider.objects.filter(pack=pack, code=PROVIDER).first()
    if provider is None or Tariff.objects.filter(provider=provider).exists():
        return 0
    finance, approver = users["finance"], users["finance2"]
    _tariffs(pack, provider, finance)
    payee_account_save(
        actor=finance,
        provider=provider,
        holder="Kannerhaff asbl (fictive)",
        iban=DEMO_IBAN,
        bic="BCEELULL",
        expected_version=None,
    )
    month, month_end = _previous_month(timezone.localdate())
    measures = list(
        Measure.objects.filter(provider=provider, status=MeasureStatus.ACTIVE, started_on__lte=month_end)
        .select_related("case", "measure_type")
        .order_by("id")
    )
    decided = 0
    for measure, household in zip(measures, HOUSEHOLDS, strict=False):
        parents = parent_candidates(measure.case)
        if not parents:
            continue
        draft = assessment_create(
            actor=finance,
            measure=measure,
            payer=parents[0],
            effective_from=_month_start(measure.started_on),
            dependent_children=household["children"],
            items=household["items"],
            reason="Première évaluation (démo)",
        )
        assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
        decided += 1
        first = max(measure.started_on, month)
        activity_record(actor=staff, measure=measure, month=month, days=Decimal((month_end - first).days + 1), hours=None)
    _statement(provider, month, staff, finance)
    invoicing_run(actor=finance, month=month)
    # Prepared by one finance officer; the demo's second one approves it (four eyes).
    payment_run_prepare(actor=approver, execution_date=next_business_day(timezone.localdate() + dt.timedelta(days=1)))
    return decided


def _tariffs(pack: str, provider: Provider, finance: User) -> None:
    types = {t.code: t for t in MeasureType.objects.filter(pack=pack, code__in=DEMO_TARIFFS)}
    start = _month_start(timezone.localdate()).replace(month=1)
    start = start.replace(year=start.year - 1)
    for code, amount in DEMO_TARIFFS.items():
        if code in types:
            tariff_add(
                actor=finance,
                provider=provider,
                service=None,
                measure_type=types[code],
                unit=Unit.DAY,
                amount=Decimal(amount),
                valid_from=start,
                reference="Convention 2025-2027 (démo)",
            )


def _statement(provider: Provider, month: dt.date, staff: User, finance: User) -> None:
    statement, _built = statement_prepare(actor=staff, provider_id=provider.pk, month=month)
    if not StatementLine.objects.filter(statement=statement).exists():
        return
    statement = statement_submit(actor=staff, statement=statement, expected_version=statement.version)
    flagged = StatementLine.objects.filter(statement=statement).exclude(flags=[])
    notes = {line.pk: "Vérifié avec le foyer (démo)." for line in flagged}
    statement_validate(
        actor=finance, statement=Statement.objects.get(pk=statement.pk), expected_version=statement.version, notes=notes
    )
