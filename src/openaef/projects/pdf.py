"""The project as the family reads and signs it: a PDF in the family's language.

Rendered from the project's current content (the draft being written, or the revision that
was validated and is being signed) with ``core.pdf`` (WeasyPrint, no network access).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from openaef.cases.models import CaseFile
from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf, render_pdf_document

from .models import InterventionProject
from .selectors import project_page, rules_for
from .signatures import HEIGHT, WIDTH

TEMPLATE = "projects/project_pdf.html"


def pdf_filename(project: InterventionProject, case: CaseFile) -> str:
    """The case reference and the revision: never a name (the file travels by e-mail, on USB keys)."""
    return f"project-{case.reference}-r{project.revision}.pdf"


def pdf_context(project: InterventionProject, case: CaseFile) -> dict[str, Any]:
    page = project_page(project, case)
    domains = {d.code: d.label for d in rules_for(case).domains}
    return {
        "project": project,
        "case": case,
        "page": page,
        "goals": [{"goal": g, "domain": domains.get(g.domain, "")} for g in page.goals],
        "signatures": page.current_signatures,
        "signed_ids": {s.person_id for s in page.current_signatures},
        "signers": page.signers,
        "pack": get_pack(case.pack).config,
        "printed_on": timezone.localdate(),
        "viewbox": f"0 0 {WIDTH} {HEIGHT}",
    }


def project_pdf(project: InterventionProject, case: CaseFile) -> bytes:
    with translation.override(project.language):
        return render_pdf(TEMPLATE, pdf_context(project, case))


def project_pdf_document(project: InterventionProject, case: CaseFile) -> Any:
    """The laid-out document, for tests that read its text."""
    with translation.override(project.language):
        return render_pdf_document(TEMPLATE, pdf_context(project, case))
