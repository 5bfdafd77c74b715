"""How providers' billing reads: statement lines, flags in words, tags for states, tariffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from openaef.core.i18n import pick
from openaef.finance.billing_checks import FLAG_TEXT
from openaef.finance.models import Statement, Unit
from openaef.finance.selectors_billing import LineRow, ProviderBilling, StatementView, TariffGroup
from openaef.finance.states import StatementStatus

from .presentation import choice_label

S = StatementStatus
STATEMENT_TAGS: dict[str, str] = {
    S.DRAFT: "govuk-tag--grey",
    S.SUBMITTED: "govuk-tag--blue",
    S.RETURNED: "govuk-tag--orange",
    S.VALIDATED: "govuk-tag--green",
    S.PAID: "govuk-tag--purple",
}


def money(amount: Decimal | None) -> str:
    """An amount in euros, with the language's separators (1 234,50 €; €1,234.50)."""
    if amount is None:
        return "–"
    return _("%(amount)s EUR") % {"amount": formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)}


def month_label(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def quantity_text(quantity: Decimal, unit: str) -> str:
    number = formats.number_format(quantity.normalize() if quantity == quantity.to_integral() else quantity, use_l10n=True)
    if unit == Unit.DAY:
        return _("%(n)s days") % {"n": number}
    if unit == Unit.HOUR:
        return _("%(n)s hours") % {"n": number}
    return _("%(n)s month") % {"n": number}


def status_cells(statement: Statement) -> dict[str, str]:
    return {"status": choice_label(StatementStatus, statement.status), "status_tag": STATEMENT_TAGS.get(statement.status, "")}


def statement_rows(statements: list[Statement], *, detail_url: str) -> list[dict[str, Any]]:
    return [
        {
            "href": reverse(detail_url, args=[s.pk]),
            "provider": s.provider.name,
            "month": month_label(s.month),
            "total": money(s.total),
            "lines": s.line_count,  # type: ignore[attr-defined]
            "flagged": s.flagged_count,  # type: ignore[attr-defined]
            "submitted_at": s.submitted_at,
            **status_cells(s),
        }
        for s in statements
    ]


def line_label(row: LineRow) -> str:
    return f"{row.reference} ({row.initials}), {pick(row.measure_type_name)}"


def line_rows(view: StatementView) -> list[dict[str, Any]]:
    return [
        {
            "pk": row.line.pk,
            "reference": row.reference,
            "initials": row.initials,
            "measure": pick(row.measure_type_name),
            "quantity": quantity_text(row.line.quantity, row.line.unit),
            "rate": money(row.line.unit_amount) if row.line.unit_amount is not None else _("No tariff"),
            "amount": money(row.line.amount),
            "flags": [str(FLAG_TEXT.get(code, code)) for code in row.flags],
            "note": row.line.finance_note,
        }
        for row in view.lines
    ]


def silent_rows(view: StatementView) -> list[dict[str, str]]:
    return [{"reference": m.reference, "initials": m.initials, "measure": pick(m.measure_type_name)} for m in view.silent]


def provider_rows(rows: list[ProviderBilling]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        if row.offered == 0:
            tariffs, tag = _("No measure type offered"), "govuk-tag--grey"
        elif row.missing:
            tariffs, tag = (
                _("%(missing)s of %(offered)s missing") % {"missing": row.missing, "offered": row.offered},
                "govuk-tag--red",
            )
        else:
            tariffs, tag = _("Set for all %(offered)s") % {"offered": row.offered}, "govuk-tag--green"
        out.append(
            {
                "name": row.provider.name,
                "href": reverse("backoffice:billing_tariffs", args=[row.provider.pk]),
                "account_href": reverse("backoffice:billing_payee_account", args=[row.provider.pk]),
                "tariffs": tariffs,
                "tariffs_tag": tag,
                "account": bool(row.account),
            }
        )
    return out


def tariff_groups(groups: list[TariffGroup]) -> list[dict[str, Any]]:
    return [
        {
            "title": f"{group.measure_type.code} – {pick(group.measure_type.name)}",
            "service": pick(group.service.name) if group.service else _("All the provider's services"),
            "unit": choice_label(Unit, group.unit),
            "rows": [
                {
                    "pk": r.tariff.pk,
                    "amount": money(r.tariff.amount),
                    "valid_from": r.tariff.valid_from,
                    "until": r.until,
                    "in_force": r.in_force,
                    "future": r.future,
                    "reference": r.tariff.reference,
                    "used": r.used,
                    "remove_href": reverse("backoffice:billing_tariff_remove", args=[r.tariff.pk]),
                }
                for r in group.rows
            ],
        }
        for group in groups
    ]
