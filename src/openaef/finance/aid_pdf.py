"""The decision letter of a financial help as a PDF (``core.pdf``, WeasyPrint, no network):
the amount, the instalments, the repayment schedule, and that the help cannot be assigned or
seized (CASF L222-4). French by default: the help exists in France."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from openaef.core.parameters import parameters_at
from openaef.core.pdf import render_pdf, render_pdf_document

from .aid_rules import parameter
from .models import AidKind, FinancialAid
from .selectors_aid import aid_instalments, aid_repayments, aid_totals

TEMPLATE = "backoffice/finance/aid/decision_pdf.html"
DEFAULT_LANGUAGE = "fr"
NOT_SEIZABLE = "aid.not_assignable_or_seizable"


def decision_filename(aid: FinancialAid) -> str:
    """The case reference and the aid's number: never a name (the file travels by e-mail)."""
    return f"financial-help-{aid.case.reference}-{aid.pk}.pdf"


def decision_context(aid: FinancialAid) -> dict[str, Any]:
    instalments = aid_instalments(aid)
    repayments = aid_repayments(aid)
    P = parameters_at(aid.pack, aid.starts_on)
    reference = P.reference(NOT_SEIZABLE) if parameter(P, NOT_SEIZABLE) is not None else ""
    return {
        "aid": aid,
        "case": aid.case,
        "is_allowance": aid.kind == AidKind.ALLOWANCE,
        "instalments": [i for i in instalments if not i.cancelled],
        "repayments": repayments,
        "totals": aid_totals(instalments, repayments),
        "not_seizable_reference": reference,
        "printed_on": timezone.localdate(),
    }


def decision_pdf(aid: FinancialAid, language: str = DEFAULT_LANGUAGE) -> bytes:
    with translation.override(language):
        return render_pdf(TEMPLATE, decision_context(aid))


def decision_pdf_document(aid: FinancialAid, language: str = DEFAULT_LANGUAGE) -> Any:
    """The laid-out document, for tests that read its text."""
    with translation.override(language):
        return render_pdf_document(TEMPLATE, decision_context(aid))
