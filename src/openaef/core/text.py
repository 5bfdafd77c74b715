"""Normalising text for search and duplicate detection: no accents, no case, single spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """'Zénon  Bernard-Müller' -> 'zenon bernard muller'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = without_marks.casefold().replace("ß", "ss")
    return _SPACES.sub(" ", lowered).strip()


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (CSV and XLSX injection): text starting
    with = + - @ or a control character gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
