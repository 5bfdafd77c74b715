"""The decision letter of a contribution, as a PDF (``core.pdf``, WeasyPrint, no network
access), in the payer's language when the pack writes in it.

It says who pays what from when, and how it was reached: each line of the frozen computation
with its amount and legal reference, the result per month and per day of presence (or per hour),
what happens next (invoices per day of presence reported by the provider) and, for a
reassessment, the amount it replaces. Every download is logged as an export naming the child
and the payer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf, render_pdf_document

from . import assessments_text as present
from .assessments_pack import is_none_method
from .models import Assessment

TEMPLATE = "finance/assessment_letter_pdf.html"


def letter_filename(assessment: Assessment) -> str:
    """The case reference and the assessment's id: never a name (the file travels by e-mail)."""
    return f"contribution-{assessment.case.reference}-{assessment.pk}.pdf"


def letter_language(assessment: Assessment) -> str:
    """The payer's first language the pack writes in (and the interface has), else the pack's default."""
    pack = get_pack(assessment.case.pack)
    interface = {code for code, _name in settings.LANGUAGES}
    written = [code for code in pack.languages if code in interface]
    for language in assessment.payer.languages or []:
        if str(language).lower() in written:
            return str(language).lower()
    default = str(pack.config.get("default_language") or "")
    return default if default in written else (written[0] if written else settings.LANGUAGE_CODE)


def letter_context(assessment: Assessment) -> dict[str, Any]:
    previous = assessment.previous
    return {
        "assessment": assessment,
        "case": assessment.case,
        "child": assessment.case.child,
        "payer": assessment.payer,
        "measure": assessment.measure,
        "office": assessment.case.office,
        "pack": get_pack(assessment.case.pack).config,
        "lines": present.computation_lines(assessment.computation),
        "monthly": present.money(assessment.monthly_amount),
        "daily": present.money(assessment.daily_amount),
        "hourly": present.money(assessment.hourly_amount),
        "has_daily": assessment.daily_amount is not None,
        "has_hourly": assessment.hourly_amount is not None,
        "has_monthly": assessment.monthly_amount is not None,
        "pays_nothing": is_none_method(assessment.method),
        "previous": previous,
        "previous_monthly": present.money(previous.monthly_amount) if previous else "",
        "previous_daily": present.money(previous.daily_amount) if previous else "",
        "previous_hourly": present.money(previous.hourly_amount) if previous else "",
        "printed_on": timezone.localdate(),
    }


def letter_html(assessment: Assessment) -> str:
    """The letter's HTML in its language (for tests and previews)."""
    with translation.override(letter_language(assessment)):
        return render_to_string(TEMPLATE, letter_context(assessment))


def letter_document(assessment: Assessment) -> Any:
    """The laid-out document, for tests that read its text."""
    with translation.override(letter_language(assessment)):
        return render_pdf_document(TEMPLATE, letter_context(assessment))


def decision_letter_pdf(assessment: Assessment, *, actor: Any, http_request: HttpRequest | None = None) -> bytes:
    with translation.override(letter_language(assessment)):
        content = render_pdf(TEMPLATE, letter_context(assessment))
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=assessment,
        fields=["letter"],
        request=http_request,
        persons=[assessment.case.child_id, assessment.payer_id],
    )
    return content
