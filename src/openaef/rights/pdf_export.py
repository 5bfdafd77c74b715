"""The released copy of a person's file: a PDF in the applicant's language (core.pdf, WeasyPrint,
no network). Withheld items are named by the reason only, never by what they held."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from openaef.cases.models import CaseFile, Framework
from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf
from openaef.intake.models import HelpRequest

from .export import export_language, section_label, section_parts
from .models import ExportItem, FileExport, ItemDecision, WithholdReason

TEMPLATE = "rights/export_pdf.html"


@dataclass
class PdfItem:
    title: str
    occurred_on: date | None
    decision: str
    text: str
    withheld_because: str


@dataclass
class PdfSection:
    label: str
    items: list[PdfItem]


def pdf_filename(export: FileExport) -> str:
    """The request's reference only: the file travels, a name in it would travel too."""
    return f"file-{export.request.reference}.pdf"


def _language(export: FileExport, items: list[ExportItem]) -> str:
    if export.request.language in {code for code, _name in settings.LANGUAGES}:
        return export.request.language
    ids = [i.source_id for i in items if i.source == "intake.helprequest"]
    return export_language(export.person, HelpRequest.objects.filter(pk__in=ids).only("preferred_language"))


def _judicial(items: list[ExportItem]) -> bool:
    if any(section_parts(i.section)[1] == "decisions" for i in items):
        return True
    case_ids = [i.source_id for i in items if i.source == "cases.casefile"]
    return CaseFile.objects.filter(pk__in=case_ids, framework=Framework.JUDICIAL).exists()


def _sections(items: list[ExportItem]) -> list[PdfSection]:
    sections: list[PdfSection] = []
    for item in items:
        label = section_label(item.section)
        if not sections or sections[-1].label != label:
            sections.append(PdfSection(label, []))
        withheld = item.decision == ItemDecision.WITHHOLD
        sections[-1].items.append(
            PdfItem(
                title=item.title,
                occurred_on=item.occurred_on,
                decision=item.decision,
                text="" if withheld else item.released_text,
                withheld_because=item.get_reason_category_display() if withheld and item.reason_category else "",
            )
        )
    return sections


def export_context(export: FileExport, items: list[ExportItem]) -> dict[str, Any]:
    decisions = Counter(item.decision for item in items)
    reasons = Counter(i.reason_category for i in items if i.decision == ItemDecision.WITHHOLD)
    return {
        "export": export,
        "reference": export.request.reference,
        "person_name": export.person.full_name,
        "released_on": timezone.localdate(export.released_at) if export.released_at else timezone.localdate(),
        "sections": _sections(items),
        "released": decisions[ItemDecision.RELEASE],
        "redacted": decisions[ItemDecision.REDACT],
        "withheld": decisions[ItemDecision.WITHHOLD],
        "withheld_reasons": [(str(WithholdReason(c).label) if c else "", n) for c, n in sorted(reasons.items())],
        "judicial": _judicial(items),
        "pack": get_pack().config,
    }


def export_html(export: FileExport, items: list[ExportItem]) -> str:
    """The HTML the PDF is made from (tests read it: what is withheld or redacted is not in it)."""
    with translation.override(_language(export, items)):
        return render_to_string(TEMPLATE, export_context(export, items))


def export_pdf(export: FileExport, items: list[ExportItem]) -> bytes:
    with translation.override(_language(export, items)):
        return render_pdf(TEMPLATE, export_context(export, items))
