"""How financial help reads: status tags, action labels, the lines offered in the forms."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from openaef.finance.models import AidRepayment
from openaef.finance.states import AidStatus

AID_TAGS: dict[str, str] = {
    AidStatus.PROPOSED: "govuk-tag--yellow",
    AidStatus.GRANTED: "govuk-tag--green",
    AidStatus.REFUSED: "govuk-tag--red",
    AidStatus.STOPPED: "govuk-tag--grey",
    AidStatus.COMPLETED: "govuk-tag--blue",
}

ACTION_LABELS: dict[str, Any] = {
    "decide": _("Decide: grant or refuse"),
    "repayment": _("Record a repayment received"),
    "waive": _("Waive a repayment"),
    "stop": _("Stop the help"),
}


def money(amount: Any) -> str:
    return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def open_lines(repayments: list[AidRepayment]) -> list[tuple[str, str]]:
    """The schedule's lines still open (neither fully received nor waived), for a radio list."""
    out = []
    for line in repayments:
        if line.waived or line.received >= line.amount:
            continue
        due = formats.date_format(line.due_on, "DATE_FORMAT")
        left = money(line.amount - line.received)
        out.append((str(line.pk), _("Due on %(due)s: %(left)s EUR still due") % {"due": due, "left": left}))
    return out
