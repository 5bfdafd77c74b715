"""Writing a jurisdiction pack's catalogue to the database.

Loading is idempotent: every row is found by (pack, code) and updated, so running
``manage.py load_pack lu`` again and again never duplicates anything. Rows the pack no longer
lists are kept (requests and cases may point to them) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from openaef.core.geo import haversine_km
from openaef.core.packs import Pack, get_pack
from openaef.core.text import fold

from .models import Commune, Language, MeasureType, Need, Office, OfficeKind, Postcode, Provider, Service, ServiceLocation


@dataclass
class LoadReport:
    pack: str
    counts: dict[str, int] = field(default_factory=dict)
    stale: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"{name}: {count}" for name, count in self.counts.items()]
        out += [f"no longer in the pack (kept): {name} {', '.join(codes)}" for name, codes in self.stale.items() if codes]
        return out


def _texts(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _all_texts(*values: Any) -> str:
    parts: list[str] = []
    for value in values:
        if isinstance(value, dict):
            for text in value.values():
                parts.extend(text if isinstance(text, list) else [str(text or "")])
        elif value:
            parts.append(str(value))
    return fold(" ".join(parts))


def _stale(model: Any, pack: str, codes: set[str]) -> list[str]:
    return sorted(set(model.objects.filter(pack=pack).values_list("code", flat=True)) - codes)


def _load_measure_types(pack: Pack, report: LoadReport) -> dict[str, MeasureType]:
    items = (pack.read("measure_types.yaml") or {}).get("measure_types", [])
    result = {}
    for position, item in enumerate(items):
        obj, _ = MeasureType.objects.update_or_create(
            pack=pack.code,
            code=item["code"],
            defaults={
                "category": item["category"],
                "name": _texts(item["name"]),
                "summary": _texts(item.get("summary")),
                "goals": _texts(item.get("goals")),
                "for_whom": _texts(item.get("for_whom")),
                "min_age": item.get("min_age"),
                "max_age": item.get("max_age"),
                "max_duration_months": item.get("max_duration_months"),
                "initial_report_with_family": bool(item.get("initial_report_with_family")),
                "requires_coordinator": bool(item.get("requires_coordinator", True)),
                "source": str(item.get("source") or "")[:200],
                "position": position,
            },
        )
        result[obj.code] = obj
    report.counts["measure types"] = len(result)
    report.stale["measure types"] = _stale(MeasureType, pack.code, set(result))
    return result


def _load_needs(pack: Pack, measure_types: dict[str, MeasureType], report: LoadReport) -> None:
    items = (pack.read("needs.yaml") or {}).get("needs", [])
    codes = set()
    for position, item in enumerate(items):
        need, _ = Need.objects.update_or_create(
            pack=pack.code,
            code=item["code"],
            defaults={"label": _texts(item["label"]), "hint": _texts(item.get("hint")), "position": position},
        )
        need.measure_types.set([measure_types[code] for code in item.get("measure_types") or []])
        codes.add(need.code)
    report.counts["needs"] = len(codes)
    report.stale["needs"] = _stale(Need, pack.code, codes)


def _load_communes(pack: Pack, report: LoadReport) -> dict[str, Commune]:
    data = pack.read("communes.yaml") or {}
    communes = {}
    postcodes: dict[str, Commune] = {}
    for item in data.get("communes", []):
        names = _texts(item["name"])
        commune, _ = Commune.objects.update_or_create(
            pack=pack.code,
            code=item["code"],
            defaults={
                "name": names,
                "name_folded": _all_texts(names),
                "canton": item.get("canton") or "",
                "latitude": float(item["lat"]),
                "longitude": float(item["lon"]),
            },
        )
        communes[commune.code] = commune
        for code in item.get("postcodes") or []:
            postcodes[str(code)] = commune
    existing = {p.code: p for p in Postcode.objects.filter(pack=pack.code)}
    Postcode.objects.filter(pack=pack.code).exclude(code__in=postcodes).delete()
    Postcode.objects.bulk_create(
        [Postcode(pack=pack.code, code=code, commune=commune) for code, commune in postcodes.items() if code not in existing]
    )
    moved = []
    for code, current in existing.items():
        commune = postcodes.get(code)
        if commune is not None and current.commune_id != commune.pk:
            current.commune = commune
            moved.append(current)
    Postcode.objects.bulk_update(moved, ["commune"])
    report.counts["communes"] = len(communes)
    report.counts["postcodes"] = len(postcodes)
    report.stale["communes"] = _stale(Commune, pack.code, set(communes))
    return communes


def _load_offices(pack: Pack, communes: dict[str, Commune], report: LoadReport) -> dict[str, Office]:
    items = (pack.read("offices.yaml") or {}).get("offices", [])
    offices = {}
    for item in items:
        office, _ = Office.objects.update_or_create(
            pack=pack.code,
            code=item["code"],
            defaults={
                "kind": item["kind"],
                "name": _texts(item["name"]),
                "building": item.get("building") or "",
                "street": item.get("street") or "",
                "postcode": str(item.get("postcode") or ""),
                "locality": item.get("locality") or "",
                "commune": communes.get(item.get("commune") or ""),
                "latitude": item.get("lat"),
                "longitude": item.get("lon"),
                "phone": item.get("phone") or "",
                "email": item.get("email") or "",
                "appointment": _texts(item.get("appointment")),
                "opening_hours": list(item.get("opening_hours") or []),
                "source": str(item.get("source") or "")[:200],
            },
        )
        offices[office.code] = office
    report.counts["offices"] = len(offices)
    report.stale["offices"] = _stale(Office, pack.code, set(offices))
    return offices


def _assign_communes_to_offices(pack: Pack, communes: dict[str, Commune], offices: dict[str, Office]) -> None:
    """Each commune is served by the nearest regional office, unless the pack names one."""
    named = {item["code"]: item.get("office") for item in (pack.read("communes.yaml") or {}).get("communes", [])}
    regional = [o for o in offices.values() if o.kind == OfficeKind.REGIONAL and o.latitude is not None]
    for commune in communes.values():
        office = offices.get(named.get(commune.code) or "")
        if office is None and regional:
            office = min(regional, key=lambda o: haversine_km(commune.latitude, commune.longitude, o.latitude, o.longitude))
        if office is not None and commune.office_id != office.pk:
            commune.office = office
            commune.save(update_fields=["office"])


def _load_providers(pack: Pack, measure_types: dict[str, MeasureType], communes: dict[str, Commune], report: LoadReport) -> None:
    items = (pack.read("providers.yaml") or {}).get("providers", [])
    languages = {lang.code: lang for lang in Language.objects.all()}
    provider_codes, service_codes = set(), set()
    for item in items:
        provider, _ = Provider.objects.update_or_create(
            pack=pack.code,
            code=item["code"],
            defaults={
                "name": item["name"],
                "description": _texts(item.get("description")),
                "phone": item.get("phone") or "",
                "email": item.get("email") or "",
                "website": item.get("website") or "",
                "source": str(item.get("source") or "")[:200],
            },
        )
        provider_codes.add(provider.code)
        for service_item in item.get("services") or []:
            service, _ = Service.objects.update_or_create(
                pack=pack.code,
                code=service_item["code"],
                defaults={
                    "provider": provider,
                    "name": _texts(service_item["name"]),
                    "min_age": service_item.get("min_age"),
                    "max_age": service_item.get("max_age"),
                    "cost": service_item.get("cost") or "",
                    "cost_note": _texts(service_item.get("cost_note")),
                    "phone": service_item.get("phone") or "",
                    "source": str(service_item.get("source") or "")[:200],
                    "search_text": _all_texts(
                        service_item["name"], provider.name, item.get("description"), service_item.get("cost_note")
                    ),
                },
            )
            service_codes.add(service.code)
            types = [measure_types[code] for code in service_item.get("measure_types") or []]
            service.measure_types.set(types)
            service.search_text = " ".join([service.search_text, *(_all_texts(t.name) for t in types)])
            service.save(update_fields=["search_text"])
            for code in service_item.get("languages") or []:
                if code not in languages:
                    languages[code] = Language.objects.create(code=code)
            service.languages.set([languages[code] for code in service_item.get("languages") or []])
            _load_locations(service, service_item.get("locations") or [], communes)
    report.counts["providers"] = len(provider_codes)
    report.counts["services"] = len(service_codes)
    report.stale["providers"] = _stale(Provider, pack.code, provider_codes)
    report.stale["services"] = _stale(Service, pack.code, service_codes)


def _load_locations(service: Service, items: list[dict[str, Any]], communes: dict[str, Commune]) -> None:
    """The service's sites, matched on their address (street, postcode, locality) and updated in
    place: measures, referrals, capacities and placement stays point at them, so a reload must
    neither replace a site nor move one to another address. A site the pack no longer lists is
    removed only when nothing points at it (then it is kept)."""
    existing = {(site.street, site.postcode, site.locality): site for site in service.locations.order_by("id")}
    listed = set()
    for location in items:
        key = (location.get("street") or "", str(location.get("postcode") or ""), location.get("locality") or "")
        listed.add(key)
        values = {
            "commune": communes.get(location.get("commune") or ""),
            "latitude": location.get("lat"),
            "longitude": location.get("lon"),
        }
        site = existing.get(key)
        if site is None:
            ServiceLocation.objects.create(service=service, street=key[0], postcode=key[1], locality=key[2], **values)
            continue
        for name, value in values.items():
            setattr(site, name, value)
        site.save()
    for key, site in existing.items():
        if key in listed or site.capacities.exists():  # a capacity row would go with it (CASCADE)
            continue
        try:
            with transaction.atomic():
                site.delete()
        except ProtectedError:
            continue


def pack_load(code: str) -> LoadReport:
    """Loads (or updates) the catalogue of pack ``code`` in one transaction."""
    pack = get_pack(code)
    report = LoadReport(pack=code)
    with transaction.atomic():
        for lang in pack.languages:
            Language.objects.get_or_create(code=lang)
        measure_types = _load_measure_types(pack, report)
        _load_needs(pack, measure_types, report)
        communes = _load_communes(pack, report)
        offices = _load_offices(pack, communes, report)
        _assign_communes_to_offices(pack, communes, offices)
        _load_providers(pack, measure_types, communes, report)
    from .selectors import filter_choices_forget

    filter_choices_forget(code)
    return report
