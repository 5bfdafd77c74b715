"""Human-readable case references with a check character: ``DOS-26-K7P4-Q9X``.

The same shape and check as request references (``intake.reference``: the year, six characters
from an alphabet without look-alikes, a weighted check modulo 31) under another prefix, so that
a reference read out on the phone says at once whether it names a request or a case file, and a
slip of one character or a swap of two neighbours is refused rather than reaching another file.
"""

from __future__ import annotations

import re
import secrets

from openaef.intake.reference import ALPHABET
from openaef.intake.reference import _check_value as check_value

PREFIX = "DOS"
_SHAPE = re.compile(rf"^{PREFIX}(\d{{2}})([{ALPHABET}]{{6}})([{ALPHABET}])$")


def case_reference_for(year: int, chars: str) -> str | None:
    """The reference made of ``chars`` in ``year``, or None when its check has no character."""
    yy = f"{year % 100:02d}"
    check = check_value(yy, chars)
    if check >= len(ALPHABET):
        return None
    body = chars + ALPHABET[check]
    return f"{PREFIX}-{yy}-{body[:4]}-{body[4:]}"


def new_case_reference(year: int) -> str:
    while True:
        reference = case_reference_for(year, "".join(secrets.choice(ALPHABET) for _ in range(6)))
        if reference is not None:
            return reference


def normalise_case_reference(text: str) -> str | None:
    """The canonical case reference for what someone typed, or None when it is not a valid one."""
    compact = re.sub(r"[\s\-]", "", (text or "").upper())
    match = _SHAPE.match(compact)
    if not match:
        return None
    year, chars, check = match.groups()
    if check_value(year, chars) != ALPHABET.index(check):
        return None
    body = chars + check
    return f"{PREFIX}-{year}-{body[:4]}-{body[4:]}"
