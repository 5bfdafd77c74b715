"""Reads of the public catalogue: measure types, services, offices, places.

Nothing here is personal data, so there is no access check; every function takes the pack
code so that a database holding several packs (demo, tests) never mixes them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

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
class ServiceSummary:
    """What a list of services shows of one: plain values, read without building model instances
    (a results page shows twenty of them; prefetching models costs more than the page's SQL)."""

    id: int
    code: str
    name: dict[str, str]
    provider_name: str
    min_age: int | None
    max_age: int | None
    cost: str
    cost_note: dict[str, str]
    contact_phone: str
    distance_km: float | None = None
    # (code, name per language), in the catalogue's order
    measures: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    language_codes: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    # The earliest "places available from" the provider publishes at any site; None: not published.
    places_from: dt.date | None = None

    @classmethod
    def of(cls, service: Service) -> ServiceSummary:
        """The same summary from a service read with its relations prefetched (its own page)."""
        return cls(
            id=service.pk,
            code=service.code,
            name=service.name,
            provider_name=service.provider.name,
            min_age=service.min_age,
            max_age=service.max_age,
            cost=service.cost,
            cost_note=service.cost_note,
            contact_phone=service.contact_phone,
            distance_km=getattr(service, "distance_km", None),
            measures=[(m.code, m.name) for m in service.measure_types.all()],
            language_codes=[language.code for language in service.languages.all()],
            addresses=[str(location) for location in service.locations.all()],
            places_from=getattr(service, "places_from", None),
        )


@dataclass
class DirectoryPage:
    services: list[Any]  # ServiceSummary (portal) or Service (API)
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


@dataclass(frozen=True)
class DirectoryFilters:
    """Everything a visitor can filter the directory by; empty values filter nothing."""

    query: str = ""
    measure_code: str = ""
    age: int | None = None
    language: str = ""
    region: str = ""
    commune_code: str = ""
    free_only: bool = False
    near: tuple[float, float] | None = None


def places_from_subquery() -> Subquery:
    """The earliest date from which the provider says a place is free at one of the service's
    sites (measures.ServiceCapacity): read in the page's own query, no query of its own."""
    from openaef.measures.models import ServiceCapacity

    return Subquery(
        ServiceCapacity.objects.filter(service=OuterRef("pk"), available_from__isnull=False)
        .order_by("available_from")
        .values("available_from")[:1]
    )


def directory_queryset(pack: str, filters: DirectoryFilters) -> QuerySet[Service]:
    qs: QuerySet[Service] = Service.objects.filter(pack=pack)
    for word in fold(filters.query).split():
        qs = qs.filter(search_text__contains=word)
    if filters.measure_code:
        qs = qs.filter(
            Exists(Service.measure_types.through.objects.filter(service=OuterRef("pk"), measuretype__code=filters.measure_code))
        )
    age = filters.age
    if age is not None:
        # A service with no stated bound is open on that side (the pack's general 0-27 applies).
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age))
    if filters.language:
        qs = qs.filter(Exists(Service.languages.through.objects.filter(service=OuterRef("pk"), language__code=filters.language)))
    if filters.region:
        qs = qs.filter(_located_in("commune__canton", filters.region))
    if filters.commune_code:
        qs = qs.filter(_located_in("commune__code", filters.commune_code))
    if filters.free_only:
        qs = qs.filter(cost=Cost.FREE)
    near = filters.near
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


_SUMMARY_FIELDS = (
    "id",
    "code",
    "name",
    "provider__name",
    "min_age",
    "max_age",
    "cost",
    "cost_note",
    "phone",
    "provider__phone",
    "places_from",
)


def _page_bounds(count: int, page: int, page_size: int) -> tuple[int, int]:
    """The page actually shown (clamped to the last one) and the number of pages."""
    pages = max(1, math.ceil(count / page_size))
    return min(max(1, page), pages), pages


def directory_search(
    pack: str, filters: DirectoryFilters | None = None, *, page: int = 1, page_size: int = PAGE_SIZE
) -> DirectoryPage:
    """One page of the portal's directory: services matching every filter, nearest first when
    ``filters.near`` is given, as plain summaries.

    Offset paging: the catalogue is a few thousand services at most. Five queries on every page
    whatever its number (count, page, measure types, languages, addresses); the places available
    are a subquery of the page's query.
    """
    filters = filters or DirectoryFilters()
    qs = directory_queryset(pack, filters)
    count = qs.count()
    page, pages = _page_bounds(count, page, page_size)
    offset = (page - 1) * page_size
    services: list[Any] = []
    if count:
        fields = (*_SUMMARY_FIELDS, "distance_km") if filters.near else _SUMMARY_FIELDS
        for row in qs.annotate(places_from=places_from_subquery()).values(*fields)[offset : offset + page_size]:
            row["provider_name"] = row.pop("provider__name")
            # A service without a number of its own is reached through its provider's.
            row["contact_phone"] = row.pop("phone") or row.pop("provider__phone")
            row.pop("provider__phone", None)
            services.append(ServiceSummary(**row))
        _attach_relations(services)
    return DirectoryPage(services, count, page, pages, filters.near, page_size, _page_window(page, pages))


def directory_services(
    pack: str, filters: DirectoryFilters | None = None, *, page: int = 1, page_size: int = PAGE_SIZE
) -> DirectoryPage:
    """The same page as model instances with every relation, for the API and the open-data
    export, which give each location's coordinates and commune."""
    filters = filters or DirectoryFilters()
    qs = directory_queryset(pack, filters)
    count = qs.count()
    page, pages = _page_bounds(count, page, page_size)
    offset = (page - 1) * page_size
    services: list[Any] = []
    if count:
        services = list(
            qs.select_related("provider").prefetch_related(
                "measure_types", "languages", Prefetch("locations", queryset=ServiceLocation.objects.select_related("commune"))
            )[offset : offset + page_size]
        )
        if filters.near is None:
            for service in services:
                service.distance_km = None
    return DirectoryPage(services, count, page, pages, filters.near, page_size, _page_window(page, pages))


def _attach_relations(services: list[ServiceSummary]) -> None:
    """Measure types, languages and addresses of a page of services: one query each."""
    by_id = {service.id: service for service in services}
    measure_links = (
        Service.measure_types.through.objects.filter(service_id__in=by_id)
        .order_by("measuretype__position", "measuretype__code")
        .values_list("service_id", "measuretype__code", "measuretype__name")
    )
    for service_id, code, name in measure_links:
        by_id[service_id].measures.append((code, name))
    language_links = (
        Service.languages.through.objects.filter(service_id__in=by_id)
        .order_by("language__code")
        .values_list("service_id", "language__code")
    )
    for service_id, code in language_links:
        by_id[service_id].language_codes.append(code)
    for location in (
        ServiceLocation.objects.filter(service_id__in=by_id).only("service_id", "street", "postcode", "locality").order_by("id")
    ):
        by_id[location.service_id].addresses.append(str(location))


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
        .annotate(places_from=places_from_subquery())
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
