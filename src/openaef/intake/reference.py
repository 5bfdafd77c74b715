"""Human-readable request references with a check character.

Format ``AEF-26-K7P4-Q9X``: the year, six random characters and a check character, over an
alphabet without look-alike characters (no 0/O, 1/I/L, U). The check is a weighted sum modulo
31, a prime larger than the alphabet, with weights 1..8: any one wrong character or any two
adjacent characters swapped changes the sum, so a reference read out on the phone or copied by
hand with such a slip is refused. (Luhn mod N misses some swaps, e.g. of the alphabet's first
and last characters.) Bodies whose check would be 30, a value with no character, are redrawn.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "AEF"
_MODULUS = 31
_SHAPE = re.compile(rf"^{PREFIX}(\d{{2}})([{ALPHABET}]{{6}})([{ALPHABET}])$")


def _check_value(year: str, chars: str) -> int:
    values = [int(digit) for digit in year] + [ALPHABET.index(c) for c in chars]
    return sum(weight * value for weight, value in enumerate(values, start=1)) % _MODULUS


def reference_for(year: int, chars: str) -> str | None:
    """The reference made of ``chars`` in ``year``, or None when its check has no character."""
    yy = f"{year % 100:02d}"
    check = _check_value(yy, chars)
    if check >= len(ALPHABET):
        return None
    body = chars + ALPHABET[check]
    return f"{PREFIX}-{yy}-{body[:4]}-{body[4:]}"


def new_reference(year: int) -> str:
    while True:
        reference = reference_for(year, "".join(secrets.choice(ALPHABET) for _ in range(6)))
        if reference is not None:
            return reference


def normalise_reference(text: str) -> str | None:
    """The canonical reference for what someone typed, or None when it is not a valid one."""
    compact = re.sub(r"[\s\-]", "", (text or "").upper())
    match = _SHAPE.match(compact)
    if not match:
        return None
    year, chars, check = match.groups()
    if _check_value(year, chars) != ALPHABET.index(check):
        return None
    body = chars + check
    return f"{PREFIX}-{year}-{body[:4]}-{body[4:]}"
