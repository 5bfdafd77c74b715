"""Reads of the public catalogue: measure types, services, offices, places.

Nothing here is personal data, so there is no access check; every function takes the pack
code so that a database holding several packs (demo, tests) never mixes them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from openaef.core.geo import distance_km_expression
from openaef.core.text import fold

from .models import Commune, Cost, Language, MeasureCategory, MeasureType, Office, Postcode, Service, ServiceLocation

PAGE_SIZE = 20
_POSTCODE = re.compile(r"^(?:l\s*-?\s*)?(\d{4,5})$", re.IGNORECASE)


# ---------------------------------------------------------------- places


def locate_place(pack: str, text: str) -> Commune | None:
    """The commune a visitor means by a postcode ('4031', 'L-4031') or a commune name in any
    of the pack's languages ('Esch-sur-Alzette', 'esch uelzecht'); None when unknown or ambiguous."""
    text = (text or "").strip()
    if not text:
        return None
    match = _POSTCODE.match(text)
    if match:
        postcode = Postcode.objects.filter(pack=pack, code=match.group(1)).select_related("commune__office").first()
        return postcode.commune if postcode else None
    folded = fold(text)
    if not folded:
        return None
    candidates = list(Commune.objects.filter(pack=pack, name_folded__contains=folded).select_related("office"))
    for commune in candidates:
        if folded in {fold(str(name)) for name in commune.name.values()}:
            return commune
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class FilterChoices:
    """What the directory's filters offer: pack data that only `load_pack` changes."""

    measure_types: list[tuple[str, dict]]  # (code, name per language), ambulatory first
    languages: list[str]
    cantons: list[str]
    communes: list[tuple[str, dict]]  # (code, name per language)


# The choices change only when a pack is (re)loaded: each process keeps them for a few minutes
# rather than reading and decoding four tables on every search. load_pack forgets them at once
# in its own process; other processes see a new pack within this delay.
FILTER_CHOICES_SECONDS = 300


def _filter_choices_key(pack: str) -> str:
    return f"openaef:directory:filter-choices:{pack}"


def filter_choices(pack: str) -> FilterChoices:
    choices = cache.get(_filter_choices_key(pack))
    if choices is None:
        communes = list(Commune.objects.filter(pack=pack).values_list("code", "name", "canton"))
        category_rank = {value: rank for rank, value in enumerate(MeasureCategory.values)}
        types = sorted(
            MeasureType.objects.for_pack(pack).values_list("category", "position", "code", "name"),
            key=lambda row: (category_rank.get(row[0], 99), row[1], row[2]),
        )
        choices = FilterChoices(
            measure_types=[(code, name) for _category, _position, code, name in types],
            languages=[language.code for language in languages_offered(pack)],
            cantons=sorted({canton for _code, _name, canton in communes if canton}, key=fold),
            communes=[(code, name) for code, name, _canton in communes],
        )
        cache.set(_filter_choices_key(pack), choices, FILTER_CHOICES_SECONDS)
    return choices


def filter_choices_forget(pack: str) -> None:
    cache.delete(_filter_choices_key(pack))


# ---------------------------------------------------------------- measure types


def measure_types_by_category(pack: str) -> list[tuple[str, str, list[MeasureType]]]:
    """[(category code, category label, measure types)] in the pack's order, empty groups left out."""
    types = list(MeasureType.objects.for_pack(pack))
    groups = []
    for value, label in MeasureCategory.choices:
        members = [t for t in types if t.category == value]
        if members:
            groups.append((value, str(label), members))
    return groups


def measure_type_detail(pack: str, code: str) -> MeasureType:
    measure = MeasureType.objects.for_pack(pack).filter(code=code).prefetch_related(_services_prefetch("services")).first()
    if measure is None:
        raise Http404
    return measure


def _services_prefetch(lookup: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Service.objects.select_related("provider").prefetch_related("languages", "locations"),
    )


# ---------------------------------------------------------------- services


@dataclass
class DirectoryPage:
    services: list[Service]
    count: int
    page: int
    pages: int
    near: tuple[float, float] | None = None
    page_size: int = PAGE_SIZE
    page_numbers: list[int] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.services)


def _located_in(field_lookup: str, value: str) -> Exists:
    return Exists(ServiceLocation.objects.filter(service=OuterRef("pk"), **{field_lookup: value}))


