"""The PDF receipt, and the rule that PDF rendering never leaves the machine."""

from __future__ import annotations

import pytest
from django.utils import translation

from openaef.core.pdf import _local_url_fetcher, document_text, render_pdf, render_pdf_document
from openaef.intake.services import request_submit
from openaef.portal.views_request import receipt_context
from tests.intake.factories import request_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_request():
    created, _ = request_submit(actor=None, data=request_input(), channel="web")
    return created


def test_the_receipt_is_a_pdf(help_request):
    assert render_pdf("intake/receipt_pdf.html", receipt_context(help_request)).startswith(b"%PDF")


def test_the_receipt_holds_the_reference_what_was_sent_and_how_to_reach_us(help_request):
    text = document_text(render_pdf_document("intake/receipt_pdf.html", receipt_context(help_request)))
    assert help_request.reference in text
    assert "Léa Schmit-Kieffer" in text
    assert "Differdange" in text
    assert "+352 247-73696" in text
    assert "116 000" in text


def test_the_receipt_is_in_the_requesters_language(help_request):
    with translation.override("de"):
        text = document_text(render_pdf_document("intake/receipt_pdf.html", receipt_context(help_request)))
    assert "Montags bis freitags" in text  # the pack's phone hours, in German


def test_the_fetcher_refuses_the_network():
    fetcher = _local_url_fetcher()
    for url in ("http://example.test/logo.png", "https://example.test/x.css", "ftp://example.test/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fetcher_reads_static_files_only(settings):
    fetcher = _local_url_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    favicon = settings.STATICFILES_DIRS[0] / "dist" / "favicon.svg"
    response = fetcher.fetch(favicon.as_uri())
    try:
        assert response.read().startswith(b"<")
    finally:
        response.close()
