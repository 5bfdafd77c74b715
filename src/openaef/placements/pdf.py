"""The documents of a placement as PDFs (``core.pdf``, WeasyPrint, no network access): the
foster-care agreement in the family's language, and the admission form for a placement abroad."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf, render_pdf_document

from .models import AbroadAdmission, FosterCareAgreement, Placement
from .parameters import placement_rules
from .selectors import current_stay

AGREEMENT_TEMPLATE = "placements/agreement_pdf.html"
ABROAD_TEMPLATE = "placements/abroad_pdf.html"


def agreement_filename(placement: Placement) -> str:
    """The case reference and the placement: never a name (the file travels by e-mail)."""
    return f"foster-care-agreement-{placement.case.reference}-{placement.pk}.pdf"


def abroad_filename(placement: Placement) -> str:
    return f"admission-abroad-{placement.case.reference}-{placement.pk}.pdf"


def _context(placement: Placement, **extra: Any) -> dict[str, Any]:
    return {
        "placement": placement,
        "case": placement.case,
        "stay": current_stay(placement),
        "pack": get_pack(placement.case.pack).config,
        "printed_on": timezone.localdate(),
        **extra,
    }


def agreement_pdf(agreement: FosterCareAgreement, placement: Placement) -> bytes:
    with translation.override(agreement.language):
        return render_pdf(AGREEMENT_TEMPLATE, _context(placement, agreement=agreement))


def agreement_pdf_document(agreement: FosterCareAgreement, placement: Placement) -> Any:
    with translation.override(agreement.language):
        return render_pdf_document(AGREEMENT_TEMPLATE, _context(placement, agreement=agreement))


def abroad_pdf(admission: AbroadAdmission, placement: Placement) -> bytes:
    country = placement_rules(placement.case.pack).country_name(admission.country)
    return render_pdf(ABROAD_TEMPLATE, _context(placement, admission=admission, country=country))