def directory_queryset(
    *,
    pack: str,
    query: str = "",
    measure_code: str = "",
    age: int | None = None,
    language: str = "",
    region: str = "",
    commune_code: str = "",
    free_only: bool = False,
    near: tuple[float, float] | None = None,
) -> QuerySet[Service]:
    qs: QuerySet[Service] = Service.objects.filter(pack=pack)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if measure_code:
        qs = qs.filter(
            Exists(Service.measure_types.through.objects.filter(service=OuterRef("pk"), measuretype__code=measure_code))
        )
    if age is not None:
        # A service with no stated bound is open on that side (the pack's general 0-27 applies).
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age))
    if language:
        qs = qs.filter(Exists(Service.languages.through.objects.filter(service=OuterRef("pk"), language__code=language)))
    if region:
        qs = qs.filter(_located_in("commune__canton", region))
    if commune_code:
        qs = qs.filter(_located_in("commune__code", commune_code))
    if free_only:
        qs = qs.filter(cost=Cost.FREE)
    if near is None:
        return qs.order_by("provider__name", "code")
    nearest = (
        ServiceLocation.objects.filter(service=OuterRef("pk"), latitude__isnull=False, longitude__isnull=False)
        .annotate(km=distance_km_expression(near[0], near[1], "latitude", "longitude"))
        .order_by("km")
        .values("km")[:1]
    )
    # Services with no known location cannot be placed on the map: they come last.
    return qs.annotate(distance_km=Subquery(nearest)).order_by(F("distance_km").asc(nulls_last=True), "provider__name", "code")


def directory_search(
    *,
    pack: str,
    query: str = "",
    measure_code: str = "",
    age: int | None = None,
    language: str = "",
    region: str = "",
    commune_code: str = "",
    free_only: bool = False,
    near: tuple[float, float] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> DirectoryPage:
    """One page of services matching every filter given, nearest first when ``near`` is given.

    Offset paging: the catalogue is a few hundred services at most, and the number of queries
    stays the same on every page (count, page, measure types, languages, locations).
    """
    qs = directory_queryset(
        pack=pack,
        query=query,
        measure_code=measure_code,
        age=age,
        language=language,
        region=region,
        commune_code=commune_code,
        free_only=free_only,
        near=near,
    )
    count = qs.count()
    pages = max(1, math.ceil(count / page_size))
    page = min(max(1, page), pages)
    offset = (page - 1) * page_size
    services = []
    if count:
        services = list(
            qs.select_related("provider")
            # A result shows the measure types' names only: their long texts (goals, summaries in
            # four languages) and the provider's description are not decoded for nothing.
            .defer("provider__description", "search_text")
            .prefetch_related(
                Prefetch("measure_types", queryset=MeasureType.objects.only("id", "code", "category", "name", "position")),
                "languages",
                Prefetch("locations", queryset=ServiceLocation.objects.select_related("commune").defer("commune__name_folded")),
            )[offset : offset + page_size]
        )
    if near is None:
        for service in services:
            service.distance_km = None  # type: ignore[attr-defined]
    return DirectoryPage(
        services=services,
        count=count,
        page=page,
        pages=pages,
        near=near,
        page_size=page_size,
        page_numbers=_page_window(page, pages),
    )


def _page_window(page: int, pages: int, around: int = 2) -> list[int]:
    """Page numbers to link: the first, the last and a few around the current one (0 = gap)."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    window: list[int] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(0)
        window.append(number)
    return window


def service_detail(pack: str, code: str) -> Service:
    service = (
        Service.objects.for_pack(pack)
        .filter(code=code)
        .select_related("provider")
        .prefetch_related(
            "measure_types", "languages", Prefetch("locations", queryset=ServiceLocation.objects.select_related("commune"))
        )
        .first()
    )
    if service is None:
        raise Http404
    return service


def languages_offered(pack: str) -> list[Language]:
    offered = Service.languages.through.objects.filter(language=OuterRef("pk"), service__pack=pack)
    return list(Language.objects.filter(Exists(offered)).order_by("code"))


# ---------------------------------------------------------------- offices


def offices_list(pack: str) -> list[Office]:
    """The head office first, then the regional offices by locality."""
    return list(Office.objects.for_pack(pack).select_related("commune").order_by("kind", "locality", "code"))
