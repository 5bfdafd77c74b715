"""Human-readable request references with a check character.

Format ``AEF-26-K7P4-Q9X``: the year, six random characters and a Luhn mod N check character
over an alphabet without look-alike characters (no 0/O, 1/I/L, U), so that a reference read
out on the phone or copied by hand is caught when one character is wrong or two are swapped.
"""

from __future__ import annotations

import re
import secrets

from stdnum import luhn

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "AEF"
_SHAPE = re.compile(rf"^{PREFIX}(\d{{2}})([{ALPHABET}]{{7}})$")


def new_reference(year: int) -> str:
    body = f"{year % 100:02d}" + "".join(secrets.choice(ALPHABET) for _ in range(6))
    check = luhn.calc_check_digit(body, alphabet=ALPHABET)
    chars = body[2:] + check
    return f"{PREFIX}-{body[:2]}-{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str | None:
    """The canonical reference for what someone typed, or None when it is not a valid one."""
    compact = re.sub(r"[\s\-]", "", (text or "").upper())
    match = _SHAPE.match(compact)
    if not match:
        return None
    year, chars = match.groups()
    try:
        luhn.validate(year + chars, alphabet=ALPHABET)
    except Exception:  # noqa: BLE001 - stdnum raises several ValidationError subclasses
        return None
    return f"{PREFIX}-{year}-{chars[:4]}-{chars[4:]}"
