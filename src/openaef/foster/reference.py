"""Foster family references with a check character: ``FAM-26-K7P4-Q9X``, the shape and check of
case references (``cases.reference``) under their own prefix."""

from __future__ import annotations

import secrets

from openaef.intake.reference import ALPHABET
from openaef.intake.reference import _check_value as check_value

PREFIX = "FAM"


def family_reference_for(year: int, chars: str) -> str | None:
    """The reference made of ``chars`` in ``year``, or None when its check has no character."""
    yy = f"{year % 100:02d}"
    check = check_value(yy, chars)
    if check >= len(ALPHABET):
        return None
    body = chars + ALPHABET[check]
    return f"{PREFIX}-{yy}-{body[:4]}-{body[4:]}"


def new_family_reference(year: int) -> str:
    while True:
        reference = family_reference_for(year, "".join(secrets.choice(ALPHABET) for _ in range(6)))
        if reference is not None:
            return reference
