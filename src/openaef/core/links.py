"""Links for long lists: one ``reverse`` per list, not one per row.

``reverse`` walks the URL resolver on every call (tens of microseconds): a page of a hundred
rows linking to the same page with different numbers spends milliseconds on it. The URL is the
same text with other numbers, so it is reversed once with marker numbers and the row's numbers
are put in their place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# Numbers no page of OpenAEF carries in its path (above any primary key it will hold).
_MARKERS = tuple(str(9_000_000_000_000_000_000 + n) for n in range(4))


def url_template(name: str, arity: int) -> Callable[..., str]:
    """A function giving ``reverse(name, args=numbers)`` for ``arity`` whole numbers.

    Only for URL patterns whose arguments are ``<int:...>``: the numbers are written as they
    are. If the markers cannot be told apart in the reversed URL, each call reverses instead.
    """
    markers = _MARKERS[:arity]
    path = reverse(name, args=[int(marker) for marker in markers])
    pieces: list[str] = []
    rest = path
    for marker in markers:
        before, found, rest = rest.partition(marker)
        if not found or marker in rest:
            return lambda *numbers: reverse(name, args=list(numbers))
        pieces.append(before)
    pieces.append(rest)

    def make(*numbers: int) -> str:
        if len(numbers) != arity:
            raise TypeError(f"{name} takes {arity} numbers, not {len(numbers)}")
        parts = [pieces[0]]
        for number, piece in zip(numbers, pieces[1:], strict=True):
            parts.append(str(int(number)))
            parts.append(piece)
        return "".join(parts)

    return make
