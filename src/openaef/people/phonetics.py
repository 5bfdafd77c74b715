"""Phonetic keys for names, tuned for the names met in Luxembourg.

Luxembourg's registers mix Luxembourgish and German (Schmit, Schmitt, Schmidt; Meyer, Maier),
French, Portuguese (Gonçalves, Da Silva, Ferreira), Italian and Balkan (Nikolić) names, typed
by different people with or without accents, particles and doubled letters.

Tried on real pairs (tests/people/test_phonetics.py): Soundex keeps the first letter
(Philippe/Filipe differ) and lumps too much together; NYSIIS separates Schmit/Schmidt,
Meyer/Maier and Ferreira/Ferreyra; plain Metaphone separates Schmit/Schmidt (SXMT/SXMTT),
Meyer/Maier (MYR/MR) and Thill/Till. So the key is Metaphone over a lightly rewritten name:
doubled letters single, dt -> t, th -> t, ph -> f, y -> i, final ich -> ic, ue/oe/ae -> u/o/a
(what German typists write for ü/ö/ä). Surnames keep their leading particles glued to the
next word ("Da Silva" and "Dasilva" share a key) and drop any second surname
("Gonçalves Da Silva", "Schmit-Weber"): Portuguese double surnames and Luxembourgish
married names are often shortened to the first one. The key only fetches candidates; the
scoring (Jaro-Winkler on the full folded names) decides.
"""

from __future__ import annotations

import re

import jellyfish

from openaef.core.text import fold

KEY_LENGTH = 40
# Particles that belong to the surname that follows them (da Silva, van der Berg, de la Fontaine).
PARTICLES = frozenset(
    {"d", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du", "la", "le", "van", "von", "zu"}
)
_REWRITES = [
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile("dt"), "t"),
    (re.compile("th"), "t"),
    (re.compile("ph"), "f"),
    (re.compile("y"), "i"),
    (re.compile("ich$"), "ic"),
    (re.compile("ue"), "u"),
    (re.compile("oe"), "o"),
    (re.compile("ae"), "a"),
]


def surname_word(name: str) -> str:
    """The part of a surname the key is made from: leading particles glued to the first word."""
    words = fold(name).split()
    kept: list[str] = []
    for word in words:
        kept.append(word)
        if word not in PARTICLES:
            break
    return "".join(kept)


def first_name_word(names: str) -> str:
    """The first of someone's first names ("Jean-Pierre Marie" -> "jean")."""
    words = fold(names).split()
    return words[0] if words else ""


def phonetic_key(word: str) -> str:
    """The Metaphone key of one folded word, after the rewrites above."""
    for pattern, replacement in _REWRITES:
        word = pattern.sub(replacement, word)
    if not word:
        return ""
    return jellyfish.metaphone(word).replace(" ", "")[:KEY_LENGTH]


def surname_key(name: str) -> str:
    return phonetic_key(surname_word(name))


def first_name_key(names: str) -> str:
    return phonetic_key(first_name_word(names))


def name_fields(*, surname: str, first_names: str, surname_at_birth: str = "") -> dict[str, str]:
    """The stored folded forms and keys for these names (Person's non-editable fields)."""
    return {
        "surname_folded": fold(surname)[:150],
        "first_names_folded": fold(first_names)[:200],
        "surname_key": surname_key(surname),
        "surname_at_birth_key": surname_key(surname_at_birth),
        "first_name_key": first_name_key(first_names),
    }


__all__ = ["first_name_key", "name_fields", "phonetic_key", "surname_key"]
