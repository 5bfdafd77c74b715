"""HTML templates rendered to PDF with WeasyPrint (receipts, letters, agreements).

Rendering never goes to the network: a document that names a remote image or stylesheet
would otherwise leak who is reading it, and hang the worker when the remote host is slow.
Only files under the static directories and ``data:`` URLs are read.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint import Document


def _weasyprint() -> Any:
    # WeasyPrint warns at import time about optional system libraries (HarfBuzz subset);
    # the PDFs are correct without them, and the test suite turns warnings into errors.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint

    return weasyprint


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def _local_url_fetcher() -> Any:
    weasyprint = _weasyprint()

    class LocalOnlyFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlparse(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"PDF rendering does not fetch {scheme or 'relative'} URLs")
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in static_roots()):
                raise ValueError("PDF rendering reads static files only")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def render_pdf_document(template_name: str, context: dict[str, Any]) -> Document:
    """The laid-out document (pages and boxes), for callers and tests that inspect it."""
    weasyprint = _weasyprint()
    html = render_to_string(template_name, context)
    roots = static_roots()
    base_url = roots[0].as_uri() + "/" if roots else None
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_local_url_fetcher()).render()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    return render_pdf_document(template_name, context).write_pdf()


def document_text(document: Document) -> str:
    """All the text laid out in a rendered document, in reading order."""

    def walk(box: Any) -> Any:
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    return " ".join(box.text for page in document.pages for box in walk(page._page_box) if getattr(box, "text", None))
