"""Public, read-only catalogue endpoints: no personal data."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from openaef.core.i18n import pick
from openaef.core.packs import Pack, get_pack
from openaef.directory import selectors
from openaef.directory.models import MeasureType, Office, Service

from .api import api

router = Router(tags=["directory"])


class MeasureTypeOut(Schema):
    code: str
    category: str
    name: dict[str, str]
    summary: dict[str, str]
    min_age: int | None
    max_age: int | None
    max_duration_months: int | None
    initial_report_with_family: bool


@router.get("/measure-types", response=list[MeasureTypeOut], auth=None)
def list_measure_types(request: HttpRequest) -> list[MeasureType]:
    return list(MeasureType.objects.for_pack(settings.OPENAEF_PACK))


class ProviderOut(Schema):
    code: str
    name: str
    phone: str
    email: str
    website: str


class LocationOut(Schema):
    street: str
    postcode: str
    locality: str
    commune: str | None
    latitude: float | None
    longitude: float | None


class ServiceOut(Schema):
    code: str
    name: dict[str, str]
    provider: ProviderOut
    measure_types: list[str]
    languages: list[str]
    min_age: int | None
    max_age: int | None
    cost: str
    cost_note: dict[str, str]
    phone: str
    locations: list[LocationOut]
    distance_km: float | None


class PlaceOut(Schema):
    commune: str
    name: dict[str, str]
    canton: str


class ServicePageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    place: PlaceOut | None
    results: list[ServiceOut]


class ServiceFilters(Schema):
    q: str = ""
    measure: str = ""
    age: int | None = None
    language: str = ""
    region: str = ""
    commune: str = ""
    free: bool = False
    near: str = ""
    page: int = 1


def _rounded(km: float | None) -> float | None:
    return round(km, 2) if km is not None else None


def _service_out(service: Service) -> dict[str, Any]:
    return {
        "code": service.code,
        "name": service.name,
        "provider": service.provider,
        "measure_types": [m.code for m in service.measure_types.all()],
        "languages": [lang.code for lang in service.languages.all()],
        "min_age": service.min_age,
        "max_age": service.max_age,
        "cost": service.cost,
        "cost_note": service.cost_note,
        "phone": service.contact_phone,
        "locations": [
            {
                "street": loc.street,
                "postcode": loc.postcode,
                "locality": loc.locality,
                "commune": loc.commune.code if loc.commune else None,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
            for loc in service.locations.all()
        ],
        "distance_km": _rounded(getattr(service, "distance_km", None)),
    }


@router.get("/services", response=ServicePageOut, auth=None)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    """Services of the provider directory, with the portal's filters; nearest first with ``near``
    (a commune name or a postcode)."""
    pack = settings.OPENAEF_PACK
    place = None
    if filters.near.strip():
        place = selectors.locate_place(pack, filters.near)
        if place is None:
            raise HttpError(422, "Unknown commune or postcode in 'near'.")
    if filters.age is not None and filters.age < 0:
        raise HttpError(422, "'age' must be 0 or more.")
    result = selectors.directory_services(
        pack,
        selectors.DirectoryFilters(
            query=filters.q,
            measure_code=filters.measure,
            age=filters.age,
            language=filters.language,
            region=filters.region,
            commune_code=filters.commune,
            free_only=filters.free,
            near=(place.latitude, place.longitude) if place else None,
        ),
        page=filters.page,
    )
    return {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "page_size": result.page_size,
        "place": {"commune": place.code, "name": place.name, "canton": place.canton} if place else None,
        "results": [_service_out(service) for service in result.services],
    }


class OfficeOut(Schema):
    code: str
    kind: str
    name: dict[str, str]
    building: str
    street: str
    postcode: str
    locality: str
    commune: str | None
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    appointment: dict[str, str]
    opening_hours: list[dict[str, Any]]

    @staticmethod
    def resolve_commune(obj: Office) -> str | None:
        return obj.commune.code if obj.commune else None


@router.get("/offices", response=list[OfficeOut], auth=None)
def list_offices(request: HttpRequest) -> list[Office]:
    """The head office and the regional offices, with how to get an appointment."""
    return selectors.offices_list(settings.OPENAEF_PACK)


# Stable HSDS identifiers: the same row gets the same UUID on every export and every server.
_HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://openaef.org/hsds")


def _hsds_id(pack: Pack, *parts: object) -> str:
    return str(uuid.uuid5(_HSDS_NAMESPACE, ":".join([pack.code, *map(str, parts)])))


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    """HSDS types fields as strings or numbers, never null: absent values are left out."""
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def _hsds_locations(service: Service, pack: Pack, service_id: str) -> list[dict[str, Any]]:
    rows = []
    for location in service.locations.all():
        location_id = _hsds_id(pack, "location", location.pk)
        address = {
            "id": _hsds_id(pack, "address", location.pk),
            "location_id": location_id,
            "address_1": location.street,
            "city": location.locality,
            "state_province": location.commune.canton if location.commune else "",
            "postal_code": location.postcode,
            "country": pack.country,
            "address_type": "physical",
        }
        place = _without_empty(
            {
                "id": location_id,
                "location_type": "physical",
                "name": str(location),
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
        )
        place["addresses"] = [address]
        rows.append(
            {
                "id": _hsds_id(pack, "service_at_location", location.pk),
                "service_id": service_id,
                "location_id": location_id,
                "location": place,
            }
        )
    return rows


def _hsds_attributes(service: Service, pack: Pack, service_id: str, language: str) -> list[dict[str, Any]]:
    """Measure types as terms of the pack's own taxonomy (HSDS leaves the taxonomy open)."""
    return [
        {
            "id": _hsds_id(pack, "attribute", service.code, measure.code),
            "link_id": service_id,
            "link_entity": "service",
            "link_type": "service_type",
            "taxonomy_term_id": _hsds_id(pack, "measure_type", measure.code),
            "taxonomy_term": _without_empty(
                {
                    "id": _hsds_id(pack, "measure_type", measure.code),
                    "code": measure.code,
                    "name": pick(measure.name, language) or measure.code,
                    "description": pick(measure.summary, language) or pick(measure.name, language) or measure.code,
                    "taxonomy": f"openaef-{pack.code}-measure-types",
                    "language": language,
                }
            ),
        }
        for measure in service.measure_types.all()
    ]


