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
