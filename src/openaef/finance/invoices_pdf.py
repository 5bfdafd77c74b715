"""Parents' invoices and reminder letters as PDF, in the payer's language (WeasyPrint, through
``core.pdf``). File names carry the invoice number only, never a name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from openaef.core.packs import get_pack
from openaef.core.pdf import render_pdf, render_pdf_document

from .models import Invoice, Reminder

INVOICE_TEMPLATE = "finance/invoices/invoice_pdf.html"
REMINDER_TEMPLATE = "finance/invoices/reminder_pdf.html"


def payer_language(invoice: Invoice) -> str:
    """The first language the payer speaks that the interface has, else the default."""
    available = {code for code, _name in settings.LANGUAGES}
    for code in invoice.payer.languages or []:
        if str(code).lower() in available:
            return str(code).lower()
    return str(settings.LANGUAGE_CODE)


def invoice_filename(invoice: Invoice) -> str:
    return f"invoice-{invoice.number}.pdf"


def reminder_filename(reminder: Reminder) -> str:
    return f"reminder-{reminder.invoice.number}-{reminder.level}.pdf"


def _context(invoice: Invoice, reminder: Reminder | None = None) -> dict[str, Any]:
    return {
        "invoice": invoice,
        "reminder": reminder,
        "explanation": invoice.lines[0] if invoice.lines else {},
        "outstanding": invoice.amount - invoice.paid,
        "pack": get_pack(invoice.case.pack).config,
        "printed_on": timezone.localdate(),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    with translation.override(payer_language(invoice)):
        return render_pdf(INVOICE_TEMPLATE, _context(invoice))


def reminder_pdf(reminder: Reminder) -> bytes:
    with translation.override(payer_language(reminder.invoice)):
        return render_pdf(REMINDER_TEMPLATE, _context(reminder.invoice, reminder))


def invoice_pdf_document(invoice: Invoice) -> Any:
    """The laid-out document, for tests that read its text."""
    with translation.override(payer_language(invoice)):
        return render_pdf_document(INVOICE_TEMPLATE, _context(invoice))
