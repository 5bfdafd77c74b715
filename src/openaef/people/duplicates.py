"""Finding a person already recorded: by identifier, birth date and phonetic names.

This runs at intake against millions of persons, so candidates are fetched by indexed
lookups only (at most three queries whatever the table size), then scored in Python:

1. the same identification number (index ``person_national_id``);
2. with a birth date: the same birth date, or the same with day and month swapped (the
   commonest typing error), or no birth date recorded, and a phonetic key in common: surname,
   surname at birth or first name (index ``person_birth_key`` and the key indexes);
3. without a birth date: the same surname key and first-name key (index ``person_phonetic``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import jellyfish
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openaef.core.text import fold

from .identifiers import normalise_identifier
from .models import Person
from .phonetics import first_name_key, first_name_word, surname_key

# How many rows one lookup may bring back: enough for the commonest names, bounded for speed.
FETCH_LIMIT = 200
# Below this score a candidate is not worth a professional's attention.
MIN_SCORE = 50
SIMILAR_NAMES = 0.8
FLOOR = 0.7

REASON_SAME_ID = _("same identification number")
REASON_OTHER_ID = _("different identification number")
REASON_SAME_BIRTH = _("same birth date")
REASON_SWAPPED_BIRTH = _("birth date with day and month swapped")
REASON_SAME_NAMES = _("same names")
REASON_SIMILAR_NAMES = _("similar names")


@dataclass
class DuplicateCandidate:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Probe:
    surname: str
    surname_at_birth: str
    first_names: str
    first_name: str
    birth_date: dt.date | None
    national_id_scheme: str
    national_id: str


def _swapped(day: dt.date) -> dt.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _compact_id(scheme: str, number: str) -> str:
    if not scheme or not number:
        return ""
    try:
        return normalise_identifier(scheme, number)
    except ValidationError:
        # An invalid number may still be the one typed, wrongly, the first time.
        return "".join(number.split()).upper()


def _candidates(pack: str, probe: _Probe, exclude_pk: int | None) -> dict[int, Person]:
    base = Person.objects.current().filter(pack=pack).order_by()
    if exclude_pk is not None:
        base = base.exclude(pk=exclude_pk)
    found: dict[int, Person] = {}
    lookups = []
    if probe.national_id:
        lookups.append(base.filter(national_id_scheme=probe.national_id_scheme, national_id=probe.national_id))
    keys = {k for k in (surname_key(probe.surname), surname_key(probe.surname_at_birth)) if k}
    first_key = first_name_key(probe.first_names)
    if probe.birth_date is not None:
        dates = [d for d in (probe.birth_date, _swapped(probe.birth_date)) if d]
        names = Q(surname_key__in=keys) | Q(surname_at_birth_key__in=keys)
        if first_key:
            names |= Q(first_name_key=first_key)
        lookups.append(base.filter(Q(birth_date__in=dates) | Q(birth_date__isnull=True)).filter(names))
    elif keys and first_key:
        phonetic = Q(surname_key__in=keys) | Q(surname_at_birth_key__in=keys)
        lookups.append(base.filter(phonetic, first_name_key=first_key))
    for lookup in lookups:
        for person in lookup[:FETCH_LIMIT]:
            found[person.pk] = person
    return found


def _similarity(a: str, b: str) -> float:
    """Jaro-Winkler rescaled so that unrelated names score 0: below about 0.7 two names share
    little more than their length, yet raw Jaro-Winkler would still give them half marks."""
    if not a or not b:
        return 0.0
    return max(0.0, (jellyfish.jaro_winkler_similarity(a, b) - FLOOR) / (1 - FLOOR))


def _score(probe: _Probe, person: Person) -> DuplicateCandidate:
    reasons: list[str] = []
    mine = [s for s in (probe.surname, probe.surname_at_birth) if s]
    theirs = [s for s in (person.surname_folded, fold(person.surname_at_birth)) if s]
    surname = max((_similarity(a, b) for a in mine for b in theirs), default=0.0)
    first = max(
        _similarity(probe.first_names, person.first_names_folded),
        _similarity(probe.first_name, first_name_word(person.first_names)),
    )
    names = 0.55 * surname + 0.45 * first
    if surname == 1.0 and first == 1.0:
        reasons.append(str(REASON_SAME_NAMES))
    elif names >= SIMILAR_NAMES:
        reasons.append(str(REASON_SIMILAR_NAMES))
    score = 100 * names
    if probe.birth_date and person.birth_date:
        if probe.birth_date == person.birth_date:
            score = 40 + 0.6 * score
            reasons.insert(0, str(REASON_SAME_BIRTH))
        elif _swapped(probe.birth_date) == person.birth_date:
            score = 30 + 0.6 * score
            reasons.insert(0, str(REASON_SWAPPED_BIRTH))
        else:
            score = 0.6 * score
    else:
        score = 0.85 * score
    same_scheme = probe.national_id_scheme and probe.national_id_scheme == person.national_id_scheme
    if same_scheme and probe.national_id and person.national_id:
        if probe.national_id == person.national_id:
            score = 100
            reasons.insert(0, str(REASON_SAME_ID))
        else:
            score -= 30
            reasons.append(str(REASON_OTHER_ID))
    return DuplicateCandidate(person=person, score=max(0, min(100, round(score))), reasons=reasons)


def find_duplicates(
    *,
    pack: str,
    surname: str,
    first_names: str,
    birth_date: dt.date | None = None,
    national_id_scheme: str = "",
    national_id: str = "",
    surname_at_birth: str = "",
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """Persons (not merged ones) who may be the one described, best first, scored 0-100."""
    probe = _Probe(
        surname=fold(surname),
        surname_at_birth=fold(surname_at_birth),
        first_names=fold(first_names),
        first_name=first_name_word(first_names),
        birth_date=birth_date,
        national_id_scheme=national_id_scheme if national_id else "",
        national_id=_compact_id(national_id_scheme, national_id),
    )
    scored = [_score(probe, person) for person in _candidates(pack, probe, exclude_pk).values()]
    kept = [c for c in scored if c.score >= MIN_SCORE]
    kept.sort(key=lambda c: (-c.score, c.person.pk))
    return kept[:limit]


def duplicates_of(person: Person, *, limit: int = 10) -> list[DuplicateCandidate]:
    """Other persons who may be ``person``."""
    return find_duplicates(
        pack=person.pack,
        surname=person.surname,
        first_names=person.first_names,
        birth_date=person.birth_date,
        national_id_scheme=person.national_id_scheme,
        national_id=person.national_id,
        surname_at_birth=person.surname_at_birth,
        exclude_pk=person.pk,
        limit=limit,
    )


__all__ = ["DuplicateCandidate", "duplicates_of", "find_duplicates"]