def hsds_service(service: Service, *, pack: Pack, language: str) -> dict[str, Any]:
    """One service as an HSDS 3.0 fully nested service (schema/compiled/service.json)."""
    service_id = _hsds_id(pack, "service", service.code)
    organization_id = _hsds_id(pack, "organization", service.provider.code)
    provider = service.provider
    item = _without_empty(
        {
            "id": service_id,
            "organization_id": organization_id,
            "name": pick(service.name, language) or service.code,
            "description": pick(provider.description, language),
            "status": "active",
            "fees_description": pick(service.cost_note, language),
            "minimum_age": service.min_age,
            "maximum_age": service.max_age,
            "email": provider.email,
            "url": provider.website,
        }
    )
    item["organization"] = _without_empty(
        {
            "id": organization_id,
            "name": provider.name,
            "description": pick(provider.description, language) or provider.name,
            "email": provider.email,
            "website": provider.website,
        }
    )
    phone = service.contact_phone
    item["phones"] = [{"id": _hsds_id(pack, "phone", service.code), "service_id": service_id, "number": phone}] if phone else []
    item["languages"] = [
        {"id": _hsds_id(pack, "language", service.code, lang.code), "service_id": service_id, "code": lang.code}
        for lang in service.languages.all()
    ]
    item["service_at_locations"] = _hsds_locations(service, pack, service_id)
    item["attributes"] = _hsds_attributes(service, pack, service_id, language)
    if service.cost:
        item["cost_options"] = [
            _without_empty(
                {
                    "id": _hsds_id(pack, "cost", service.code),
                    "service_id": service_id,
                    "option": service.cost,
                    "amount_description": pick(service.cost_note, language),
                }
            )
        ]
    return item


@router.get("/hsds/services", auth=None)
def hsds_services(request: HttpRequest, page: int = 1, per_page: int = 50, lang: str = "") -> dict[str, Any]:
    """Open data: the directory's services as Open Referral HSDS 3.0 fully nested services, in
    HSDS' paginated envelope. Texts in ``lang`` (default: the pack's default language)."""
    pack = get_pack()
    language = lang if lang in pack.languages else str(pack.config.get("default_language") or pack.languages[0])
    per_page = min(max(1, per_page), 200)
    result = selectors.directory_services(pack.code, page=page, page_size=per_page)
    contents = [hsds_service(service, pack=pack, language=language) for service in result.services]
    return {
        "total_items": result.count,
        "total_pages": result.pages,
        "page_number": result.page,
        "size": len(contents),
        "first_page": result.page == 1,
        "last_page": result.page == result.pages,
        "empty": result.count == 0,
        "contents": contents,
    }


api.add_router("/directory", router)
